import 'server-only';
// The periodic sweep every worker process runs (at start, then every
// HUBKEEPER_DELETION_SWEEP_SECONDS): expire pending requests past their deadline, re-send
// execution jobs for approved requests that are unfinished and not being executed (a crash
// between commit and send, or a worker killed mid-run), and re-send overdue webhook deliveries.
// Every step is a compare-and-set or idempotent, so processes may sweep at the same time.
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';
import { sweepOverdueWebhooks } from '../webhooks';
import { expireDueRequests } from './decisions';
import { EXECUTION_LOCK_SPACE } from './executor';
import { dispatchExecution } from './queues';

export interface SweepResult {
  expired: number;
  redispatched: number;
  webhooks: number;
}

/** Approved (or cancelled-while-running) requests with open items and no live executor. */
export async function findStalledExecutions(limit = 200): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT r."id" FROM "DeletionRequest" r
     WHERE r."executionQueuedAt" IS NOT NULL AND r."finishedAt" IS NULL AND r."status" IN ('approved', 'cancelled')
       AND NOT EXISTS (
         SELECT 1 FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted
            AND l.classid::text::bigint = ${EXECUTION_LOCK_SPACE}
            AND l.objid::text::bigint = (hashtext(r."id") & 2147483647))
     ORDER BY r."executionQueuedAt" ASC
     LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** One sweep. */
export async function sweepDeletions(): Promise<SweepResult> {
  const expired = await expireDueRequests();
  const stalled = await findStalledExecutions();
  for (const id of stalled) await dispatchExecution(id);
  const webhooks = await sweepOverdueWebhooks();
  return { expired, redispatched: stalled.length, webhooks };
}

const globalForSweeper = globalThis as unknown as { hubkeeperDeletionSweeper?: { timer: NodeJS.Timeout } };

/** Starts the sweep loop in this process (once): a sweep now, then every HUBKEEPER_DELETION_SWEEP_SECONDS. */
export function startDeletionSweeper(): void {
  if (globalForSweeper.hubkeeperDeletionSweeper) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const result = await sweepDeletions();
      if (result.expired + result.redispatched + result.webhooks > 0) logger.info(result, 'deletion sweep');
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'deletion sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), env().HUBKEEPER_DELETION_SWEEP_SECONDS * 1000);
  timer.unref();
  globalForSweeper.hubkeeperDeletionSweeper = { timer };
  setImmediate(() => void tick());
}

/** Stops the sweep loop of this process (tests, graceful shutdown). */
export function stopDeletionSweeper(): void {
  const s = globalForSweeper.hubkeeperDeletionSweeper;
  if (s) clearInterval(s.timer);
  globalForSweeper.hubkeeperDeletionSweeper = undefined;
}
