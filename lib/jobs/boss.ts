import 'server-only';
import PgBoss from 'pg-boss';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';

// Background work (approved deletions, bulk description edits, scheduled
// retention, webhook deliveries) runs on pg-boss queues in Hubkeeper's own
// Postgres, in the `pgboss` schema. Every app process runs workers, so several
// instances can run side by side: pg-boss hands each job to exactly one of them
// (SKIP LOCKED), and its cron scheduler fires each slot once across processes.

/** A queue handler registered by a feature module under lib/jobs/handlers/. */
export interface JobDefinition<T extends object = object> {
  queue: string;
  /** Queue options: retries, expiry (a job whose worker died is retried after `expireInSeconds`). */
  options?: Omit<PgBoss.Queue, 'name'>;
  work?: PgBoss.WorkOptions;
  handle(job: PgBoss.Job<T>): Promise<void>;
}

const globalForBoss = globalThis as unknown as { hubkeeperBoss?: Promise<PgBoss> };

/** The process-wide pg-boss instance, started on first use (jobs can be sent before workers run). */
export function getBoss(connectionString: string = env().DATABASE_URL): Promise<PgBoss> {
  globalForBoss.hubkeeperBoss ??= (async () => {
    const boss = new PgBoss({ connectionString, schema: 'pgboss', max: 5 });
    boss.on('error', (err: Error) => logger.error({ err: err.message }, 'pg-boss error'));
    await boss.start();
    return boss;
  })();
  return globalForBoss.hubkeeperBoss;
}

/** Creates the queue if needed; call before send/work. Idempotent. */
export async function ensureQueue(boss: PgBoss, def: Pick<JobDefinition, 'queue' | 'options'>): Promise<void> {
  const existing = await boss.getQueue(def.queue);
  if (!existing) await boss.createQueue(def.queue, { name: def.queue, ...def.options });
}

/** Sends one job to a queue (creating the queue if needed); returns the job id. */
export async function sendJob<T extends object>(
  def: Pick<JobDefinition<T>, 'queue' | 'options'>,
  data: T,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const boss = await getBoss();
  await ensureQueue(boss, def);
  return boss.send(def.queue, data, options);
}

/** Starts workers for every definition on the given pg-boss instance. */
export async function startWorkers(boss: PgBoss, definitions: JobDefinition[]): Promise<void> {
  for (const def of definitions) {
    await ensureQueue(boss, def);
    await boss.work(def.queue, { batchSize: 1, pollingIntervalSeconds: 1, ...def.work }, async (jobs) => {
      for (const job of jobs) await def.handle(job as PgBoss.Job<object>);
    });
  }
}

/** Stops the process-wide instance, letting running jobs finish (graceful shutdown). */
export async function stopBoss(): Promise<void> {
  const pending = globalForBoss.hubkeeperBoss;
  globalForBoss.hubkeeperBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, wait: true, timeout: 20_000 });
}
