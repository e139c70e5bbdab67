'use client';

import { memo, useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { RelativeTime } from '@/components/repositories/relative-time';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { buildDigestIndex, type DigestGroup, type DigestIndex } from '@/lib/tags/digest-groups';
import { architectureCounts, filterTags } from '@/lib/tags/filter';
import { formatBytes, formatCount } from '@/lib/tags/format';
import { compileNameFilter } from '@/lib/tags/name-filter';
import { applySelectionClick, pruneSelection, selectAllMatching } from '@/lib/tags/selection';
import { defaultDirection, sortTags } from '@/lib/tags/sort';
import type { TagRow, TagSortKey } from '@/lib/tags/types';
import { EMPTY_TAG_VIEW, resolveTagView, type TagViewState } from '@/lib/tags/view-state';
import { DigestCell, groupColour } from './digest-cell';
import { TagFilterBar } from './tag-filters';

const ROW_HEIGHT = 40;

/** What the toolbar slot gets: the selection and the rows the filter currently shows. */
export interface TagsToolbarContext {
  /** Selected tags (in table order), including any the current filter hides. */
  selected: TagRow[];
  /** Tags matching the current filter, in table order. */
  filtered: TagRow[];
  /** Every tag of the repository. */
  all: readonly TagRow[];
  digestIndex: DigestIndex;
  clearSelection: () => void;
  /** Replaces the selection (e.g. after some tags were handed to a deletion request). */
  setSelection: (names: Iterable<string>) => void;
}

export interface TagsTableProps {
  /** Every tag of the repository (the table filters and sorts them itself). */
  tags: readonly TagRow[];
  /** Controlled filters and sort; leave out to let the table keep its own (starting at `defaultView`). */
  view?: TagViewState;
  onViewChange?: (view: TagViewState) => void;
  defaultView?: TagViewState;
  /** Called with the selected tags (table order) whenever the selection changes. */
  onSelectionChange?: (selected: TagRow[]) => void;
  /** Rendered in the bar above the rows, next to the selection summary (e.g. a "Request deletion" button). */
  toolbar?: ReactNode | ((ctx: TagsToolbarContext) => ReactNode);
  /** Row checkboxes, shift-click ranges and "select all matching" (default true). */
  selectable?: boolean;
  /** Whether a tag may be selected; return a string to explain why not (shown on hover). */
  canSelect?: (tag: TagRow) => true | string;
  /** Extra markers after a tag's name (e.g. "protected", "deletion pending"). */
  renderNameExtra?: (tag: TagRow) => ReactNode;
  /** Most height of the scrolling row area (CSS length or px); shorter lists take only what they need. */
  height?: number | string;
  /** Reference time for relative date filters such as "30d" (default: when the table mounted). */
  now?: number;
  /** Shown instead of rows when the repository has no tags. */
  emptyMessage?: ReactNode;
}

const COLUMNS: Array<{ key: TagSortKey; label: string; className?: string; width: string }> = [
  { key: 'name', label: 'Tag', width: 'minmax(10rem,2.2fr)' },
  { key: 'digest', label: 'Digest', width: 'minmax(9rem,1.3fr)' },
  { key: 'architectures', label: 'Architectures', width: 'minmax(8rem,1.4fr)' },
  { key: 'size', label: 'Size', className: 'justify-end text-right', width: 'minmax(5rem,0.7fr)' },
  { key: 'lastPushed', label: 'Last pushed', width: 'minmax(7rem,1fr)' },
  { key: 'lastPulled', label: 'Last pulled', width: 'minmax(7rem,1fr)' },
  { key: 'status', label: 'Status', width: 'minmax(5rem,0.7fr)' },
];

function shortArch(a: string): string {
  return a.startsWith('linux/') ? a.slice(6) : a;
}

/**
 * The tags table: filters that combine (name substring/glob/regex, pushed and pulled dates, never
 * pulled, architecture, shared digest), sorting on every column, row selection with shift-click
 * ranges and "select all matching", tags sharing a digest marked in one colour. Rows are
 * virtualised; filtering and sorting are memoised and deferred so typing stays responsive with
 * 10,000 tags.
 */
export function TagsTable({
  tags,
  view: controlledView,
  onViewChange,
  defaultView = EMPTY_TAG_VIEW,
  onSelectionChange,
  toolbar,
  selectable = true,
  canSelect,
  renderNameExtra,
  height = 'min(70vh, 640px)',
  now: nowProp,
  emptyMessage,
}: TagsTableProps) {
  const [ownView, setOwnView] = useState<TagViewState>(defaultView);
  const view = controlledView ?? ownView;
  const setView = useCallback(
    (next: TagViewState) => {
      if (controlledView === undefined) setOwnView(next);
      onViewChange?.(next);
    },
    [controlledView, onViewChange],
  );
  const [mountedAt] = useState(() => Date.now());
  const now = nowProp ?? mountedAt;

  // Heavy work follows the deferred view: the inputs update at once, the rows a moment later.
  const deferredView = useDeferredValue(view);
  const digestIndex = useMemo(() => buildDigestIndex(tags), [tags]);
  const archFacets = useMemo(() => architectureCounts(tags), [tags]);
  const sorted = useMemo(() => sortTags(tags, deferredView.sort), [tags, deferredView.sort]);
  const resolved = useMemo(() => resolveTagView(deferredView, now), [deferredView, now]);
  const result = useMemo(() => filterTags(sorted, resolved.filter, digestIndex), [sorted, resolved.filter, digestIndex]);
  const rows = result.rows;
  const liveNameCheck = useMemo(() => compileNameFilter(view.name), [view.name]);
  const liveDateErrors = useMemo(() => resolveTagView(view, now).errors, [view, now]);
  const stale = deferredView !== view;

  // Selection (names), pruned when the tag list is reloaded.
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  useEffect(() => {
    setSelected((prev) => {
      if (prev.size === 0) return prev;
      const next = pruneSelection(prev, new Set(tags.map((t) => t.name)));
      return next.size === prev.size ? prev : next;
    });
  }, [tags]);
  const selectedRows = useMemo(() => (selected.size === 0 ? [] : sorted.filter((t) => selected.has(t.name))), [sorted, selected]);
  const onSelectionChangeRef = useRef(onSelectionChange);
  useEffect(() => {
    onSelectionChangeRef.current = onSelectionChange;
  }, [onSelectionChange]);
  useEffect(() => {
    onSelectionChangeRef.current?.(selectedRows);
  }, [selectedRows]);

  const selectableNames = useCallback(
    (list: readonly TagRow[]) => (canSelect === undefined ? list.map((t) => t.name) : list.filter((t) => canSelect(t) === true).map((t) => t.name)),
    [canSelect],
  );
  const visibleNames = useMemo(() => rows.map((t) => t.name), [rows]);
  const matchingSelectable = useMemo(() => selectableNames(rows), [rows, selectableNames]);
  const matchingSelectableSet = useMemo(() => new Set(matchingSelectable), [matchingSelectable]);
  const selectedMatching = useMemo(() => {
    let n = 0;
    for (const name of matchingSelectable) if (selected.has(name)) n += 1;
    return n;
  }, [matchingSelectable, selected]);
  const allMatchingSelected = matchingSelectable.length > 0 && selectedMatching === matchingSelectable.length;

  const clickRow = (tag: TagRow, shift: boolean): void => {
    const order = canSelect === undefined ? visibleNames : visibleNames.filter((n) => matchingSelectableSet.has(n));
    // Read the anchor now: the state updater runs later, after the anchor has moved.
    const from = anchor.current;
    setSelected((prev) => applySelectionClick(prev, order, tag.name, from, shift));
    anchor.current = tag.name;
  };
  const toggleAllMatching = (): void => {
    if (allMatchingSelected) {
      setSelected((prev) => new Set([...prev].filter((n) => !matchingSelectableSet.has(n))));
    } else {
      setSelected((prev) => selectAllMatching(prev, matchingSelectable));
    }
  };
  const clearSelection = useCallback(() => setSelected(new Set()), []);
  const setSelection = useCallback((names: Iterable<string>) => setSelected(new Set(names)), []);

  const sortBy = (key: TagSortKey): void => {
    const direction = view.sort.key === key ? (view.sort.direction === 'asc' ? 'desc' : 'asc') : defaultDirection(key);
    setView({ ...view, sort: { key, direction } });
  };
  const showGroup = (digest: string): void => setView({ ...view, digest, sharedDigest: false });
  // Stable handlers for the memoised rows, always calling the latest closures.
  const handlers = useRef({ clickRow, showGroup });
  useLayoutEffect(() => {
    handlers.current = { clickRow, showGroup };
  });
  const onRowToggle = useCallback((tag: TagRow, shift: boolean) => handlers.current.clickRow(tag, shift), []);
  const onShowGroup = useCallback((digest: string) => handlers.current.showGroup(digest), []);

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions are read during render on purpose.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  // Back to the top when the filter or sort changes what is listed.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resolved, deferredView.sort]);

  const toolbarCtx: TagsToolbarContext = { selected: selectedRows, filtered: rows, all: tags, digestIndex, clearSelection, setSelection };
  const gridTemplate = `${selectable ? '2.5rem ' : ''}${COLUMNS.map((c) => c.width).join(' ')}`;
  const hiddenSelected = selected.size - selectedMatching;

  return (
    <div
      className="space-y-3"
      data-testid="tags-table"
      // Read by the e2e specs and bench/browse.ts: which name filter the listed rows reflect.
      data-applied-filter={deferredView.name}
      data-row-count={rows.length}
      data-tag-total={tags.length}
    >
      <TagFilterBar
        view={view}
        onChange={setView}
        nameCheck={liveNameCheck}
        dateErrors={liveDateErrors}
        architectures={archFacets}
        sharedTagCount={digestIndex.sharedTagCount}
      />

      <div className="flex min-h-9 flex-wrap items-center gap-3 text-sm">
        <p className="text-zinc-700 dark:text-zinc-300" aria-live="polite" data-testid="tag-count">
          {rows.length === tags.length ? (
            <>
              <span className="font-semibold tabular-nums">{formatCount(tags.length)}</span> tags
            </>
          ) : (
            <>
              <span className="font-semibold tabular-nums">{formatCount(rows.length)}</span> of {formatCount(tags.length)} tags match
            </>
          )}
          {stale ? <span className="ml-2 text-xs text-zinc-400">updating…</span> : null}
        </p>
        {selectable && selected.size > 0 ? (
          <p className="flex flex-wrap items-center gap-2 rounded-md bg-indigo-50 px-2.5 py-1 text-indigo-900 dark:bg-indigo-400/10 dark:text-indigo-100" data-testid="selection-summary">
            <span>
              <span className="font-semibold tabular-nums">{formatCount(selected.size)}</span> selected
              {hiddenSelected > 0 ? ` (${formatCount(hiddenSelected)} hidden by the filter)` : ''}
            </span>
            {!allMatchingSelected && matchingSelectable.length > selectedMatching ? (
              <button type="button" className="font-medium underline" onClick={() => setSelected((prev) => selectAllMatching(prev, matchingSelectable))}>
                Select all {formatCount(matchingSelectable.length)} matching
              </button>
            ) : null}
            <button type="button" className="font-medium underline" onClick={clearSelection}>
              Clear selection
            </button>
          </p>
        ) : null}
        <div className="ml-auto flex items-center gap-2">{typeof toolbar === 'function' ? toolbar(toolbarCtx) : toolbar}</div>
      </div>

      {!result.ok ? (
        <p className="text-sm text-zinc-500">The name filter is ignored until it is fixed; all other filters still apply.</p>
      ) : null}

      <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
        <div ref={scrollRef} className="overflow-auto" style={{ maxHeight: height }} role="table" aria-label="Tags" aria-rowcount={rows.length + 1}>
          <div className="min-w-[58rem]">
            <div
              role="row"
              className="sticky top-0 z-10 grid items-center border-b border-zinc-200 bg-zinc-50 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
              style={{ gridTemplateColumns: gridTemplate, height: ROW_HEIGHT }}
            >
              {selectable ? (
                <div role="columnheader" className="flex justify-center">
                  <input
                    type="checkbox"
                    className="size-4 accent-indigo-600"
                    aria-label={allMatchingSelected ? 'Deselect all matching tags' : 'Select all tags matching the filter'}
                    data-testid="select-all"
                    checked={allMatchingSelected}
                    ref={(el) => {
                      if (el) el.indeterminate = selectedMatching > 0 && !allMatchingSelected;
                    }}
                    onChange={toggleAllMatching}
                    disabled={matchingSelectable.length === 0}
                  />
                </div>
              ) : null}
              {COLUMNS.map((c) => {
                const active = view.sort.key === c.key;
                return (
                  <div key={c.key} role="columnheader" aria-sort={active ? (view.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'} className={cn('flex px-3', c.className)}>
                    <button type="button" onClick={() => sortBy(c.key)} className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-white" data-testid={`sort-${c.key}`}>
                      {c.label}
                      <span aria-hidden="true" className={active ? '' : 'opacity-30'}>
                        {active && view.sort.direction === 'asc' ? '↑' : '↓'}
                      </span>
                    </button>
                  </div>
                );
              })}
            </div>

            {tags.length === 0 ? (
              <div className="px-4 py-10 text-center text-sm text-zinc-600 dark:text-zinc-400">{emptyMessage ?? 'This repository has no tags.'}</div>
            ) : rows.length === 0 ? (
              <div className="px-4 py-10 text-center text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-matching-tags">
                No tags match these filters.
              </div>
            ) : (
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const tag = rows[item.index];
                  if (tag === undefined) return null;
                  return (
                    <TagRowView
                      key={tag.name}
                      tag={tag}
                      index={item.index}
                      start={item.start}
                      gridTemplate={gridTemplate}
                      selectable={selectable}
                      isSelected={selected.has(tag.name)}
                      allowed={canSelect === undefined ? true : canSelect(tag)}
                      group={tag.digest === null ? undefined : digestIndex.shared.get(tag.digest)}
                      onToggle={onRowToggle}
                      onShowGroup={onShowGroup}
                      renderNameExtra={renderNameExtra}
                    />
                  );
                })}
              </div>
            )}
          </div>
        </div>
      </div>
      {digestIndex.sharedTagCount > 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          A coloured bar and ×N mark tags that point at the same image: deleting one of them frees no storage while another still points at it.
        </p>
      ) : null}
    </div>
  );
}

