'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { cancelBulkDescriptionsAction, retryFailedBulkDescriptionsAction, undoBulkDescriptionsAction } from '@/app/actions/descriptions';
import { Alert } from '@/components/ui/alert';
import { Badge, type BadgeVariant } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { LocalTime } from '@/components/ui/local-time';
import { Spinner } from '@/components/ui/spinner';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { useToast } from '@/components/ui/toast';
import { descriptionUrls, type BulkItemStatusName, type BulkJobDTO, type BulkJobStatusName } from '@/lib/descriptions/dto';
import { formatDuration } from '@/lib/descriptions/progress';
import { actionMessage, descriptionKeys, fetchBulkJob } from './queries';

export const JOB_STATUS: Record<BulkJobStatusName, { label: string; variant: BadgeVariant }> = {
  draft: { label: 'draft', variant: 'neutral' },
  queued: { label: 'queued', variant: 'info' },
  running: { label: 'running', variant: 'info' },
  cancelling: { label: 'cancelling', variant: 'warning' },
  cancelled: { label: 'cancelled', variant: 'neutral' },
  finished: { label: 'finished', variant: 'success' },
  failed: { label: 'failed', variant: 'danger' },
};

const ITEM_STATUS: Record<BulkItemStatusName, { label: string; variant: BadgeVariant }> = {
  pending: { label: 'pending', variant: 'neutral' },
  updated: { label: 'updated', variant: 'success' },
  unchanged: { label: 'unchanged', variant: 'neutral' },
  failed: { label: 'failed', variant: 'danger' },
  skipped_changed: { label: 'skipped: changed since preview', variant: 'warning' },
  cancelled: { label: 'cancelled', variant: 'neutral' },
};

const ACTIVE: readonly BulkJobStatusName[] = ['queued', 'running', 'cancelling'];

function RateLimitNote({ until }: { until: number | null }) {
  const [now] = useState(() => Date.now());
  if (until === null) return null;
  const seconds = Math.round((until - now) / 1000);
  return (
    <p className="text-sm text-amber-700 dark:text-amber-300" data-testid="rate-limit-wait">
      Waiting for Docker Hub&apos;s rate limit{seconds >= 3 ? ` — resumes in about ${formatDuration(seconds)}` : '…'}
    </p>
  );
}

