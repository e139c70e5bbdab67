import 'server-only';
// pg-boss handlers of the descriptions feature: the bulk edit runner and its recovery cron.
// The work itself lives in lib/services/descriptions.ts (runBulkJob); a delivery runs for at most
// ~40 s and then sends a continuation, so pg-boss's expiry can stay short (60 s) and a worker
// that dies mid-job is replaced quickly without two runners ever working on one job (lease).
import { randomUUID } from 'node:crypto';
import { sendJob, type JobDefinition } from '@/lib/jobs/boss';
import { logger } from '@/lib/logger';
import { BULK_QUEUE, ensureRecoverSchedule, recoverStalledBulkJobs, RECOVER_QUEUE, runBulkJob } from '@/lib/services/descriptions';

export interface BulkDescriptionJobData {
  jobId: string;
}

/** Runs one bulk description edit (or its undo) until done or its time budget is used. */
export const bulkDescriptionsJob: JobDefinition<BulkDescriptionJobData> = {
  ...BULK_QUEUE,
  async handle(job) {
    const { jobId } = job.data;
    if (typeof jobId !== 'string' || jobId === '') return;
    // The recovery cron is created lazily; make sure a worker that runs jobs also has it.
    await ensureRecoverSchedule().catch(() => undefined);
    const result = await runBulkJob(jobId, { workerId: `${process.pid}:${randomUUID()}` });
    logger.info({ jobId, result }, 'description bulk job delivery done');
    if (result === 'continue') await sendJob(BULK_QUEUE, { jobId });
  },
};

/** Every minute: re-sends bulk jobs whose runner vanished. */
export const recoverDescriptionJobs: JobDefinition<object> = {
  ...RECOVER_QUEUE,
  async handle() {
    await recoverStalledBulkJobs();
  },
};

export const descriptionJobDefinitions: JobDefinition[] = [
  bulkDescriptionsJob as unknown as JobDefinition,
  recoverDescriptionJobs,
];
