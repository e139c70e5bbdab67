'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { deletionKeys, fetchDeletionRequests } from '@/components/deletions/queries';
import { RelativeTime } from '@/components/repositories/relative-time';
import { useNow } from '@/components/repositories/use-now';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { formatRelative } from '@/lib/tags/format';
import type { DeletionRequestSummaryDTO } from '@/lib/services/deletions/types';
import { RequestPhaseBadge } from './status-badges';

/**
 * Deletion requests as a table: instance, repository, tags, requester, reason, age, time left
 * (pending ones) and approvals. Polls the list route so new requests and decisions show up.
 */
export function RequestsList({ query, initial, emptyTitle, emptyText }: { query: string; initial: DeletionRequestSummaryDTO[]; emptyTitle: string; emptyText: string }) {
  const now = useNow(30_000);
  const list = useQuery({
    queryKey: deletionKeys.list(query),
    queryFn: ({ signal }) => fetchDeletionRequests(query, signal),
    initialData: initial,
    refetchInterval: 10_000,
  });
  const rows = list.data;
  if (list.isError) return <Alert variant="error">{list.error instanceof Error ? list.error.message : 'Could not load the requests.'}</Alert>;
  if (rows.length === 0) return <EmptyState title={emptyTitle} description={emptyText} />;
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
      <table className="w-full text-left text-sm" data-testid="requests-table">
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300">
          <tr>
            <th className="px-3 py-2 font-medium">Repository</th>
            <th className="px-3 py-2 font-medium">Instance</th>
            <th className="px-3 py-2 text-right font-medium">Tags</th>
            <th className="px-3 py-2 font-medium">Requested by</th>
            <th className="px-3 py-2 font-medium">Reason</th>
            <th className="px-3 py-2 font-medium">Age</th>
            <th className="px-3 py-2 font-medium">Time left</th>
            <th className="px-3 py-2 font-medium">Approvals</th>
            <th className="px-3 py-2 font-medium">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="request-row" data-request-id={r.id}>
              <td className="px-3 py-2">
                <Link href={`/requests/${r.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
                  {r.namespace}/{r.repository}
                </Link>
              </td>
              <td className="px-3 py-2">{r.instanceName}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.tagCount}</td>
              <td className="px-3 py-2">{r.source === 'policy' ? <span title={`Policy ${r.policyId ?? ''}`}>Retention policy</span> : (r.requesterEmail ?? '—')}</td>
              <td className="max-w-xs px-3 py-2">
                <p className="line-clamp-2 text-zinc-700 dark:text-zinc-300" title={r.reason}>
                  {r.reason}
                </p>
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                <RelativeTime ms={r.createdAt} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap" data-testid="time-left">
                {r.status === 'pending' ? (r.expiresAt > now ? formatRelative(r.expiresAt, now).replace(/^in /, '') : 'expired') : '—'}
              </td>
              <td className="px-3 py-2 tabular-nums">
                {r.approvals}/{r.requiredApprovals}
              </td>
              <td className="px-3 py-2">
                <RequestPhaseBadge phase={r.status === 'pending' && r.expiresAt <= now ? 'expired' : r.phase} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
