'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge, type BadgeVariant } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { LocalTime } from '@/components/ui/local-time';
import { Spinner } from '@/components/ui/spinner';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import type { RetentionRunDTO, RetentionRunStatus } from '@/lib/retention/dto';
import { formatBytes } from '@/lib/tags/format';
import { fetchRuns, retentionKeys, retentionUrls } from './queries';
import { KeptSummary } from './tester-panel';

const STATUS_VARIANT: Record<RetentionRunStatus, BadgeVariant> = {
  queued: 'info',
  running: 'info',
  completed: 'success',
  held: 'warning',
  failed: 'danger',
};

const REQUEST_VARIANT: Record<string, BadgeVariant> = {
  pending: 'warning',
  approved: 'info',
  running: 'info',
  completed: 'success',
  rejected: 'danger',
  cancelled: 'neutral',
  expired: 'neutral',
  deleted: 'neutral',
};

export function RunStatusBadge({ status }: { status: RetentionRunStatus }) {
  return (
    <Badge variant={STATUS_VARIANT[status]} data-testid="run-status">
      {status === 'held' ? 'held (safety stop)' : status}
    </Badge>
  );
}

function RunRow({ run }: { run: RetentionRunDTO }) {
  const requests = run.repositories.flatMap((r) =>
    r.requests.map((q) => ({ ...q, repository: `${r.namespace}/${r.repository}` })),
  );
  return (
    <TR data-testid="run-row" data-run-id={run.id} data-status={run.status}>
      <TD className="text-xs whitespace-nowrap">
        <LocalTime iso={new Date(run.createdAt).toISOString()} />
        <p className="text-zinc-500">
          {run.trigger === 'schedule'
            ? `scheduled slot ${run.slot ? new Date(run.slot).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : ''}`
            : `by ${run.actorEmail ?? 'someone'}`}
        </p>
      </TD>
      <TD>
        <RunStatusBadge status={run.status} />
        {run.status === 'queued' || run.status === 'running' ? <Spinner className="ml-2 inline size-3" /> : null}
      </TD>
      <TD className="text-xs">
        {run.repositoriesEvaluated} repositories, {run.tagsEvaluated} tags;{' '}
        <strong data-testid="run-to-delete">{run.toDelete}</strong> to delete
        {run.toDelete > 0 ? ` (${formatBytes(run.freedBytes)})` : ''}
        <div className="mt-1">
          <KeptSummary kept={run.keptByReason} />
        </div>
      </TD>
      <TD className="text-xs">
        {run.heldReasons.length > 0 ? (
          <ul className="list-disc space-y-0.5 pl-4 text-amber-800 dark:text-amber-300" data-testid="run-held-reasons">
            {run.heldReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : null}
        {run.error ? <p className="text-red-600 dark:text-red-400">{run.error}</p> : null}
        {requests.length > 0 ? (
          <ul className="space-y-1">
            {requests.map((q) => (
              <li key={q.id} data-testid="run-request">
                <Link className="font-medium underline" href={retentionUrls.request(q.id)}>
                  Request for {q.repository}
                </Link>{' '}
                <Badge variant={REQUEST_VARIANT[q.status] ?? 'neutral'}>{q.status}</Badge>{' '}
                <span className="text-zinc-500">
                  {q.tagCount} tags{q.deleted > 0 ? `, ${q.deleted} deleted` : ''}
                  {q.autoApproved ? ', auto-approved' : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : run.status === 'completed' ? (
          <span className="text-zinc-500">
            {run.repositoriesEvaluated === 0 ? 'The scope matched no repository.' : 'Nothing to delete.'}
          </span>
        ) : null}
      </TD>
    </TR>
  );
}

/** A policy's runs, newest first; polls while a run is queued or running. */
export function RunHistory({ instanceId, policyId }: { instanceId: string; policyId: string }) {
  const query = useQuery({
    queryKey: retentionKeys.runs(instanceId, policyId),
    queryFn: ({ signal }) => fetchRuns(instanceId, policyId, signal),
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'queued' || r.status === 'running') ? 1500 : false),
  });
  if (query.isPending) return <Spinner className="size-5" />;
  if (query.isError) return <Alert variant="error">{query.error.message}</Alert>;
  if (query.data.length === 0)
    return <EmptyState title="No runs yet" description="Scheduled runs and runs started with “Run now” appear here." />;
  return (
    <Table data-testid="run-history">
      <THead>
        <tr>
          <TH>When</TH>
          <TH>Status</TH>
          <TH>Evaluated</TH>
          <TH>Outcome</TH>
        </tr>
      </THead>
      <TBody>
        {query.data.map((run) => (
          <RunRow key={run.id} run={run} />
        ))}
      </TBody>
    </Table>
  );
}
