import 'server-only';
// Queue names and options of the deletion and webhook jobs, shared by the services that send
// jobs (after their transaction commits) and the handlers that run them.
import type { JobDefinition } from '@/lib/jobs/boss';
import { sendJob } from '@/lib/jobs/boss';
import { logger } from '@/lib/logger';

export interface ExecuteDeletionJob {
  requestId: string;
}
export interface DeliverWebhookJob {
  deliveryId: string;
}

/** Runs an approved request. Jobs may repeat (sweeper, pg-boss retries): the executor is idempotent and locked per request. */
export const EXECUTE_DELETION_QUEUE: Pick<JobDefinition<ExecuteDeletionJob>, 'queue' | 'options'> = {
  queue: 'deletions.execute',
  options: { retryLimit: 5, retryDelay: 15, retryBackoff: true, expireInSeconds: 6 * 3600 },
};

/** One delivery attempt of one webhook outbox row; back-off is scheduled by the handler itself. */
export const DELIVER_WEBHOOK_QUEUE: Pick<JobDefinition<DeliverWebhookJob>, 'queue' | 'options'> = {
  queue: 'webhooks.deliver',
  options: { retryLimit: 2, retryDelay: 30, expireInSeconds: 300 },
};

/**
 * Sends the execution job for a request. Called after the approving transaction committed; a
 * failure here loses nothing, because the sweeper re-sends jobs for approved, unfinished requests.
 */
export async function dispatchExecution(requestId: string): Promise<void> {
  try {
    await sendJob(EXECUTE_DELETION_QUEUE, { requestId });
  } catch (err) {
    logger.warn({ requestId, err: err instanceof Error ? err.message : String(err) }, 'could not queue deletion execution; the sweeper will retry');
  }
}

/** Sends delivery jobs for outbox rows (after commit); `startAfter` for retries. Lost sends are swept up. */
export async function dispatchWebhookDeliveries(deliveryIds: readonly string[], startAfter?: Date): Promise<void> {
  for (const deliveryId of deliveryIds) {
    try {
      await sendJob(DELIVER_WEBHOOK_QUEUE, { deliveryId }, startAfter ? { startAfter } : {});
    } catch (err) {
      logger.warn({ deliveryId, err: err instanceof Error ? err.message : String(err) }, 'could not queue webhook delivery; the sweeper will retry');
    }
  }
}