/** Live progress of a bulk description edit, its per-repository outcomes, and cancel / retry / undo. */
export function BulkJobProgress({ instanceId, jobId, initial }: { instanceId: string; jobId: string; initial: BulkJobDTO }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [confirmUndo, setConfirmUndo] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const key = descriptionKeys.job(instanceId, jobId);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchBulkJob(instanceId, jobId, signal),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && ACTIVE.includes(q.state.data.status) ? 1_000 : false),
    staleTime: 0,
  });
  const job = query.data;
  const active = ACTIVE.includes(job.status);
  const percent = job.counts.total === 0 ? 100 : Math.round((job.counts.done / job.counts.total) * 100);

  const act = (kind: 'cancel' | 'retry' | 'undo') =>
    startTransition(async () => {
      const input = { instanceId, jobId };
      if (kind === 'cancel') {
        const result = await cancelBulkDescriptionsAction(input);
        if (result?.data) queryClient.setQueryData(key, result.data);
        else toast({ title: 'Could not cancel', description: actionMessage(result), variant: 'error' });
      } else if (kind === 'retry') {
        const result = await retryFailedBulkDescriptionsAction(input);
        if (result?.data) toast({ title: 'Retrying', description: `${result.data.retried} repositories are queued again.`, variant: 'success' });
        else toast({ title: 'Could not retry', description: actionMessage(result), variant: 'error' });
      } else {
        setConfirmUndo(false);
        const result = await undoBulkDescriptionsAction(input);
        if (result?.data) {
          toast({ title: 'Undo started', description: 'The previous descriptions are being restored.', variant: 'success' });
          router.push(descriptionUrls.jobPage(instanceId, result.data.jobId));
          return;
        }
        toast({ title: 'Could not undo', description: actionMessage(result), variant: 'error' });
      }
      await queryClient.invalidateQueries({ queryKey: descriptionKeys.jobs(instanceId) });
      await queryClient.invalidateQueries({ queryKey: key });
    });

  const noteworthy = job.items.filter((i) => i.status === 'failed' || i.status === 'skipped_changed');
  const items = showAll ? job.items : job.items.slice(0, 200);

  return (
    <div className="space-y-5" data-testid="bulk-job" data-status={job.status}>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <div className="flex items-center gap-2">
            <Badge variant={JOB_STATUS[job.status].variant} data-testid="job-status">
              {JOB_STATUS[job.status].label}
            </Badge>
            {active ? <Spinner className="size-4" /> : null}
          </div>
          <p className="text-sm text-zinc-700 dark:text-zinc-300">{job.summary}</p>
          <p className="text-xs text-zinc-500">
            Started by {job.createdByEmail} · <LocalTime iso={job.createdAt} />
            {job.undoOfJobId ? (
              <>
                {' '}
                · undoes <Link className="underline" href={descriptionUrls.jobPage(instanceId, job.undoOfJobId)}>an earlier bulk edit</Link>
              </>
            ) : null}
            {job.undoneByJobId ? (
              <>
                {' '}
                · <Link className="underline" href={descriptionUrls.jobPage(instanceId, job.undoneByJobId)}>undone</Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="flex gap-2">
          {job.canCancel ? (
            <Button variant="secondary" onClick={() => act('cancel')} loading={pending} data-testid="job-cancel">
              Cancel
            </Button>
          ) : null}
          {job.canRetryFailed ? (
            <Button variant="secondary" onClick={() => act('retry')} loading={pending} data-testid="job-retry">
              Retry failed
            </Button>
          ) : null}
          {job.canUndo ? (
            <Button variant="danger" onClick={() => setConfirmUndo(true)} loading={pending} data-testid="job-undo">
              Undo
            </Button>
          ) : null}
        </div>
      </div>

      <div className="space-y-2">
        <div className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <div className="h-full bg-indigo-600 transition-all dark:bg-indigo-400" style={{ width: `${percent}%` }} />
        </div>
        <p className="text-sm text-zinc-700 tabular-nums dark:text-zinc-300" data-testid="job-progress">
          {job.counts.done} / {job.counts.total} done · {job.counts.updated} updated · {job.counts.unchanged} unchanged · {job.counts.failed} failed ·{' '}
          {job.counts.skipped} skipped · {job.counts.cancelled} cancelled
          {job.counts.excluded > 0 ? ` · ${job.counts.excluded} excluded at preview` : ''}
          {active && job.etaSeconds !== null ? ` · about ${formatDuration(job.etaSeconds)} left` : ''}
        </p>
        {active ? <RateLimitNote key={job.rateLimitedUntil ?? 0} until={job.rateLimitedUntil} /> : null}
      </div>

      {job.error ? (
        <Alert variant="error" title="The bulk edit stopped">
          <span data-testid="job-error">{job.error}</span>
        </Alert>
      ) : null}
      {!active && noteworthy.length > 0 ? (
        <Alert variant="warning">
          {noteworthy.length} repositor{noteworthy.length === 1 ? 'y was' : 'ies were'} not updated; see the reasons below.
        </Alert>
      ) : null}

      <Table data-testid="job-items">
        <THead>
          <tr>
            <TH>Repository</TH>
            <TH>Fields</TH>
            <TH>Outcome</TH>
          </tr>
        </THead>
        <TBody>
          {items.map((item) => (
            <TR key={`${item.namespace}/${item.repository}`} data-testid="job-item" data-repository={`${item.namespace}/${item.repository}`} data-status={item.status}>
              <TD className="font-medium whitespace-nowrap">
                <Link className="hover:underline" href={`/instances/${encodeURIComponent(instanceId)}/repositories/${encodeURIComponent(item.namespace)}/${encodeURIComponent(item.repository)}`}>
                  {item.namespace}/{item.repository}
                </Link>
              </TD>
              <TD className="text-xs text-zinc-500">{item.fields.map((f) => (f === 'description' ? 'short' : 'full')).join(', ')}</TD>
              <TD>
                <Badge variant={ITEM_STATUS[item.status].variant}>{ITEM_STATUS[item.status].label}</Badge>
                {item.error && item.status !== 'unchanged' ? <p className="mt-1 max-w-xl text-xs text-zinc-600 dark:text-zinc-400">{item.error}</p> : null}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {!showAll && job.items.length > items.length ? (
        <Button variant="ghost" size="sm" onClick={() => setShowAll(true)}>
          Show all {job.items.length}
        </Button>
      ) : null}

      <Dialog
        open={confirmUndo}
        onClose={() => setConfirmUndo(false)}
        title="Undo this bulk edit?"
        description={`The previous descriptions of ${job.counts.updated} repositories are written back. Repositories changed since this edit are skipped.`}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmUndo(false)}>
              Keep
            </Button>
            <Button variant="danger" onClick={() => act('undo')} data-testid="job-undo-confirm">
              Undo
            </Button>
          </>
        }
      />
    </div>
  );
}
