import 'server-only';
// pg-boss handlers of the deletion feature: execute an approved request, and (once per worker
// process, when the worker starts) the sweep loop that expires requests, re-sends lost execution
// jobs and overdue webhooks.
import type { JobDefinition } from '@/lib/jobs/boss';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';
import { executeDeletionRequest } from '@/lib/services/deletions/executor';
import { EXECUTE_DELETION_QUEUE, type ExecuteDeletionJob } from '@/lib/services/deletions/queues';
import { startDeletionSweeper } from '@/lib/services/deletions/sweep';
import { webhookJobDefinitions } from './webhooks';

export const executeDeletionJob: JobDefinition<ExecuteDeletionJob> = {
  ...EXECUTE_DELETION_QUEUE,
  // A getter: env is read when the worker starts, not when this module loads (e.g. at build).
  get work() {
    return { pollingIntervalSeconds: env().HUBKEEPER_DELETION_POLL_SECONDS };
  },
  async handle(job) {
    const outcome = await executeDeletionRequest(job.data.requestId);
    logger.info({ requestId: job.data.requestId, outcome }, 'deletion execution job done');
  },
};

/**
 * The deletion and webhook job definitions for lib/jobs/registry.ts. The registry asks for them
 * once, when a process starts its workers, so this is also where that process's sweep loop
 * starts: at start it re-dispatches whatever a crashed worker left unfinished.
 */
export function deletionJobDefinitions(): JobDefinition[] {
  startDeletionSweeper();
  return [executeDeletionJob as JobDefinition, ...webhookJobDefinitions()];
}
