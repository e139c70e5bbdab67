'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button, buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ClockIcon } from '@/components/ui/icons';
import { Input } from '@/components/ui/input';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { browseKeys, fetchRecentPushes, pushesUrl } from '@/lib/queries/browse';
import { parsePushWindowParams, pushWindowSearch, type PushWindowParams, type PushWindowPreset } from '@/lib/queries/browse-params';
import { shortDigest } from '@/lib/tags/digest-groups';
import { formatBytes, formatCount, formatExact } from '@/lib/tags/format';
import { ApiErrorAlert } from './api-error';
import { RefreshButton } from './refresh-button';
import { RelativeTime } from './relative-time';

const PRESETS: Array<{ value: PushWindowPreset; label: string }> = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: 'custom', label: 'Custom' },
];

const isoMinute = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

/** The recent-pushes audit: window picker (in the URL), rows across instances, CSV export of the same rows. */
export function RecentPushes() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = useMemo(() => parsePushWindowParams(searchParams), [searchParams]);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [refreshing, setRefreshing] = useState(false);
  const [customFrom, setCustomFrom] = useState(() => params.from || isoMinute(Date.now() - 2 * 86_400_000));
  const [customTo, setCustomTo] = useState(params.to);

  const go = (next: PushWindowParams): void => {
    const qs = pushWindowSearch(next).toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  const key = browseKeys.pushes(params);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchRecentPushes(params, { signal }),
    staleTime: 30_000,
    refetchOnWindowFocus: true,
    refetchInterval: 120_000,
  });
  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    try {
      queryClient.setQueryData(key, await fetchRecentPushes(params, { refresh: true }));
    } catch (err) {
      toast({ title: 'Refresh failed', description: err instanceof Error ? err.message : undefined, variant: 'error' });
    } finally {
      setRefreshing(false);
    }
  };

  const data = query.data;
  // The export asks for exactly the window shown (absolute bounds), so it holds the same rows.
  const csvHref = data ? pushesUrl({ window: 'custom', from: new Date(data.from).toISOString(), to: new Date(data.to).toISOString() }, 'csv') : null;
  const repoCount = data ? new Set(data.rows.map((r) => `${r.instanceId}/${r.namespace}/${r.repository}`)).size : 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div role="radiogroup" aria-label="Time window" className="inline-flex overflow-hidden rounded-md ring-1 ring-zinc-300 dark:ring-zinc-700">
          {PRESETS.map((p) => (
            <button
              key={p.value}
              type="button"
              role="radio"
              aria-checked={params.window === p.value}
              onClick={() => (p.value === 'custom' ? go({ window: 'custom', from: customFrom, to: customTo }) : go({ window: p.value, from: '', to: '' }))}
              className={
                params.window === p.value
                  ? 'bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white'
                  : 'bg-white px-3 py-1.5 text-sm text-zinc-700 hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800'
              }
            >
              {p.label}
            </button>
          ))}
        </div>
        {params.window === 'custom' ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              go({ window: 'custom', from: customFrom, to: customTo });
            }}
          >
            <label className="text-xs text-zinc-600 dark:text-zinc-400">
              From (UTC)
              <Input type="datetime-local" value={customFrom} onChange={(e) => setCustomFrom(e.target.value)} className="mt-1 w-52" required />
            </label>
            <label className="text-xs text-zinc-600 dark:text-zinc-400">
              To (UTC, empty = now)
              <Input type="datetime-local" value={customTo} onChange={(e) => setCustomTo(e.target.value)} className="mt-1 w-52" />
            </label>
            <Button type="submit" variant="secondary">
              Apply
            </Button>
          </form>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          {csvHref ? (
            <a href={csvHref} className={buttonClasses('secondary', 'sm')} download data-testid="export-csv">
              Export CSV
            </a>
          ) : null}
          <RefreshButton fetchedAt={data?.fetchedAt} refreshing={refreshing} onRefresh={() => void refresh()} />
        </div>
      </div>

      {query.isError ? (
        <ApiErrorAlert error={query.error} title="Could not list recent pushes" onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <div className="space-y-2" aria-busy="true" aria-label="Reading repositories">
          <p className="text-sm text-zinc-500">Walking each namespace&apos;s most recently updated repositories…</p>
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="h-10 animate-pulse rounded-md bg-zinc-200/70 dark:bg-zinc-800/70" />
          ))}
        </div>
      ) : data ? (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="pushes-summary">
            <span className="font-semibold text-zinc-900 dark:text-zinc-100">{formatCount(data.rows.length)}</span> tag
            {data.rows.length === 1 ? '' : 's'} pushed to <span className="font-semibold text-zinc-900 dark:text-zinc-100">{formatCount(repoCount)}</span> repositor
            {repoCount === 1 ? 'y' : 'ies'} between <span title={formatExact(data.from)}>{formatExact(data.from)}</span> and{' '}
            <span title={formatExact(data.to)}>{formatExact(data.to)}</span>.
          </p>
          {data.problems.length > 0 ? (
            <Alert variant="warning" title="Some namespaces could not be read; the list may be incomplete">
              <ul className="list-disc pl-5">
                {data.problems.map((p, i) => (
                  <li key={i}>
                    {p.instanceName}
                    {p.namespace ? ` / ${p.namespace}` : ''}: {p.message}
                  </li>
                ))}
              </ul>
            </Alert>
          ) : null}
          {data.rows.length === 0 ? (
            <EmptyState icon={<ClockIcon className="size-8" />} title="Nothing was pushed in this window" description="Pick a longer window to look further back." />
          ) : (
            <Table aria-label="Recent pushes">
              <THead>
                <tr>
                  <TH>Pushed</TH>
                  <TH>Instance</TH>
                  <TH>Repository</TH>
                  <TH>Tag</TH>
                  <TH>Pushed by</TH>
                  <TH>Digest</TH>
                  <TH className="hidden lg:table-cell">Architectures</TH>
                  <TH className="text-right">Size</TH>
                </tr>
              </THead>
              <TBody>
                {data.rows.map((r) => (
                  <TR key={`${r.instanceId}/${r.namespace}/${r.repository}:${r.tag}`} data-testid="push-row">
                    <TD className="whitespace-nowrap">
                      <RelativeTime ms={r.pushedAt} />
                    </TD>
                    <TD className="whitespace-nowrap">{r.instanceName}</TD>
                    <TD className="whitespace-nowrap">
                      <Link
                        href={`/instances/${encodeURIComponent(r.instanceId)}/repositories/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.repository)}`}
                        className="text-indigo-700 hover:underline dark:text-indigo-300"
                      >
                        {r.namespace}/{r.repository}
                      </Link>
                      {r.isPrivate ? (
                        <Badge variant="warning" className="ml-2">
                          Private
                        </Badge>
                      ) : null}
                    </TD>
                    <TD className="font-medium">
                      <Link
                        href={`/instances/${encodeURIComponent(r.instanceId)}/repositories/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.repository)}?q=${encodeURIComponent(r.tag)}`}
                        className="hover:underline"
                        data-testid="push-tag"
                      >
                        {r.tag}
                      </Link>
                    </TD>
                    <TD className="whitespace-nowrap" data-testid="push-pusher">
                      {r.pusher ?? <span className="text-zinc-400">unknown</span>}
                    </TD>
                    <TD className="font-mono text-xs" title={r.digest ?? undefined}>
                      {shortDigest(r.digest) || '—'}
                    </TD>
                    <TD className="hidden font-mono text-xs lg:table-cell">{r.architectures.join(', ') || '—'}</TD>
                    <TD className="text-right whitespace-nowrap tabular-nums">{formatBytes(r.size)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </>
      ) : null}
    </div>
  );
}
