import 'server-only';
// Decisions on deletion requests: approve, reject, cancel, expire. Every state change is a
// compare-and-set on the request's status (`UPDATE … WHERE id = $1 AND status = 'pending'`), taken
// after locking the request row, so of simultaneous approve/reject/cancel/expire exactly one wins
// and the others see "This request was already approved/rejected/cancelled/expired". The database
// enforces the same rules again (triggers in the deletions migration). Audit events and webhook
// outbox rows are written in the same transaction as the change.
import { hasPermission } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/audit';
import { db } from '@/lib/db';
import { AppError, forbiddenError } from '@/lib/errors';
import { enqueueWebhookEvent } from '../webhooks';
import {
  alreadyDecidedError,
  assertCan,
  auditActor,
  isUniqueViolation,
  repoRef,
  requestNotFound,
  translateDbError,
  type DeletionActor,
  type Tx,
} from './common';
import { requestEventSelect, requestWebhookData } from './events';
import { dispatchExecution, dispatchWebhookDeliveries } from './queues';
import type { DeletionRequestStatus } from './types';

interface LockedRequest {
  id: string;
  status: DeletionRequestStatus;
  requesterId: string | null;
  expiresAt: Date;
  requiredApprovals: number;
  instanceId: string;
  namespace: string;
  repository: string;
  finishedAt: Date | null;
}

/** Locks the request row for the rest of the transaction (decisions on one request run one at a time). */
async function lockRequest(tx: Tx, requestId: string): Promise<LockedRequest> {
  const rows = await tx.$queryRaw<LockedRequest[]>`
    SELECT "id", "status"::text AS "status", "requesterId", "expiresAt", "requiredApprovals",
           "instanceId", "namespace", "repository", "finishedAt"
      FROM "DeletionRequest" WHERE "id" = ${requestId} FOR UPDATE`;
  const row = rows[0];
  if (row === undefined) throw requestNotFound();
  return row;
}

async function eventSource(tx: Tx, requestId: string) {
  const r = await tx.deletionRequest.findUniqueOrThrow({ where: { id: requestId }, select: requestEventSelect });
  return { ...r, tagCount: r._count.items };
}

function expiredError(expiresAt: Date): AppError {
  return new AppError('conflict', `This request expired at ${expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC; re-submit it to ask again.`);
}

function isDue(r: LockedRequest): boolean {
  return r.expiresAt.getTime() <= Date.now();
}

/** Thrown inside a decision's transaction when the request is past its deadline (nothing written). */
class ExpiredRefusal extends Error {
  constructor(readonly expiresAt: Date) {
    super('expired');
  }
}

async function runDecision<T>(fn: (tx: Tx) => Promise<T>, requestId: string): Promise<T> {
  try {
    return await db.$transaction(fn);
  } catch (err) {
    if (err instanceof ExpiredRefusal) {
      await expireIfDue(requestId);
      throw expiredError(err.expiresAt);
    }
    if (isUniqueViolation(err)) throw new AppError('conflict', 'You already decided on this request.');
    throw translateDbError(err);
  }
}

export interface ApproveResult {
  status: 'pending' | 'approved';
  approvals: number;
  requiredApprovals: number;
}

/**
 * Records `actor`'s approval. When the request reaches its required number of distinct
 * approvals it becomes `approved` and its execution is owed (`executionQueuedAt`); the job is sent
 * after commit, and the sweeper re-sends it if that send is lost.
 */
