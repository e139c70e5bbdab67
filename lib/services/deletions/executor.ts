import 'server-only';
// Executes approved deletion requests, exactly once in effect per tag, across crashes.
//
// One executor per request at a time: a session-level advisory lock on a dedicated connection.
// If the worker dies (even SIGKILL), Postgres drops the connection and the lock with it, so a
// restarted worker can take over at once.
//
// Per-item ledger: before a DELETE is sent, the item is marked `in_flight` (attempts + 1) in its
// own committed statement — run on the lock's own connection, so only the lock holder can claim,
// and guarded by the request row (`status = 'approved'`, FOR SHARE) in the same statement, so no
// DELETE is ever sent for a request that is not approved. After a 2xx the item is `deleted`.
// An item found `in_flight` on resume may have had its DELETE applied: Hub is read again — gone
// means deleted (confirmed by re-read); present with the snapshot digest means DELETE again (same
// effect; a 404 then also means deleted); a different digest means someone re-pushed, so it is
// skipped. Every outcome is written with its audit event in one transaction.
import pg from 'pg';
import { recordAudit } from '@/lib/audit';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { isHubError, type HubClient, type HubError } from '@/lib/hub';
import { logger } from '@/lib/logger';
import { getHubClientForInstance } from '../hub-clients';
import { enqueueWebhookEvent } from '../webhooks';
import { OPEN_ITEM_STATUSES, countsFrom, repoRef } from './common';
import { requestEventSelect, requestWebhookData } from './events';
import { dispatchWebhookDeliveries } from './queues';
import type { DeletionItemStatus } from './types';

/** First key of this feature's two-int advisory locks ('hkdl'). */
export const EXECUTION_LOCK_SPACE = 0x686b646c;

export interface ExecutionLock {
  readonly client: pg.Client;
  /** True once the lock's connection broke (the lock may now belong to someone else). */
  lost(): boolean;
  release(): Promise<void>;
}

