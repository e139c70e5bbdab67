'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { BoxesIcon, LockIcon } from '@/components/ui/icons';
import { Input, Select } from '@/components/ui/input';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { browseKeys, fetchRepositories } from '@/lib/queries/browse';
import {
  parseRepositoryListParams,
  repositoryListSearch,
  type RepositoryListParams,
  type RepositorySortKey,
} from '@/lib/queries/browse-params';
import { REPOSITORY_PAGE_SIZES, type BrowseInstanceDTO } from '@/lib/queries/browse-types';
import { formatBytes, formatCount } from '@/lib/tags/format';
import { ApiErrorAlert } from './api-error';
import { RefreshButton } from './refresh-button';
import { RelativeTime } from './relative-time';

const SORT_LABELS: Record<RepositorySortKey, string> = { name: 'Name', updated: 'Last updated', pulls: 'Pulls' };

/** Repository list of one instance: namespace, search, sort and paging all live in the URL. */
export function RepositoryBrowser({ instance }: { instance: BrowseInstanceDTO }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = useMemo(() => {
    const p = parseRepositoryListParams(searchParams);
    return { ...p, namespace: p.namespace ?? instance.namespaces[0] ?? instance.username };
  }, [searchParams, instance]);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [, startTransition] = useTransition();
  const [refreshing, setRefreshing] = useState(false);
  const [search, setSearch] = useState(params.q);
  const lastPushedQ = useRef(params.q);

  // Keep the box in step with the URL when it changes from elsewhere (back button, a shared link).
  useEffect(() => {
    if (params.q !== lastPushedQ.current) {
      lastPushedQ.current = params.q;
      setSearch(params.q);
    }
  }, [params.q]);

  const hrefFor = (next: Partial<RepositoryListParams>): string => {
    const merged: RepositoryListParams = { ...params, ...next };
    const qs = repositoryListSearch(merged);
    // The first namespace is the default: keep shared links short.
    if (merged.namespace === instance.namespaces[0]) qs.delete('namespace');
    const s = qs.toString();
    return s ? `${pathname}?${s}` : pathname;
  };
  const go = (next: Partial<RepositoryListParams>): void => {
    startTransition(() => router.replace(hrefFor(next), { scroll: false }));
  };

  // Debounced search: typing never waits for the network.
  useEffect(() => {
    if (search === params.q) return;
    const timer = setTimeout(() => {
      lastPushedQ.current = search;
      go({ q: search, page: 1 });
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `go` changes with every render; the timer only needs the text.
  }, [search]);

  const key = browseKeys.repositories(instance.id, params);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchRepositories(instance.id, params, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    refetchOnWindowFocus: true,
    refetchInterval: 120_000,
  });

  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    try {
      const data = await fetchRepositories(instance.id, params, { refresh: true });
      queryClient.setQueryData(key, data);
      await queryClient.invalidateQueries({ queryKey: ['browse', 'instance', instance.id, 'repositories'], refetchType: 'none' });
    } catch (err) {
      toast({ title: 'Refresh failed', description: err instanceof Error ? err.message : undefined, variant: 'error' });
    } finally {
      setRefreshing(false);
    }
  };

  const data = query.data;
  const totalPages = data ? Math.max(1, Math.ceil(data.count / data.pageSize)) : 1;
  const sortHeader = (sort: RepositorySortKey, className?: string) => {
    const active = params.sort === sort;
    const nextDir = active ? (params.dir === 'asc' ? 'desc' : 'asc') : sort === 'name' ? 'asc' : 'desc';
    return (
      <TH className={className} aria-sort={active ? (params.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 dark:hover:text-white" onClick={() => go({ sort, dir: nextDir, page: 1 })}>
          {SORT_LABELS[sort]}
          <span aria-hidden="true" className={active ? '' : 'opacity-30'}>
            {active && params.dir === 'asc' ? '↑' : '↓'}
          </span>
        </button>
      </TH>
    );
  };

  return (
    <div className="space-y-4">
      {instance.privateNotice ? (
        <Alert variant="warning" title="Private repositories are not listed" className="max-w-3xl">
          <span data-testid="private-notice">{instance.privateNotice}</span>
        </Alert>
      ) : null}

      <div className="flex flex-wrap items-end gap-3">
        <div className="w-48">
          <label htmlFor="repo-namespace" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Namespace
          </label>
          <Select id="repo-namespace" value={params.namespace} onChange={(e) => go({ namespace: e.target.value, page: 1, q: '' })}>
            {instance.namespaces.map((ns) => (
              <option key={ns} value={ns}>
                {ns}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-64 grow sm:grow-0">
          <label htmlFor="repo-search" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Search by name
          </label>
          <Input id="repo-search" type="search" placeholder="e.g. api" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
        </div>
        <div className="w-28">
          <label htmlFor="repo-page-size" className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
            Per page
          </label>
          <Select id="repo-page-size" value={params.pageSize} onChange={(e) => go({ pageSize: Number(e.target.value) as RepositoryListParams['pageSize'], page: 1 })}>
            {REPOSITORY_PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </div>
        <div className="ml-auto">
          <RefreshButton fetchedAt={data?.fetchedAt} refreshing={refreshing} onRefresh={() => void refresh()} />
        </div>
      </div>

      {query.isError && !data ? (
        <ApiErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <RepositoryTableSkeleton />
      ) : data && data.pastEnd ? (
        <EmptyState
          title="This page is past the end of the list"
          description={`Page ${params.page} has no repositories; ${data.namespace} has ${formatCount(data.count)} matching this view.`}
          action={
            <Link href={hrefFor({ page: 1 })} className={buttonClasses('secondary')}>
              Go to the first page
            </Link>
          }
        />
      ) : data && data.rows.length === 0 ? (
        params.q.trim() !== '' ? (
          <EmptyState
            icon={<BoxesIcon className="size-8" />}
            title={`No repositories in ${data.namespace} match “${params.q.trim()}”`}
            description="Docker Hub matches any part of the name."
            action={
              <button type="button" className={buttonClasses('secondary')} onClick={() => setSearch('')}>
                Clear the search
              </button>
            }
          />
        ) : (
          <EmptyState
            icon={<BoxesIcon className="size-8" />}
            title={`No repositories in ${data.namespace}`}
            description={
              instance.privateNotice
                ? 'This token only sees public repositories; private ones may exist.'
                : 'Nothing has been pushed to this namespace yet.'
            }
          />
        )
      ) : data ? (
        <>
          {query.isError ? <ApiErrorAlert error={query.error} title="Showing earlier results: the latest refresh failed" /> : null}
          <Table aria-label={`Repositories in ${data.namespace}`} aria-busy={query.isFetching} containerClassName={query.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
            <THead>
              <tr>
                {sortHeader('name')}
                <TH>Visibility</TH>
                <TH className="hidden md:table-cell">Description</TH>
                {sortHeader('updated')}
                {sortHeader('pulls', 'text-right')}
                <TH className="text-right">Stars</TH>
                <TH className="text-right">Size</TH>
              </tr>
            </THead>
            <TBody>
              {data.rows.map((r) => (
                <TR key={r.name} data-testid="repository-row">
                  <TD className="font-medium">
                    <Link
                      href={`/instances/${encodeURIComponent(instance.id)}/repositories/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}`}
                      className="text-indigo-700 hover:underline dark:text-indigo-300"
                    >
                      {r.name}
                    </Link>
                  </TD>
                  <TD>
                    {r.isPrivate ? (
                      <Badge variant="warning">
                        <LockIcon className="mr-1 size-3" />
                        Private
                      </Badge>
                    ) : (
                      <Badge variant="neutral">Public</Badge>
                    )}
                  </TD>
                  <TD className="hidden max-w-xs truncate text-zinc-600 md:table-cell dark:text-zinc-400" title={r.description}>
                    {r.description || <span className="text-zinc-400">—</span>}
                  </TD>
                  <TD className="whitespace-nowrap">
                    <RelativeTime ms={r.lastUpdated} />
                  </TD>
                  <TD className="text-right tabular-nums">{formatCount(r.pullCount)}</TD>
                  <TD className="text-right tabular-nums">{formatCount(r.starCount)}</TD>
                  <TD className="text-right whitespace-nowrap tabular-nums">{formatBytes(r.storageSize)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <nav className="flex flex-wrap items-center justify-between gap-3 text-sm text-zinc-600 dark:text-zinc-400" aria-label="Pages">
            <p data-testid="repository-range">
              {formatCount((data.page - 1) * data.pageSize + 1)}–{formatCount((data.page - 1) * data.pageSize + data.rows.length)} of {formatCount(data.count)} repositories
            </p>
            <div className="flex items-center gap-2">
              <span>
                Page {data.page} of {totalPages}
              </span>
              {data.page > 1 ? (
                <Link href={hrefFor({ page: data.page - 1 })} scroll={false} className={buttonClasses('secondary', 'sm')} rel="prev">
                  Previous
                </Link>
              ) : (
                <span className={buttonClasses('secondary', 'sm', 'pointer-events-none opacity-50')} aria-disabled="true">
                  Previous
                </span>
              )}
              {data.page < totalPages ? (
                <Link href={hrefFor({ page: data.page + 1 })} scroll={false} className={buttonClasses('secondary', 'sm')} rel="next">
                  Next
                </Link>
              ) : (
                <span className={buttonClasses('secondary', 'sm', 'pointer-events-none opacity-50')} aria-disabled="true">
                  Next
                </span>
              )}
            </div>
          </nav>
        </>
      ) : null}
    </div>
  );
}

function RepositoryTableSkeleton() {
  return (
    <div className="space-y-2" aria-busy="true" aria-label="Loading repositories">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-10 animate-pulse rounded-md bg-zinc-200/70 dark:bg-zinc-800/70" />
      ))}
    </div>
  );
}
