import 'server-only';
// pg-boss side of retention policies. Each scheduled policy has its own pg-boss schedule and queue
// (`retention.policy.<id>`, pg-boss 10 keys schedules by queue name), registered with the policy's
// cron and time zone; pg-boss's cron fires each slot once across all processes, and the run row's
// unique (policy, slot) makes a duplicate delivery harmless. Because those queues come and go with
// policies, every worker process runs a small scheduler loop that syncs schedules from the
// database, starts/stops workers for the policy queues, and re-sends stalled runs. "Run now" and
// resumed runs go through the static `retention.run` queue.
import type PgBoss from 'pg-boss';
import { ensureQueue, getBoss, type JobDefinition } from '@/lib/jobs/boss';
import { logger } from '@/lib/logger';
import {
  executeRetentionRun,
  findStalledRuns,
  onRetentionScheduleChange,
  policyQueueName,
  RETENTION_RUN_QUEUE,
  runScheduledSlot,
  syncRetentionSchedules,
  type RetentionDeps,
} from '@/lib/services/retention';

export interface RetentionRunJob {
  runId: string;
}

export interface PolicySlotJob {
  policyId: string;
}

/** Executes one run (idempotent: a finished run or one held by another worker is skipped). */
export const retentionRunJob: JobDefinition<RetentionRunJob> = {
  ...RETENTION_RUN_QUEUE,
  work: { pollingIntervalSeconds: 2 },
  async handle(job) {
    if (typeof job.data.runId !== 'string') return;
    const outcome = await executeRetentionRun(job.data.runId);
    logger.info({ runId: job.data.runId, outcome: outcome.status }, 'retention run job done');
  },
};

export interface RetentionSchedulerOptions {
  /** How often schedules and workers are re-synced from the database (default 30 s). */
  intervalMs?: number;
  /** Polling interval of the per-policy workers (default 5 s). */
  pollingIntervalSeconds?: number;
  /** Passed to the runs (tests: a controllable clock and Hub client). */
  deps?: RetentionDeps;
}

export interface RetentionScheduler {
  /** Syncs schedules and workers now (serialised with the loop). */
  syncNow(): Promise<void>;
  stop(): Promise<void>;
  /** Policy queues this process works on. */
  working(): string[];
}

/** Starts the retention scheduler loop on `boss` (one per process and pg-boss instance). */
export function startRetentionScheduler(boss: PgBoss, options: RetentionSchedulerOptions = {}): RetentionScheduler {
  const working = new Map<string, string>();
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const handleSlot = async (jobs: PgBoss.Job<PolicySlotJob>[]) => {
    for (const job of jobs) {
      const outcome = await runScheduledSlot(job.data.policyId, options.deps ?? {});
      logger.info({ policyId: job.data.policyId, outcome: outcome.status }, 'retention scheduled slot done');
    }
  };

  const sync = async () => {
    if (stopped) return;
    const { policies } = await syncRetentionSchedules(boss);
    const wanted = new Set(policies.map((p) => policyQueueName(p.id)));
    for (const name of wanted) {
      if (working.has(name)) continue;
      const id = await boss.work<PolicySlotJob>(
        name,
        { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 5 },
        handleSlot,
      );
      working.set(name, id);
    }
    for (const [name] of working) {
      if (wanted.has(name)) continue;
      await boss.offWork(name).catch(() => undefined);
      working.delete(name);
    }
    const stalled = await findStalledRuns();
    if (stalled.length > 0) {
      await ensureQueue(boss, RETENTION_RUN_QUEUE);
      for (const runId of stalled)
        await boss.send(
          RETENTION_RUN_QUEUE.queue,
          { runId },
          { singletonKey: `retention-run:${runId}`, singletonSeconds: 60 },
        );
    }
  };

  const syncNow = (): Promise<void> => {
    const next = chain.then(sync, sync);
    chain = next.catch((err: unknown) =>
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'retention scheduler sync failed'),
    );
    return next;
  };

  const unsubscribe = onRetentionScheduleChange(syncNow);
  const timer = setInterval(() => {
    syncNow().catch(() => undefined);
  }, options.intervalMs ?? 30_000);
  timer.unref();
  syncNow().catch(() => undefined);

  return {
    syncNow,
    working: () => [...working.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await chain;
      for (const name of working.keys()) await boss.offWork(name).catch(() => undefined);
      working.clear();
    },
  };
}

const globalForScheduler = globalThis as unknown as { hubkeeperRetentionScheduler?: boolean };

/**
 * The retention job definitions for lib/jobs/registry.ts. The registry asks once per process when
 * it starts its workers, so this also starts that process's scheduler loop on the shared pg-boss.
 */
export function retentionJobDefinitions(): JobDefinition[] {
  if (!globalForScheduler.hubkeeperRetentionScheduler) {
    globalForScheduler.hubkeeperRetentionScheduler = true;
    getBoss()
      .then((boss) => startRetentionScheduler(boss))
      .catch((err: unknown) =>
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'retention scheduler did not start'),
      );
  }
  return [retentionRunJob as unknown as JobDefinition];
}
