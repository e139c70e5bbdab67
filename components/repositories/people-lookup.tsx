'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/input';
import { browseKeys, fetchLookup } from '@/lib/queries/browse';
import { formatExact } from '@/lib/tags/format';
import { ApiErrorAlert } from './api-error';

type Kind = 'auto' | 'user' | 'organization';

/** Look up a Docker Hub user or organisation through a chosen instance; the query lives in the URL. */
export function PeopleLookup({ instances }: { instances: Array<{ id: string; name: string }> }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlInstance = searchParams.get('instance');
  const instanceId = instances.some((i) => i.id === urlInstance) ? (urlInstance ?? '') : (instances[0]?.id ?? '');
  const name = (searchParams.get('name') ?? '').trim();
  const kindParam = searchParams.get('kind');
  const kind: Kind = kindParam === 'user' || kindParam === 'organization' ? kindParam : 'auto';
  const [draft, setDraft] = useState({ instanceId, name, kind });

  const query = useQuery({
    queryKey: browseKeys.lookup(instanceId, name.toLowerCase(), kind),
    queryFn: ({ signal }) => fetchLookup(instanceId, name, kind, { signal }),
    enabled: instanceId !== '' && name !== '',
    staleTime: 5 * 60_000,
    retry: false,
  });

  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    const qs = new URLSearchParams({ instance: draft.instanceId, name: draft.name.trim() });
    if (draft.kind !== 'auto') qs.set('kind', draft.kind);
    router.replace(`${pathname}?${qs.toString()}`, { scroll: false });
  };

  const a = query.data;
  return (
    <div className="max-w-3xl space-y-5">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
        <div className="w-56 grow">
          <label htmlFor="lookup-name" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Docker ID or organization
          </label>
          <Input id="lookup-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="e.g. docker" autoComplete="off" spellCheck={false} required />
        </div>
        <div className="w-52">
          <label htmlFor="lookup-kind" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Look for
          </label>
          <Select id="lookup-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}>
            <option value="auto">User or organization</option>
            <option value="user">User</option>
            <option value="organization">Organization</option>
          </Select>
        </div>
        <div className="w-48">
          <label htmlFor="lookup-instance" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Through instance
          </label>
          <Select id="lookup-instance" value={draft.instanceId} onChange={(e) => setDraft({ ...draft, instanceId: e.target.value })}>
            {instances.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" loading={query.isFetching}>
          Look up
        </Button>
      </form>

      {name === '' ? null : query.isError ? (
        <ApiErrorAlert error={query.error} title={`Could not look up “${name}”`} />
      ) : a ? (
        <article className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800" data-testid="lookup-result">
          <div className="flex items-start gap-4">
            {a.gravatarUrl ? (
              // eslint-disable-next-line @next/next/no-img-element -- a remote avatar of unknown size; CSP may block it, the alt text stays.
              <img src={a.gravatarUrl} alt="" className="size-14 rounded-full bg-zinc-100" referrerPolicy="no-referrer" />
            ) : (
              <div className="flex size-14 items-center justify-center rounded-full bg-indigo-100 text-xl font-semibold text-indigo-700 dark:bg-indigo-400/15 dark:text-indigo-200">
                {a.name.charAt(0).toUpperCase()}
              </div>
            )}
            <div className="min-w-0">
              <h2 className="flex items-center gap-2 text-lg font-semibold text-zinc-900 dark:text-zinc-100">
                <span data-testid="lookup-name">{a.fullName ?? a.name}</span>
                <Badge variant={a.kind === 'organization' ? 'accent' : 'info'} data-testid="lookup-kind">
                  {a.kind === 'organization' ? 'Organization' : 'User'}
                </Badge>
              </h2>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{a.name}</p>
            </div>
          </div>
          <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-xs text-zinc-500">Type</dt>
              <dd>{a.type ?? '—'}</dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500">Company</dt>
              <dd data-testid="lookup-company">{a.company ?? '—'}</dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500">Location</dt>
              <dd data-testid="lookup-location">{a.location ?? '—'}</dd>
            </div>
            <div>
              <dt className="text-xs text-zinc-500">Joined</dt>
              <dd>{a.joined === null ? '—' : <span title={formatExact(a.joined)}>{formatExact(a.joined).slice(0, 10)}</span>}</dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-xs text-zinc-500">Profile</dt>
              <dd>
                <a href={a.profileUrl} target="_blank" rel="noopener noreferrer" className="text-indigo-700 underline dark:text-indigo-300" data-testid="lookup-profile">
                  {a.profileUrl}
                </a>
              </dd>
            </div>
          </dl>
          <p className="mt-4 text-xs text-zinc-500">Read through instance {a.instanceName}.</p>
        </article>
      ) : query.isFetching ? (
        <p className="text-sm text-zinc-500">Asking Docker Hub…</p>
      ) : null}
    </div>
  );
}
