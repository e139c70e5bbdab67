import 'server-only';
// pg-boss handler that delivers one webhook outbox row (one attempt; the service schedules the
// next attempt with exponential back-off).
import type { JobDefinition } from '@/lib/jobs/boss';
import { env } from '@/lib/env';
import { DELIVER_WEBHOOK_QUEUE, type DeliverWebhookJob } from '@/lib/services/deletions/queues';
import { deliverWebhook } from '@/lib/services/webhooks';

export const deliverWebhookJob: JobDefinition<DeliverWebhookJob> = {
  ...DELIVER_WEBHOOK_QUEUE,
  // A getter: env is read when the worker starts, not when this module loads (e.g. at build).
  get work() {
    return { pollingIntervalSeconds: env().HUBKEEPER_DELETION_POLL_SECONDS };
  },
  async handle(job) {
    await deliverWebhook(job.data.deliveryId);
  },
};

export function webhookJobDefinitions(): JobDefinition[] {
  return [deliverWebhookJob as JobDefinition];
}
