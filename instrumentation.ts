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
}
