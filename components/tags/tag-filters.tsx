'use client';

import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { shortDigest } from '@/lib/tags/digest-groups';
import type { NameMatcher } from '@/lib/tags/name-filter';
import { EMPTY_TAG_VIEW, type ResolvedTagView, type TagViewState } from '@/lib/tags/view-state';

const KIND_HINT: Record<string, string> = {
  all: 'Substring, glob (v1.*, pr-?, {a,b}) or /regex/',
  substring: 'Matching any part of the name',
  glob: 'Glob: * any text, ? one character, [abc], {a,b}',
  regex: 'Regular expression',
};

/** The filter bar above the tags table; every field combines with the others (AND). */
export function TagFilterBar({
  view,
  onChange,
  nameCheck,
  dateErrors,
  architectures,
  sharedTagCount,
  disabled,
}: {
  view: TagViewState;
  onChange: (next: TagViewState) => void;
  nameCheck: NameMatcher;
  dateErrors: ResolvedTagView['errors'];
  architectures: Array<{ architecture: string; count: number }>;
  sharedTagCount: number;
  disabled?: boolean;
}) {
  const id = useId();
  const set = <K extends keyof TagViewState>(key: K, value: TagViewState[K]): void => onChange({ ...view, [key]: value });
  const toggleArch = (arch: string): void => {
    const has = view.architectures.includes(arch);
    set('architectures', has ? view.architectures.filter((a) => a !== arch) : [...view.architectures, arch].sort());
  };
  const isFiltered =
    view.name.trim() !== '' ||
    view.pushedAfter.trim() !== '' ||
    view.pushedBefore.trim() !== '' ||
    view.pulledBefore.trim() !== '' ||
    view.neverPulled ||
    view.architectures.length > 0 ||
    view.sharedDigest ||
    view.digest.trim() !== '';
  const nameError = nameCheck.ok ? null : nameCheck.error;
  const label = 'mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400';
  const dateHint = '30d, 12h, 2w, 1y or 2025-01-31 (UTC)';

  return (
    <fieldset disabled={disabled} className="space-y-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
      <legend className="sr-only">Filter tags</legend>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-name`} className={label}>
            Tag name
          </label>
          <Input
            id={`${id}-name`}
            data-testid="tag-name-filter"
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder="v1.*, /^pr-\d+$/ or latest"
            value={view.name}
            onChange={(e) => set('name', e.target.value)}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={`${id}-name-hint`}
          />
          <p id={`${id}-name-hint`} className={nameError ? 'mt-1 text-xs text-red-600 dark:text-red-400' : 'mt-1 text-xs text-zinc-500 dark:text-zinc-400'} role={nameError ? 'alert' : undefined} data-testid={nameError ? 'tag-filter-error' : undefined}>
            {nameError ?? KIND_HINT[nameCheck.kind]}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-pushed-after`} className={label}>
            Pushed after
          </label>
          <Input
            id={`${id}-pushed-after`}
            data-testid="pushed-after"
            placeholder="e.g. 7d"
            value={view.pushedAfter}
            onChange={(e) => set('pushedAfter', e.target.value)}
            aria-invalid={dateErrors.pushedAfter ? true : undefined}
            title={dateHint}
          />
          {dateErrors.pushedAfter ? <p className="mt-1 text-xs text-red-600 dark:text-red-400">{dateErrors.pushedAfter}</p> : null}
        </div>
        <div>
          <label htmlFor={`${id}-pushed-before`} className={label}>
            Pushed before
          </label>
          <Input
            id={`${id}-pushed-before`}
            data-testid="pushed-before"
            placeholder="e.g. 90d = older than 90 days"
            value={view.pushedBefore}
            onChange={(e) => set('pushedBefore', e.target.value)}
            aria-invalid={dateErrors.pushedBefore ? true : undefined}
            title={dateHint}
          />
          {dateErrors.pushedBefore ? <p className="mt-1 text-xs text-red-600 dark:text-red-400">{dateErrors.pushedBefore}</p> : null}
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-x-5 gap-y-3">
        <div className="w-52">
          <label htmlFor={`${id}-pulled-before`} className={label}>
            Last pulled before
          </label>
          <Input
            id={`${id}-pulled-before`}
            data-testid="pulled-before"
            placeholder="e.g. 30d or 2025-01-31"
            value={view.pulledBefore}
            onChange={(e) => set('pulledBefore', e.target.value)}
            aria-invalid={dateErrors.pulledBefore ? true : undefined}
            title={dateHint}
          />
          {dateErrors.pulledBefore ? <p className="mt-1 text-xs text-red-600 dark:text-red-400">{dateErrors.pulledBefore}</p> : null}
        </div>
        <label className="flex h-9 items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-indigo-600" data-testid="never-pulled" checked={view.neverPulled} onChange={(e) => set('neverPulled', e.target.checked)} />
          {view.pulledBefore.trim() !== '' ? 'or never pulled' : 'Never pulled'}
        </label>
        <label className="flex h-9 items-center gap-2 text-sm" title="Tags that point at the same image as another tag: deleting one of them frees no storage.">
          <input type="checkbox" className="size-4 accent-indigo-600" data-testid="shared-digest-filter" checked={view.sharedDigest} onChange={(e) => set('sharedDigest', e.target.checked)} />
          Shares its digest with another tag <span className="text-xs text-zinc-500">({sharedTagCount})</span>
        </label>
        {architectures.length > 0 ? (
          <details className="relative">
            <summary className="flex h-9 cursor-pointer list-none items-center gap-1 rounded-md px-3 text-sm ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50 dark:ring-zinc-700 dark:hover:bg-zinc-800" data-testid="arch-filter">
              Architecture{view.architectures.length > 0 ? `: ${view.architectures.length} chosen` : ''} ▾
            </summary>
            <div className="absolute z-20 mt-1 max-h-72 w-64 overflow-y-auto rounded-md bg-white p-2 shadow-lg ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-700">
              {architectures.map(({ architecture, count }) => (
                <label key={architecture} className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800">
                  <input type="checkbox" className="size-4 accent-indigo-600" checked={view.architectures.includes(architecture)} onChange={() => toggleArch(architecture)} />
                  <span className="flex-1 font-mono text-xs">{architecture}</span>
                  <span className="text-xs text-zinc-500">{count}</span>
                </label>
              ))}
            </div>
          </details>
        ) : null}
        {view.digest.trim() !== '' ? (
          <span className="inline-flex h-9 items-center gap-2 rounded-md bg-indigo-50 px-3 text-sm text-indigo-900 dark:bg-indigo-400/10 dark:text-indigo-200" data-testid="digest-filter">
            Digest {shortDigest(view.digest.trim()) || view.digest}
            <button type="button" aria-label="Remove the digest filter" onClick={() => set('digest', '')} className="font-semibold">
              ×
            </button>
          </span>
        ) : null}
        {isFiltered ? (
          <Button variant="ghost" size="sm" className="ml-auto" onClick={() => onChange({ ...EMPTY_TAG_VIEW, sort: view.sort })}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}
