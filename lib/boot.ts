import 'server-only';
import { env, EnvError, isBuildPhase } from '@/lib/env';

/**
 * Server boot (Node.js runtime only): invalid configuration stops start-up with a
 * message naming the variable; then the first admin is seeded from the environment
 * and the background workers start.
 */
export async function bootServer(): Promise<void> {
  if (isBuildPhase()) return;
  try {
    env();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // First admin from HUBKEEPER_ADMIN_EMAIL / HUBKEEPER_ADMIN_PASSWORD (no-op when unset or
  // when users exist). A failure here is logged, not fatal: /setup still works.
  try {
    const { seedAdminFromEnv } = await import('@/lib/services/users');
    await seedAdminFromEnv();
  } catch (err) {
    console.error('Could not create the first admin from HUBKEEPER_ADMIN_EMAIL:', err instanceof Error ? err.message : err);
  }
  // Background workers (deletions, bulk edits, retention, webhooks) run in every
  // server process; pg-boss gives each job to exactly one of them.
  if (env().HUBKEEPER_WORKERS === 'on') {
    const { runWorkers } = await import('@/lib/jobs/worker');
    runWorkers().catch((err: unknown) => {
      console.error('Background workers failed to start:', err instanceof Error ? err.message : err);
    });
  }
}
