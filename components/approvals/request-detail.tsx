'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  approveDeletionAction,
  cancelDeletionAction,
  rejectDeletionAction,
  resubmitDeletionAction,
} from '@/app/actions/deletions';
import { actionError, deletionKeys, fetchDeletionProgress, fetchDeletionRequest } from '@/components/deletions/queries';
import { SafetySummaryView } from '@/components/deletions/safety-summary';
import { RelativeTime } from '@/components/repositories/relative-time';
import { useNow } from '@/components/repositories/use-now';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { shortDigest } from '@/lib/tags/digest-groups';
import { formatBytes, formatExact, formatRelative } from '@/lib/tags/format';
import type { DeletionItemDTO, DeletionRequestDetailDTO } from '@/lib/services/deletions/types';
import { COMMENT_MAX } from '@/lib/validations/deletions';
import { ItemStatusBadge, ITEM_STATUS_LABELS, RequestPhaseBadge } from './status-badges';

/** A request: header, decision panel, live per-tag progress, safety summary and history. */
export function RequestDetail({ initial }: { initial: DeletionRequestDetailDTO }) {
  const queryClient = useQueryClient();
  const detailQuery = useQuery({
    queryKey: deletionKeys.detail(initial.id),
    queryFn: ({ signal }) => fetchDeletionRequest(initial.id, signal),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.phase === 'running' ? 2000 : q.state.data?.status === 'pending' ? 10_000 : false),
  });
  const r = detailQuery.data;
  const running = r.phase === 'running' || (r.status === 'cancelled' && r.finishedAt === null);
  const progressQuery = useQuery({
    queryKey: deletionKeys.progress(initial.id),
    queryFn: async ({ signal }) => {
      const p = await fetchDeletionProgress(initial.id, signal);
      if (p.finishedAt !== null) void queryClient.invalidateQueries({ queryKey: deletionKeys.detail(initial.id) });
      return p;
    },
    enabled: running,
    refetchInterval: running ? 1000 : false,
  });
  const progress = running ? progressQuery.data : undefined;
  const items: DeletionItemDTO[] = progress
    ? r.items.map((i) => {
        const live = progress.items.find((p) => p.id === i.id);
        return live ? { ...i, ...live } : i;
      })
    : r.items;
  const counts = progress?.counts ?? r.counts;
  const done = counts.deleted + counts.already_gone + counts.skipped_changed + counts.failed + counts.cancelled;

  return (
    <div className="space-y-6" data-testid="request-detail" data-request-id={r.id}>
      <RequestHeader r={r} />
      <DecisionPanel r={r} />

      {r.status === 'approved' || r.status === 'completed' || r.executionStartedAt !== null || done > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>Execution</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2">
            <div className="flex justify-between text-xs text-zinc-600 dark:text-zinc-400">
              <span>{running ? 'Deleting… each tag is checked against Docker Hub first' : r.finishedAt ? `Finished ${formatExact(r.finishedAt)}` : 'Queued'}</span>
              <span className="tabular-nums" data-testid="progress-count">
                {done} of {items.length}
              </span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-label="Deletion progress" aria-valuemin={0} aria-valuemax={items.length} aria-valuenow={done}>
              <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-300" style={{ width: `${items.length === 0 ? 0 : Math.round((done / items.length) * 100)}%` }} />
            </div>
            <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="outcome-counts">
              {(Object.keys(counts) as (keyof typeof counts)[])
                .filter((k) => counts[k] > 0)
                .map((k) => (
                  <span key={k} data-status={k}>
                    {ITEM_STATUS_LABELS[k]}: <span className="tabular-nums font-medium">{counts[k]}</span>
                  </span>
                ))}
            </p>
          </CardContent>
        </Card>
      ) : null}

      <ItemsTable items={items} />

      {r.summary ? (
        <Card>
          <CardHeader>
            <CardTitle>Safety summary at request time</CardTitle>
          </CardHeader>
          <CardContent>
            <SafetySummaryView summary={r.summary} showTags={false} />
          </CardContent>
        </Card>
      ) : null}

      <History r={r} />
    </div>
  );
}