export async function approveDeletionRequest(actor: DeletionActor, input: { requestId: string; comment?: string | undefined }): Promise<ApproveResult> {
  assertCan(actor, 'deletions.approve');
  const outcome = await runDecision(async (tx) => {
    const r = await lockRequest(tx, input.requestId);
    if (r.status !== 'pending') throw alreadyDecidedError(r.status);
    if (r.requesterId !== null && r.requesterId === actor.id) {
      throw new AppError('forbidden', "You requested this deletion, so you can't approve it; another approver has to.");
    }
    if (isDue(r)) throw new ExpiredRefusal(r.expiresAt);
    const mine = await tx.deletionApproval.findUnique({ where: { requestId_approverId: { requestId: r.id, approverId: actor.id } }, select: { decision: true } });
    if (mine !== null) throw new AppError('conflict', 'You already approved this request; it needs approvals from other people.');
    await tx.deletionApproval.create({
      data: { requestId: r.id, approverId: actor.id, approverEmail: actor.email, decision: 'approve', comment: input.comment ?? null },
    });
    const approvals = await tx.deletionApproval.count({ where: { requestId: r.id, decision: 'approve' } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'deletion.approval_recorded',
      instanceId: r.instanceId,
      repository: repoRef(r.namespace, r.repository),
      details: { requestId: r.id, approvals, requiredApprovals: r.requiredApprovals, ...(input.comment ? { comment: input.comment } : {}) },
    });
    if (approvals < r.requiredApprovals) {
      return { status: 'pending' as const, approvals, requiredApprovals: r.requiredApprovals, deliveries: [] as string[] };
    }
    const now = new Date();
    const won = await tx.deletionRequest.updateMany({
      where: { id: r.id, status: 'pending' },
      data: { status: 'approved', approvedAt: now, executionQueuedAt: now },
    });
    if (won.count !== 1) throw alreadyDecidedError((await tx.deletionRequest.findUniqueOrThrow({ where: { id: r.id }, select: { status: true } })).status);
    const approvers = await tx.deletionApproval.findMany({ where: { requestId: r.id, decision: 'approve' }, select: { approverEmail: true }, orderBy: { createdAt: 'asc' } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'deletion.approved',
      instanceId: r.instanceId,
      repository: repoRef(r.namespace, r.repository),
      details: { requestId: r.id, approvals, requiredApprovals: r.requiredApprovals, approvers: approvers.map((a) => a.approverEmail) },
    });
    const deliveries = await enqueueWebhookEvent(tx, {
      instanceId: r.instanceId,
      event: 'request.approved',
      data: requestWebhookData(await eventSource(tx, r.id), { actor: actor.email, comment: input.comment ?? null }),
    });
    return { status: 'approved' as const, approvals, requiredApprovals: r.requiredApprovals, deliveries };
  }, input.requestId);
  await dispatchWebhookDeliveries(outcome.deliveries);
  if (outcome.status === 'approved') await dispatchExecution(input.requestId);
  return { status: outcome.status, approvals: outcome.approvals, requiredApprovals: outcome.requiredApprovals };
}

/** Rejects a pending request with a comment (one rejection is enough). */
export async function rejectDeletionRequest(actor: DeletionActor, input: { requestId: string; comment: string }): Promise<void> {
  assertCan(actor, 'deletions.approve');
  const comment = input.comment.trim();
  if (comment === '') throw new AppError('validation', 'Say why you are rejecting the request.', { comment: ['Say why you are rejecting the request.'] });
  const deliveries = await runDecision(async (tx) => {
    const r = await lockRequest(tx, input.requestId);
    if (r.status !== 'pending') throw alreadyDecidedError(r.status);
    if (r.requesterId !== null && r.requesterId === actor.id) {
      throw new AppError('forbidden', "You requested this deletion, so you can't decide on it; cancel it instead.");
    }
    if (isDue(r)) throw new ExpiredRefusal(r.expiresAt);
    await tx.deletionApproval.create({
      data: { requestId: r.id, approverId: actor.id, approverEmail: actor.email, decision: 'reject', comment },
    });
    const won = await tx.deletionRequest.updateMany({ where: { id: r.id, status: 'pending' }, data: { status: 'rejected', rejectedAt: new Date() } });
    if (won.count !== 1) throw alreadyDecidedError((await tx.deletionRequest.findUniqueOrThrow({ where: { id: r.id }, select: { status: true } })).status);
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'deletion.rejected',
      instanceId: r.instanceId,
      repository: repoRef(r.namespace, r.repository),
      details: { requestId: r.id, comment },
    });
    return enqueueWebhookEvent(tx, {
      instanceId: r.instanceId,
      event: 'request.rejected',
      data: requestWebhookData(await eventSource(tx, r.id), { actor: actor.email, comment }),
    });
  }, input.requestId);
  await dispatchWebhookDeliveries(deliveries);
}

export interface CancelResult {
  /** Items that will not be deleted now. */
  cancelledItems: number;
  /** Items whose DELETE may be on its way; the worker settles them. */
  inFlight: number;
}

/**
 * Cancels a pending request, or the rest of a running one: items not yet in flight become
 * `cancelled`; an item already in flight is settled by the worker (deleted if Hub applied it).
 * Admins and approvers may cancel.
 */