interface TagRowViewProps {
  tag: TagRow;
  index: number;
  start: number;
  gridTemplate: string;
  selectable: boolean;
  isSelected: boolean;
  allowed: true | string;
  group: DigestGroup | undefined;
  onToggle: (tag: TagRow, shift: boolean) => void;
  onShowGroup: (digest: string) => void;
  renderNameExtra: ((tag: TagRow) => ReactNode) | undefined;
}

// Memoised: typing in the filter re-renders the table twice (urgent, then deferred); rows whose
// props did not change skip both.
const TagRowView = memo(function TagRowView({ tag, index, start, gridTemplate, selectable, isSelected, allowed, group, onToggle, onShowGroup, renderNameExtra }: TagRowViewProps) {
  const colour = groupColour(group);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selectable ? isSelected : undefined}
      data-testid="tag-row"
      data-tag={tag.name}
      className={cn(
        'absolute inset-x-0 grid items-center border-b border-zinc-100 text-sm dark:border-zinc-800/70',
        isSelected ? 'bg-indigo-50/70 dark:bg-indigo-400/10' : 'hover:bg-zinc-50 dark:hover:bg-zinc-800/40',
        colour?.bar,
      )}
      style={{ gridTemplateColumns: gridTemplate, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
    >
      {selectable ? (
        <div role="cell" className="flex justify-center">
          <input
            type="checkbox"
            className="size-4 accent-indigo-600"
            aria-label={`Select ${tag.name}`}
            checked={isSelected}
            disabled={allowed !== true && !isSelected}
            title={allowed === true ? 'Shift-click to select a range' : allowed}
            onChange={() => {}}
            onClick={(e) => onToggle(tag, e.shiftKey)}
          />
        </div>
      ) : null}
      <div role="cell" className="flex min-w-0 items-center gap-1.5 px-3">
        <span className="truncate font-medium text-zinc-900 dark:text-zinc-100" title={tag.name}>
          {tag.name}
        </span>
        {renderNameExtra?.(tag)}
      </div>
      <div role="cell" className="min-w-0 px-3">
        <DigestCell tagName={tag.name} digest={tag.digest} group={group} onShowGroup={onShowGroup} />
      </div>
      <div role="cell" className="truncate px-3 font-mono text-xs text-zinc-600 dark:text-zinc-400" title={tag.architectures.join(', ')}>
        {tag.architectures.length === 0 ? '—' : tag.architectures.slice(0, 2).map(shortArch).join(', ')}
        {tag.architectures.length > 2 ? ` +${tag.architectures.length - 2}` : ''}
      </div>
      <div role="cell" className="px-3 text-right whitespace-nowrap tabular-nums" title={tag.size === null ? undefined : `${formatCount(tag.size)} bytes`}>
        {formatBytes(tag.size)}
      </div>
      <div role="cell" className="px-3 whitespace-nowrap">
        <RelativeTime ms={tag.lastPushed} />
      </div>
      <div role="cell" className="px-3 whitespace-nowrap">
        <RelativeTime ms={tag.lastPulled} fallback="never" className={tag.lastPulled === null ? 'text-amber-700 italic dark:text-amber-400' : undefined} />
      </div>
      <div role="cell" className="px-3">
        {tag.status === null ? (
          <span className="text-zinc-400">—</span>
        ) : (
          <Badge variant={tag.status === 'active' ? 'success' : 'neutral'} title="Active: pushed or pulled within the last month">
            {tag.status}
          </Badge>
        )}
      </div>
    </div>
  );
});
