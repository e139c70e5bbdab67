// Runs once when the server boots: invalid configuration stops start-up here
// with a message naming the variable, instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { env, isBuildPhase, EnvError } = await import('@/lib/env');
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
    console.error(
      'Could not create the first admin from HUBKEEPER_ADMIN_EMAIL:',
      err instanceof Error ? err.message : err,
    );
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
