'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiErrorAlert } from '@/components/repositories/api-error';
import { RefreshButton } from '@/components/repositories/refresh-button';
import { useToast } from '@/components/ui/toast';
import { browseKeys, fetchAllTags, type TagsResult } from '@/lib/queries/browse';
import { formatCount } from '@/lib/tags/format';
import type { TagRow } from '@/lib/tags/types';
import { tagViewFromParams, tagViewToParams, type TagViewState } from '@/lib/tags/view-state';
import { TagsTable, type TagsToolbarContext } from './tags-table';

export interface TagLoadProgress {
  loaded: number;
  total: number;
}

/**
 * Every tag of a repository through React Query, from the NDJSON tags route, with page-by-page
 * progress while the server walks Hub's pages concurrently. `refresh()` asks Hub again.
 */
export function useRepositoryTags(instanceId: string, namespace: string, repository: string) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<TagLoadProgress | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const key = browseKeys.tags(instanceId, namespace, repository);
  const query = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => {
      setProgress(null);
      try {
        return await fetchAllTags(instanceId, namespace, repository, { signal, onProgress: setProgress });
      } finally {
        setProgress(null);
      }
    },
    staleTime: 60_000,
    gcTime: 10 * 60_000,
    retry: false,
  });
  const refresh = useCallback(async (): Promise<TagsResult> => {
    setRefreshing(true);
    try {
      const data = await fetchAllTags(instanceId, namespace, repository, { refresh: true, onProgress: setProgress });
      queryClient.setQueryData(key, data);
      return data;
    } finally {
      setProgress(null);
      setRefreshing(false);
    }
    // The key is derived from the three ids.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [instanceId, namespace, repository, queryClient]);
  return { query, progress, refreshing, refresh };
}

/** A determinate progress bar for the tag pages arriving on the server. */
export function TagLoadProgressBar({ progress, label = 'Loading tags' }: { progress: TagLoadProgress | null; label?: string }) {
  const pct = progress && progress.total > 0 ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : null;
  return (
    <div className="space-y-1.5" data-testid="tag-progress">
      <div className="flex justify-between text-xs text-zinc-600 dark:text-zinc-400">
        <span>{label}…</span>
        <span className="tabular-nums">{progress ? `${formatCount(progress.loaded)} of ${formatCount(progress.total)}` : 'asking Docker Hub'}</span>
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={progress?.total ?? 100}
        aria-valuenow={progress?.loaded}
      >
        <div className={pct === null ? 'h-full w-1/4 animate-pulse rounded-full bg-indigo-400' : 'h-full rounded-full bg-indigo-600 transition-[width] duration-150'} style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
    </div>
  );
}

export interface RepositoryTagsProps {
  instanceId: string;
  namespace: string;
  repository: string;
  /** Passed to TagsTable: the selected tags whenever the selection changes. */
  onSelectionChange?: (selected: TagRow[]) => void;
  /** Passed to TagsTable: e.g. the deletion feature's "Request deletion" button. */
  toolbar?: ReactNode | ((ctx: TagsToolbarContext) => ReactNode);
  canSelect?: (tag: TagRow) => true | string;
  renderNameExtra?: (tag: TagRow) => ReactNode;
  selectable?: boolean;
}

/** The repository page's tags section: loader, progress, refresh, and the table with its view kept in the URL. */
export function RepositoryTags({ instanceId, namespace, repository, ...tableProps }: RepositoryTagsProps) {
  const searchParams = useSearchParams();
  const [view, setView] = useState<TagViewState>(() => tagViewFromParams(searchParams));
  const { query, progress, refreshing, refresh } = useRepositoryTags(instanceId, namespace, repository);
  const toast = useToast();

  // Mirror the view into the URL (debounced) so a filtered view can be shared.
  const urlTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onViewChange = useCallback((next: TagViewState) => {
    setView(next);
    if (urlTimer.current !== null) clearTimeout(urlTimer.current);
    urlTimer.current = setTimeout(() => {
      const qs = tagViewToParams(next).toString();
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${qs ? `?${qs}` : ''}`);
    }, 400);
  }, []);
  useEffect(
    () => () => {
      if (urlTimer.current !== null) clearTimeout(urlTimer.current);
    },
    [],
  );

  const data = query.data;
  return (
    <section aria-labelledby="tags-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="tags-heading" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
          Tags
        </h2>
        <RefreshButton
          fetchedAt={data?.fetchedAt}
          refreshing={refreshing}
          label="Reload tags"
          onRefresh={() => {
            refresh().catch((err: unknown) =>
              toast({ title: 'Reloading the tags failed', description: err instanceof Error ? err.message : undefined, variant: 'error' }),
            );
          }}
        />
      </div>
      {refreshing ? <TagLoadProgressBar progress={progress} label="Reloading tags" /> : null}
      {data ? (
        <TagsTable tags={data.tags} view={view} onViewChange={onViewChange} now={data.fetchedAt} {...tableProps} />
      ) : query.isError ? (
        <ApiErrorAlert error={query.error} title="Could not load the tags" onRetry={() => void query.refetch()} />
      ) : (
        <div className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
          <TagLoadProgressBar progress={progress} />
        </div>
      )}
    </section>
  );
}
