// A standalone background worker process (same handlers as the web server's
// built-in workers). Tests kill it at random points to prove jobs resume
// without repeating or losing work. Run with: npm run worker
import { runWorkers } from '../lib/jobs/worker';
import { stopBoss } from '../lib/jobs/boss';

async function main() {
  await runWorkers();
  const stop = async () => {
    await stopBoss();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
