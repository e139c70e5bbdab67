'use client';

import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { MarkdownHtml } from '@/components/markdown/markdown-html';
import { Badge } from '@/components/ui/badge';
import { LockIcon } from '@/components/ui/icons';
import { useToast } from '@/components/ui/toast';
import { browseKeys, fetchRepository } from '@/lib/queries/browse';
import type { RepositoryDetailDTO } from '@/lib/queries/browse-types';
import { formatBytes, formatCount, formatExact } from '@/lib/tags/format';
import { ApiErrorAlert } from './api-error';
import { RefreshButton } from './refresh-button';
import { RelativeTime } from './relative-time';

function Stat({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 truncate text-sm font-semibold text-zinc-900 tabular-nums dark:text-zinc-100" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Repository header with stats and the README; starts from the server's data, refreshable. */
export function RepositoryOverview({ initial }: { initial: RepositoryDetailDTO }) {
  const key = browseKeys.repository(initial.instance.id, initial.namespace, initial.name);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [refreshing, setRefreshing] = useState(false);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchRepository(initial.instance.id, initial.namespace, initial.name, { signal }),
    initialData: initial,
    initialDataUpdatedAt: initial.fetchedAt,
    staleTime: 60_000,
  });
  const repo = query.data;
  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    try {
      queryClient.setQueryData(key, await fetchRepository(repo.instance.id, repo.namespace, repo.name, { refresh: true }));
    } catch (err) {
      toast({ title: 'Refresh failed', description: err instanceof Error ? err.message : undefined, variant: 'error' });
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            {repo.instance.name} · {repo.namespace}
          </p>
          <h1 className="flex items-center gap-2 text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
            <span className="truncate" data-testid="repository-name">
              {repo.namespace}/{repo.name}
            </span>
            {repo.isPrivate ? (
              <Badge variant="warning">
                <LockIcon className="mr-1 size-3" />
                Private
              </Badge>
            ) : (
              <Badge>Public</Badge>
            )}
          </h1>
          {repo.description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{repo.description}</p> : null}
        </div>
        <RefreshButton fetchedAt={repo.fetchedAt} refreshing={refreshing} onRefresh={() => void refresh()} />
      </div>
      {query.isError ? <ApiErrorAlert error={query.error} title="Showing earlier data: the latest refresh failed" /> : null}
      <dl className="grid grid-cols-2 gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-zinc-200 sm:grid-cols-3 lg:grid-cols-6 dark:bg-zinc-900 dark:ring-zinc-800">
        <Stat label="Pulls" testId="stat-pulls">
          {formatCount(repo.pullCount)}
        </Stat>
        <Stat label="Stars">{formatCount(repo.starCount)}</Stat>
        <Stat label="Storage">{formatBytes(repo.storageSize)}</Stat>
        <Stat label="Last updated">
          <RelativeTime ms={repo.lastUpdated} />
        </Stat>
        <Stat label="Created">{repo.dateRegistered === null ? '—' : <span title={formatExact(repo.dateRegistered)}>{formatExact(repo.dateRegistered).slice(0, 10)}</span>}</Stat>
        <Stat label="Immutable tags">
          {repo.immutableTags?.enabled ? <span title={repo.immutableTags.rules.join(', ')}>On ({repo.immutableTags.rules.join(', ')})</span> : 'Off'}
        </Stat>
      </dl>
      <details className="group rounded-lg bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800" open={repo.hasFullDescription}>
        <summary className="cursor-pointer px-4 py-3 text-sm font-semibold text-zinc-900 dark:text-zinc-100">Full description</summary>
        <div className="border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
          {repo.hasFullDescription ? (
            <MarkdownHtml html={repo.fullDescriptionHtml} />
          ) : (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">This repository has no full description.</p>
          )}
        </div>
      </details>
    </div>
  );
}