export async function cancelDeletionRequest(
  actor: DeletionActor,
  input: {
    requestId: string;
    comment?: string | undefined;
    /** The status the person saw when they clicked Cancel; if it changed since, nothing happens. */
    expectedStatus?: 'pending' | 'approved' | undefined;
  },
): Promise<CancelResult> {
  if (!hasPermission(actor, 'deletions.request') && !hasPermission(actor, 'deletions.approve')) throw forbiddenError();
  const outcome = await runDecision(async (tx) => {
    const r = await lockRequest(tx, input.requestId);
    if (input.expectedStatus !== undefined && r.status !== input.expectedStatus) throw alreadyDecidedError(r.status);
    if (r.status === 'pending') {
      if (isDue(r)) throw new ExpiredRefusal(r.expiresAt);
    } else if (r.status === 'approved' && r.finishedAt === null) {
      const left = await tx.deletionItem.count({ where: { requestId: r.id, status: 'pending' } });
      if (left === 0) {
        throw new AppError('conflict', 'Nothing is left to cancel: every tag has been processed or is being deleted right now.');
      }
    } else if (r.status === 'approved' || r.status === 'completed') {
      throw new AppError('conflict', 'This request has already finished; there is nothing left to cancel.');
    } else {
      throw alreadyDecidedError(r.status);
    }
    const now = new Date();
    const won = await tx.deletionRequest.updateMany({
      where: { id: r.id, status: r.status, finishedAt: null },
      data: { status: 'cancelled', cancelledAt: now, cancelledById: actor.id, cancelledByEmail: actor.email, cancelComment: input.comment ?? null },
    });
    if (won.count !== 1) throw alreadyDecidedError((await tx.deletionRequest.findUniqueOrThrow({ where: { id: r.id }, select: { status: true } })).status);
    const cancelled = await tx.deletionItem.updateMany({
      where: { requestId: r.id, status: 'pending' },
      data: { status: 'cancelled', finishedAt: now, outcomeReason: `Cancelled by ${actor.email} before it was deleted.` },
    });
    const inFlight = await tx.deletionItem.count({ where: { requestId: r.id, status: 'in_flight' } });
    if (inFlight === 0) await tx.deletionRequest.update({ where: { id: r.id }, data: { finishedAt: now } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'deletion.cancelled',
      instanceId: r.instanceId,
      repository: repoRef(r.namespace, r.repository),
      details: { requestId: r.id, previousStatus: r.status, cancelledItems: cancelled.count, inFlight, ...(input.comment ? { comment: input.comment } : {}) },
    });
    const deliveries = await enqueueWebhookEvent(tx, {
      instanceId: r.instanceId,
      event: 'request.cancelled',
      data: requestWebhookData(await eventSource(tx, r.id), { actor: actor.email, comment: input.comment ?? null }),
    });
    return { cancelledItems: cancelled.count, inFlight, deliveries };
  }, input.requestId);
  await dispatchWebhookDeliveries(outcome.deliveries);
  if (outcome.inFlight > 0) await dispatchExecution(input.requestId);
  return { cancelledItems: outcome.cancelledItems, inFlight: outcome.inFlight };
}

/**
 * Moves one pending request past its deadline to `expired` (compare-and-set, with audit and
 * webhook in the same transaction). Returns true when this call expired it.
 */
export async function expireIfDue(requestId: string): Promise<boolean> {
  const { expired, deliveries } = await db.$transaction(async (tx) => {
    // Database time on both sides: the trigger checks the deadline against now() as well.
    const won = await tx.$executeRaw`
      UPDATE "DeletionRequest" SET "status" = 'expired', "expiredAt" = now(), "updatedAt" = now()
       WHERE "id" = ${requestId} AND "status" = 'pending' AND "expiresAt" <= now()`;
    if (won !== 1) return { expired: false, deliveries: [] as string[] };
    const r = await eventSource(tx, requestId);
    await recordAudit(tx, {
      actor: null,
      action: 'deletion.expired',
      instanceId: r.instanceId,
      repository: repoRef(r.namespace, r.repository),
      details: { requestId, expiresAt: r.expiresAt.toISOString(), tagCount: r.tagCount },
    });
    const deliveries = await enqueueWebhookEvent(tx, { instanceId: r.instanceId, event: 'request.expired', data: requestWebhookData(r) });
    return { expired: true, deliveries };
  });
  await dispatchWebhookDeliveries(deliveries);
  return expired;
}

/** Expires every pending request past its deadline; returns how many this call expired. */
export async function expireDueRequests(limit = 500): Promise<number> {
  const due = await db.deletionRequest.findMany({
    where: { status: 'pending', expiresAt: { lte: new Date() } },
    select: { id: true },
    orderBy: { expiresAt: 'asc' },
    take: limit,
  });
  let count = 0;
  for (const r of due) if (await expireIfDue(r.id)) count += 1;
  return count;
}
