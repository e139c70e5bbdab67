import 'server-only';
import { getBoss, startWorkers } from './boss';
import { allJobDefinitions } from './registry';
import { logger } from '@/lib/logger';

/** Starts every queue's workers in this process (called at server boot and by scripts/worker.ts). */
export async function runWorkers(connectionString?: string): Promise<void> {
  const boss = await getBoss(connectionString);
  const definitions = await allJobDefinitions();
  await startWorkers(boss, definitions);
  logger.info({ queues: definitions.map((d) => d.queue) }, 'background workers started');
}