/** Takes the request's execution lock on a dedicated connection, or returns null when another executor holds it. */
export async function tryLockExecution(requestId: string, connectionString: string = env().DATABASE_URL): Promise<ExecutionLock | null> {
  const client = new pg.Client({ connectionString, application_name: 'hubkeeper-deletion-executor' });
  let broken = false;
  let releasing = false;
  client.on('error', (err) => {
    broken = true;
    logger.warn({ requestId, err: err.message }, 'deletion executor lock connection failed');
  });
  client.on('end', () => {
    if (!releasing) broken = true;
  });
  await client.connect();
  try {
    const res = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, hashtext($2) & 2147483647) AS ok', [EXECUTION_LOCK_SPACE, requestId]);
    if (res.rows[0]?.ok !== true) {
      releasing = true;
      await client.end();
      return null;
    }
  } catch (err) {
    releasing = true;
    await client.end().catch(() => undefined);
    throw err;
  }
  return {
    client,
    lost: () => broken,
    release: async () => {
      releasing = true;
      try {
        if (!broken) await client.query('SELECT pg_advisory_unlock($1::int, hashtext($2) & 2147483647)', [EXECUTION_LOCK_SPACE, requestId]);
      } catch {
        // Closing the connection releases it anyway.
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

export interface ExecutorDeps {
  hubClient?: (instanceId: string) => Promise<HubClient>;
  sleep?: (ms: number) => Promise<void>;
  /** First back-off after a transient failure, doubling (default env HUBKEEPER_DELETION_RETRY_BASE_MS). */
  retryBaseMs?: number;
  /** DELETEs per tag before it is marked failed (default env HUBKEEPER_DELETION_MAX_ATTEMPTS). */
  maxAttempts?: number;
  connectionString?: string;
}

/**
 * `finished`: every item is final and the request is closed. `busy`: another executor holds the
 * request. `nothing`: not approved / already finished. `deferred`: Hub kept failing transiently;
 * items stay pending or in flight and the sweeper dispatches the request again.
 */
export type ExecutionOutcome = 'finished' | 'busy' | 'nothing' | 'deferred';

interface ItemState {
  id: string;
  tag: string;
  digest: string;
  status: DeletionItemStatus;
  attempts: number;
}

interface Ctx {
  requestId: string;
  instanceId: string;
  namespace: string;
  repository: string;
  lock: ExecutionLock;
  client: HubClient;
  sleep: (ms: number) => Promise<void>;
  retryBaseMs: number;
  maxAttempts: number;
  /** Transient failures one item absorbs in one run before the run is deferred. */
  maxTransient: number;
  /** Set after a token-level refusal: the remaining items fail the same way without calling Hub. */
  credentialError: string | null;
}

const CREDENTIAL_CODES = new Set(['unauthorized', 'pat_not_allowed', 'oat_not_allowed', 'insufficient_scope', 'forbidden']);

function isTransient(err: unknown): err is HubError {
  return isHubError(err) && (err.code === 'unavailable' || err.code === 'rate_limited');
}

function backoff(ctx: Ctx, n: number): number {
  const ceiling = Math.min(60_000, ctx.retryBaseMs * 2 ** Math.max(0, n - 1));
  return Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
}

function waitFor(ctx: Ctx, err: HubError, n: number): number {
  if (err.code === 'rate_limited') return Math.min(300_000, Math.max(err.retryAfterMs ?? 0, backoff(ctx, n)));
  return backoff(ctx, n);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Marks the item in flight (first DELETE from `pending`, or a repeat from `in_flight`) if and only
 * if its request is approved — one statement, on the lock's connection. Returns the new attempt
 * count, or null when the request is no longer approved or the item moved on.
 */
async function claim(ctx: Ctx, item: ItemState, from: 'pending' | 'in_flight'): Promise<number | null> {
  const res = await ctx.lock.client.query<{ attempts: number }>(
    `WITH req AS MATERIALIZED (
       SELECT r."id" FROM "DeletionRequest" r WHERE r."id" = $2 AND r."status" = 'approved' FOR SHARE
     )
     UPDATE "DeletionItem" i
        SET "status" = 'in_flight', "attempts" = i."attempts" + 1, "inFlightAt" = now(), "updatedAt" = now()
      WHERE i."id" = $1 AND i."requestId" IN (SELECT "id" FROM req) AND i."status" = $3::"DeletionItemStatus"
        AND i."attempts" = $4
      RETURNING i."attempts"`,
    [item.id, ctx.requestId, from, item.attempts],
  );
  return res.rows[0]?.attempts ?? null;
}

interface Outcome {
  status: Exclude<DeletionItemStatus, 'pending' | 'in_flight'>;
  confirmedByReread?: boolean;
  outcomeReason?: string;
  currentDigest?: string | null;
}

/** Writes a final outcome (compare-and-set on the open statuses) with its audit event. */
async function finalize(ctx: Ctx, item: ItemState, outcome: Outcome): Promise<void> {
  await db.$transaction(async (tx) => {
    const now = new Date();
    const won = await tx.deletionItem.updateMany({
      where: { id: item.id, status: { in: [...OPEN_ITEM_STATUSES] } },
      data: {
        status: outcome.status,
        finishedAt: now,
        confirmedByReread: outcome.confirmedByReread ?? false,
        outcomeReason: outcome.outcomeReason ?? null,
        currentDigest: outcome.currentDigest ?? null,
      },
    });
    if (won.count !== 1) return;
    await recordAudit(tx, {
      actor: null,
      action: `deletion.tag_${outcome.status}`,
      instanceId: ctx.instanceId,
      repository: repoRef(ctx.namespace, ctx.repository),
      details: {
        requestId: ctx.requestId,
        tag: item.tag,
        digest: item.digest,
        attempts: item.attempts,
        ...(outcome.confirmedByReread ? { confirmedByReread: true } : {}),
        ...(outcome.outcomeReason ? { reason: outcome.outcomeReason } : {}),
        ...(outcome.currentDigest ? { currentDigest: outcome.currentDigest } : {}),
      },
    });
  });
}

type Observation = { kind: 'gone' } | { kind: 'present'; digest: string | null };

/** Settles one item; 'deferred' when Hub kept failing transiently (the item stays open). */
async function processItem(ctx: Ctx, start: ItemState): Promise<'done' | 'deferred'> {
  const item: ItemState = { ...start };
  let transient = 0;
  let lastError: string | null = null;
  for (;;) {
    if (item.status === 'pending' && ctx.credentialError !== null) {
      await finalize(ctx, item, { status: 'failed', outcomeReason: ctx.credentialError });
      return 'done';
    }

    // 1. Look at Hub now.
    let seen: Observation;
    try {
      const tag = await ctx.client.getTag(ctx.namespace, ctx.repository, item.tag);
      seen = { kind: 'present', digest: tag.digest };
    } catch (err) {
      if (isHubError(err, 'not_found')) {
        seen = { kind: 'gone' };
      } else if (isTransient(err)) {
        transient += 1;
        if (transient > ctx.maxTransient) return 'deferred';
        await ctx.sleep(waitFor(ctx, err, transient));
        continue;
      } else if (isHubError(err)) {
        if (CREDENTIAL_CODES.has(err.code)) ctx.credentialError = err.message;
        await finalize(ctx, item, {
          status: 'failed',
          outcomeReason:
            item.status === 'in_flight' ? `Could not check whether the tag was deleted: ${err.message}` : `Could not read the tag before deleting it: ${err.message}`,
        });
        return 'done';
      } else {
        throw err;
      }
    }

    if (seen.kind === 'gone') {
      await finalize(
        ctx,
        item,
        item.status === 'in_flight'
          ? { status: 'deleted', confirmedByReread: true, outcomeReason: 'Confirmed gone on Docker Hub after the DELETE (its answer was lost).' }
          : { status: 'already_gone', outcomeReason: 'The tag was no longer on Docker Hub.' },
      );
      return 'done';
    }
    if (seen.digest !== item.digest) {
      await finalize(ctx, item, {
        status: 'skipped_changed',
        currentDigest: seen.digest,
        outcomeReason:
          item.status === 'in_flight'
            ? 'The tag now points to a different image than when it was requested (re-pushed after a DELETE attempt); not deleted again.'
            : 'The tag now points to a different image than when the deletion was requested; not deleted.',
      });
      return 'done';
    }
    if (item.status === 'in_flight' && item.attempts >= ctx.maxAttempts) {
      await finalize(ctx, item, {
        status: 'failed',
        outcomeReason: `Docker Hub kept failing after ${item.attempts} DELETE attempts${lastError ? `: ${lastError}` : ''}. The tag is still there.`,
      });
      return 'done';
    }

    // 2. Record the attempt before sending it (only while the request is approved).
    const from = item.status === 'in_flight' ? 'in_flight' : 'pending';
    const attempts = await claim(ctx, item, from);
    if (attempts === null) {
      const fresh = await db.deletionItem.findUnique({
        where: { id: item.id },
        select: { status: true, attempts: true, request: { select: { status: true } } },
      });
      if (fresh === null || !OPEN_ITEM_STATUSES.includes(fresh.status as (typeof OPEN_ITEM_STATUSES)[number])) return 'done';
      if (fresh.request.status !== 'approved') {
        await finalize(ctx, item, { status: 'cancelled', outcomeReason: 'The request was cancelled before this tag was deleted; it is still on Docker Hub.' });
        return 'done';
      }
      item.status = fresh.status;
      item.attempts = fresh.attempts;
      continue;
    }
    item.status = 'in_flight';
    item.attempts = attempts;

    // 3. DELETE.
    try {
      await ctx.client.deleteTag(ctx.namespace, ctx.repository, item.tag);
      await finalize(ctx, item, { status: 'deleted' });
      return 'done';
    } catch (err) {
      if (isHubError(err, 'not_found')) {
        await finalize(
          ctx,
          item,
          item.attempts > 1
            ? { status: 'deleted', confirmedByReread: true, outcomeReason: 'Docker Hub answered 404 to a repeated DELETE: the tag is gone.' }
            : { status: 'already_gone', outcomeReason: 'The tag disappeared between the check and the DELETE.' },
        );
        return 'done';
      }
      if (isTransient(err)) {
        lastError = err.message;
        transient += 1;
        if (transient > ctx.maxTransient) return 'deferred';
        // After an answer that may have been lost, look at Hub straight away; otherwise back off.
        if (!(err.code === 'unavailable' && err.maybeApplied === true)) await ctx.sleep(waitFor(ctx, err, transient));
        continue;
      }
      if (isHubError(err)) {
        if (CREDENTIAL_CODES.has(err.code)) ctx.credentialError = err.message;
        await finalize(ctx, item, { status: 'failed', outcomeReason: err.message });
        return 'done';
      }
      throw err;
    }
  }
}

/** Closes a request whose items are all final; writes `deletion.executed` and the `request.executed` webhook. */
async function finishRequest(requestId: string): Promise<boolean> {
  const result = await db.$transaction(async (tx) => {
    const open = await tx.deletionItem.count({ where: { requestId, status: { in: [...OPEN_ITEM_STATUSES] } } });
    if (open > 0) return null;
    const rows = await tx.$queryRaw<{ status: string }[]>`
      UPDATE "DeletionRequest"
         SET "status" = CASE WHEN "status" = 'approved' THEN 'completed'::"DeletionRequestStatus" ELSE "status" END,
             "finishedAt" = now(), "updatedAt" = now()
       WHERE "id" = ${requestId} AND "finishedAt" IS NULL AND "status" IN ('approved', 'cancelled')
      RETURNING "status"::text AS "status"`;
    if (rows.length !== 1) return null;
    const grouped = await tx.deletionItem.groupBy({ by: ['status'], where: { requestId }, _count: { _all: true } });
    const counts = countsFrom(grouped);
    const r = await tx.deletionRequest.findUniqueOrThrow({ where: { id: requestId }, select: requestEventSelect });
    await recordAudit(tx, {
      actor: null,
      action: 'deletion.executed',
      instanceId: r.instanceId,
      repository: repoRef(r.namespace, r.repository),
      details: { requestId, status: r.status, counts: { ...counts } },
    });
    const deliveries = await enqueueWebhookEvent(tx, {
      instanceId: r.instanceId,
      event: 'request.executed',
      data: requestWebhookData({ ...r, tagCount: r._count.items }, { counts }),
    });
    return { deliveries, instanceId: r.instanceId, namespace: r.namespace, repository: r.repository };
  });
  if (result === null) return false;
  await dispatchWebhookDeliveries(result.deliveries);
  try {
    // The browse cache of this process still lists the deleted tags; other processes expire theirs.
    const [{ invalidateHubCache }, { cacheKeys }] = await Promise.all([import('../hub-cache'), import('../browse')]);
    invalidateHubCache(result.instanceId, cacheKeys.tags(result.namespace, result.repository));
  } catch {
    // Only a cache.
  }
  return true;
}

/** Runs (or resumes) the execution of one request. Safe to call any number of times, from any process. */
export async function executeDeletionRequest(requestId: string, deps: ExecutorDeps = {}): Promise<ExecutionOutcome> {
  const lock = await tryLockExecution(requestId, deps.connectionString);
  if (lock === null) return 'busy';
  const e = env();
  const sleep = deps.sleep ?? defaultSleep;
  const retryBaseMs = deps.retryBaseMs ?? e.HUBKEEPER_DELETION_RETRY_BASE_MS;
  let ctx: Ctx | null = null;
  try {
    let idleRounds = 0;
    for (;;) {
      if (lock.lost()) throw new Error('The execution lock connection was lost; another worker will resume this request.');
      const req = await db.deletionRequest.findUnique({
        where: { id: requestId },
        select: { id: true, instanceId: true, namespace: true, repository: true, status: true, finishedAt: true, executionQueuedAt: true, executionStartedAt: true },
      });
      if (req === null || req.finishedAt !== null || req.executionQueuedAt === null || (req.status !== 'approved' && req.status !== 'cancelled')) {
        return 'nothing';
      }
      if (req.status === 'approved' && req.executionStartedAt === null) {
        await db.deletionRequest.updateMany({ where: { id: requestId, status: 'approved', executionStartedAt: null }, data: { executionStartedAt: new Date() } });
      }
      const items = await db.deletionItem.findMany({
        where: { requestId, status: { in: [...OPEN_ITEM_STATUSES] } },
        select: { id: true, tag: true, digest: true, status: true, attempts: true },
        orderBy: { tag: 'asc' },
      });
      if (items.length === 0) {
        await finishRequest(requestId);
        return 'finished';
      }
      ctx ??= {
        requestId,
        instanceId: req.instanceId,
        namespace: req.namespace,
        repository: req.repository,
        lock,
        client: await (deps.hubClient ?? getHubClientForInstance)(req.instanceId),
        sleep,
        retryBaseMs,
        maxAttempts: deps.maxAttempts ?? e.HUBKEEPER_DELETION_MAX_ATTEMPTS,
        maxTransient: 4,
        credentialError: null,
      };
      let progressed = false;
      for (const item of items) {
        if (lock.lost()) throw new Error('The execution lock connection was lost; another worker will resume this request.');
        if ((await processItem(ctx, item)) === 'done') progressed = true;
      }
      if (progressed) {
        idleRounds = 0;
      } else {
        idleRounds += 1;
        if (idleRounds >= 3) {
          logger.warn({ requestId }, 'deletion execution deferred: Docker Hub keeps failing; the sweeper will retry');
          return 'deferred';
        }
        await sleep(Math.min(60_000, retryBaseMs * 4 ** idleRounds));
      }
    }
  } finally {
    await lock.release();
  }
}