function RequestHeader({ r }: { r: DeletionRequestDetailDTO }) {
  const now = useNow(30_000);
  const expiredByTime = r.status === 'pending' && r.expiresAt <= now;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
          Delete {r.tagCount} tag{r.tagCount === 1 ? '' : 's'} from{' '}
          <Link href={`/instances/${encodeURIComponent(r.instanceId)}/repositories/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.repository)}`} className="font-mono hover:underline">
            {r.namespace}/{r.repository}
          </Link>
        </h1>
        <RequestPhaseBadge phase={expiredByTime ? 'expired' : r.phase} />
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <Meta label="Instance" value={r.instanceName} />
        <Meta label="Requested by" value={r.source === 'policy' ? `Retention policy${r.policyId ? ` ${r.policyId}` : ''}` : (r.requesterEmail ?? '—')} testId="requester" />
        <Meta label="Requested" value={<RelativeTime ms={r.createdAt} />} />
        <Meta
          label={r.status === 'pending' ? 'Expires' : 'Approvals'}
          value={
            r.status === 'pending' ? (
              <span data-testid="expires-in" title={formatExact(r.expiresAt)}>
                {expiredByTime ? 'expired' : formatRelative(r.expiresAt, now)}
              </span>
            ) : (
              `${r.approvals}/${r.requiredApprovals}`
            )
          }
        />
      </dl>
      <div className="rounded-md bg-zinc-50 px-4 py-3 text-sm dark:bg-zinc-800/60">
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Reason</p>
        <p className="mt-1 whitespace-pre-wrap text-zinc-900 dark:text-zinc-100" data-testid="request-reason">
          {r.reason}
        </p>
      </div>
      {r.resubmittedFromId ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Re-submitted from{' '}
          <Link href={`/requests/${r.resubmittedFromId}`} className="underline">
            an earlier request
          </Link>
          .
        </p>
      ) : null}
    </div>
  );
}

function Meta({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="text-zinc-900 dark:text-zinc-100" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

type Mode = 'approve' | 'reject' | 'cancel' | null;

function DecisionPanel({ r }: { r: DeletionRequestDetailDTO }) {
  const [mode, setMode] = useState<Mode>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: deletionKeys.all });
  };

  const run = async () => {
    if (mode === null) return;
    if (mode === 'reject' && comment.trim() === '') {
      setError('Say why you are rejecting the request.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result =
        mode === 'approve'
          ? await approveDeletionAction({ requestId: r.id, comment })
          : mode === 'reject'
            ? await rejectDeletionAction({ requestId: r.id, comment })
            : await cancelDeletionAction({ requestId: r.id, comment, expectedStatus: r.status === 'approved' ? 'approved' : 'pending' });
      const problem = actionError(result);
      if (problem !== null) {
        setError(problem);
        await refresh();
        return;
      }
      setMode(null);
      setComment('');
      toast({
        title: mode === 'approve' ? 'Approved' : mode === 'reject' ? 'Rejected' : 'Cancelled',
        description:
          mode === 'approve'
            ? 'The request is approved once it has every required approval; the worker then deletes the tags.'
            : mode === 'reject'
              ? 'Nothing will be deleted.'
              : 'Tags not yet being deleted were cancelled.',
        variant: 'success',
      });
      await refresh();
    } catch {
      setError('Could not reach the server. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const resubmit = async () => {
    setBusy(true);
    try {
      const result = await resubmitDeletionAction({ requestId: r.id });
      const problem = actionError(result);
      if (problem !== null || !result?.data) {
        toast({ title: 'Could not re-submit', description: problem ?? undefined, variant: 'error' });
        return;
      }
      toast({ title: 'Re-submitted', description: `A new request for ${result.data.tagCount} tag(s) waits for approval.`, variant: 'success' });
      await refresh();
      router.push(`/requests/${result.data.id}`);
    } finally {
      setBusy(false);
    }
  };

  const anything = r.can.approve || r.can.reject || r.can.cancel || r.can.resubmit;
  return (
    <div className="space-y-2">
      {r.approveBlockedReason ? (
        <div data-testid="approve-blocked">
          <Alert variant="info">{r.approveBlockedReason}</Alert>
        </div>
      ) : null}
      {anything ? (
        <div className="flex flex-wrap gap-2" data-testid="decision-buttons">
          {r.can.approve ? (
            <Button onClick={() => setMode('approve')} data-testid="approve-button">
              Approve
            </Button>
          ) : null}
          {r.can.reject ? (
            <Button variant="secondary" onClick={() => setMode('reject')} data-testid="reject-button">
              Reject
            </Button>
          ) : null}
          {r.can.cancel ? (
            <Button variant="ghost" onClick={() => setMode('cancel')} data-testid="cancel-button">
              {r.status === 'approved' ? 'Cancel the rest' : 'Cancel request'}
            </Button>
          ) : null}
          {r.can.resubmit ? (
            <Button variant="secondary" onClick={() => void resubmit()} loading={busy} data-testid="resubmit-button">
              Re-submit
            </Button>
          ) : null}
        </div>
      ) : null}
      <Dialog
        open={mode !== null}
        onClose={() => {
          setMode(null);
          setError(null);
        }}
        title={mode === 'approve' ? `Approve deleting ${r.tagCount} tag${r.tagCount === 1 ? '' : 's'}?` : mode === 'reject' ? 'Reject this request?' : 'Cancel this request?'}
        description={
          mode === 'approve'
            ? `From ${r.namespace}/${r.repository} on ${r.instanceName}. Each tag is checked again before it is deleted; tags that changed are skipped.`
            : mode === 'cancel' && r.status === 'approved'
              ? 'Tags not yet being deleted are cancelled; a tag whose deletion is already on its way is finished.'
              : undefined
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setMode(null)}>
              Back
            </Button>
            <Button variant={mode === 'approve' ? 'primary' : 'danger'} loading={busy} onClick={() => void run()} data-testid="confirm-decision">
              {mode === 'approve' ? 'Approve' : mode === 'reject' ? 'Reject' : 'Cancel request'}
            </Button>
          </>
        }
      >
        <div className="space-y-3">
          {error ? (
            <div data-testid="decision-error">
              <Alert variant="error">{error}</Alert>
            </div>
          ) : null}
          <Field id="decision-comment" label={mode === 'reject' ? 'Why? (required)' : 'Comment (optional)'}>
            {(p) => <Textarea {...p} value={comment} maxLength={COMMENT_MAX} onChange={(e) => setComment(e.target.value)} />}
          </Field>
        </div>
      </Dialog>
    </div>
  );
}

function ItemsTable({ items }: { items: DeletionItemDTO[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Tags</CardTitle>
      </CardHeader>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="items-table">
          <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300">
            <tr>
              <th className="px-3 py-2 font-medium">Tag</th>
              <th className="px-3 py-2 font-medium">Digest (at request)</th>
              <th className="px-3 py-2 font-medium">Architectures</th>
              <th className="px-3 py-2 text-right font-medium">Size</th>
              <th className="px-3 py-2 font-medium">Last pushed</th>
              <th className="px-3 py-2 font-medium">Last pulled</th>
              <th className="px-3 py-2 font-medium">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="item-row" data-tag={i.tag} data-status={i.status}>
                <td className="px-3 py-2 font-mono">
                  {i.tag}
                  {i.warnings.includes('shared_digest') ? (
                    <Badge variant="warning" className="ml-1.5" title="Another tag that stays has the same digest">
                      shared
                    </Badge>
                  ) : null}
                  {i.warnings.includes('recently_pulled') ? (
                    <Badge variant="warning" className="ml-1.5">
                      recently pulled
                    </Badge>
                  ) : null}
                </td>
                <td className="px-3 py-2 font-mono text-xs text-zinc-500" title={i.digest}>
                  {shortDigest(i.digest)}
                </td>
                <td className="px-3 py-2 text-xs">{i.architectures.join(', ') || '—'}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatBytes(i.size)}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <RelativeTime ms={i.lastPushed} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <RelativeTime ms={i.lastPulled} fallback="never" />
                </td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <ItemStatusBadge status={i.status} />
                    {i.status === 'deleted' && i.confirmedByReread ? (
                      <span className="text-xs text-zinc-500" title="Docker Hub's answer was lost; Hubkeeper read the tag again and found it gone.">
                        confirmed by re-read
                      </span>
                    ) : null}
                    {i.finishedAt ? <span className="text-xs text-zinc-500">{formatExact(i.finishedAt)}</span> : null}
                    {i.attempts > 1 ? <span className="text-xs text-zinc-500">{i.attempts} attempts</span> : null}
                  </div>
                  {i.outcomeReason && i.status !== 'deleted' ? (
                    <p className="mt-1 max-w-md text-xs text-zinc-600 dark:text-zinc-400" data-testid="item-reason">
                      {i.outcomeReason}
                      {i.currentDigest ? <span className="font-mono"> (now {shortDigest(i.currentDigest)})</span> : null}
                    </p>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function History({ r }: { r: DeletionRequestDetailDTO }) {
  const events: { at: number; text: string }[] = [{ at: r.createdAt, text: `Requested by ${r.requesterEmail ?? 'a retention policy'}` }];
  for (const d of r.decisions) {
    events.push({ at: d.at, text: `${d.decision === 'approve' ? 'Approved' : 'Rejected'} by ${d.approverEmail}${d.comment ? `: “${d.comment}”` : ''}` });
  }
  if (r.expiredAt) events.push({ at: r.expiredAt, text: 'Expired without enough approvals' });
  if (r.cancelledAt) events.push({ at: r.cancelledAt, text: `Cancelled by ${r.cancelledByEmail ?? 'someone'}${r.cancelComment ? `: “${r.cancelComment}”` : ''}` });
  if (r.executionStartedAt) events.push({ at: r.executionStartedAt, text: 'Execution started' });
  if (r.finishedAt) events.push({ at: r.finishedAt, text: 'Execution finished' });
  events.sort((a, b) => a.at - b.at);
  return (
    <Card>
      <CardHeader>
        <CardTitle>History</CardTitle>
      </CardHeader>
      <CardContent>
        <ol className="space-y-1.5 text-sm" data-testid="request-history">
          {events.map((e, i) => (
            <li key={i} className="flex gap-3">
              <span className="w-44 shrink-0 text-xs text-zinc-500 tabular-nums">{formatExact(e.at)}</span>
              <span>{e.text}</span>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
