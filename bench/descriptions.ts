// Bulk description benchmark: 300 repositories updated through the real job path (preview →
// apply → pg-boss → worker in this process → Hub emulator over HTTP → Postgres per item).
//
//   npm run bench:descriptions
//
// Emulator: 40 ms latency per request, 300 requests per minute per token (fixed windows aligned to
// the minute on the emulator clock, like Hub's X-RateLimit-Reset). Each repository costs a GET
// (re-read, to skip what changed since the preview) and a PATCH, so the job must make N = 600
// requests. The run starts on a window boundary, so:
//
//   floor_s = the earliest moment the rate limit lets the N-th request out
//           = (ceil(N / limit) − 1) × 60 s   (= 60 s here: 300 in the first window, 300 in the second)
//
// Prints wall time, requests and 429s from the emulator log, and ends with
//   wall_s=<x> floor_s=<x> floor_ratio=<x> failed=<n> http_429=<n>
// Target: failed=0, floor_ratio ≤ 1.3.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-postgres';
import { migrateDeploy } from '../scripts/lib/prisma-cli';

const REPOSITORIES = 300;
const LATENCY_MS = 40;
const RATE_LIMIT_PER_MINUTE = 300;
const WINDOW_MS = 60_000;

function log(line: string): void {
  console.log(`[bench:descriptions] ${line}`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hk-bench-desc-'));
  const server = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg') });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const databaseUrl = server.urlFor('bench');
  migrateDeploy(databaseUrl);

  const { startHubEmulator, DEFAULT_CREDENTIALS } = await import('../emulator');
  const hub = await startHubEmulator({ fixture: 'default', latencyMs: LATENCY_MS, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE });

  // lib/env reads the environment once: everything is set before the app modules load.
  process.env.DATABASE_URL = databaseUrl;
  process.env.DOCKERHUB_API_URL = hub.url;
  process.env.HUBKEEPER_ENCRYPTION_KEYS = `bench:${randomBytes(32).toString('base64')}`;
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString('base64');
  process.env.LOG_LEVEL = 'warn';

  const cleanup = async () => {
    const { stopBoss } = await import('../lib/jobs/boss');
    const { db } = await import('../lib/db');
    await stopBoss().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    await hub.close();
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  };

  try {
    const ns = DEFAULT_CREDENTIALS.user;
    for (let i = 1; i <= REPOSITORIES; i += 1) {
      const name = `bench-${String(i).padStart(3, '0')}`;
      hub.pushTag(ns, name, 'latest');
      const repo = hub.state.getRepo(ns, name);
      if (!repo) throw new Error(`emulator did not create ${name}`);
      hub.state.updateDescriptions(repo, { description: `Bench image ${i} (beta)` }, ns);
    }
    log(`emulator ${hub.url}: ${REPOSITORIES} repositories in ${ns}, ${LATENCY_MS} ms latency, ${RATE_LIMIT_PER_MINUTE} requests/min`);

    const { db } = await import('../lib/db');
    const { createInstance } = await import('../lib/services/instances');
    const svc = await import('../lib/services/descriptions');
    const { bulkPreviewSchema } = await import('../lib/validations/descriptions');
    const { runWorkers } = await import('../lib/jobs/worker');

    const user = await db.user.create({ data: { email: 'bench@hubkeeper.test', name: 'Bench', passwordHash: 'unused', roles: ['ADMIN'] } });
    const actor = { id: user.id, email: user.email, roles: ['ADMIN'] as string[] };
    const instance = await createInstance(actor, { name: 'bench', username: ns, secret: DEFAULT_CREDENTIALS.pats.admin, namespaces: '' });
    await runWorkers();
    log('worker started in this process (pg-boss, same handlers as scripts/worker.ts)');

    const preview = await svc.previewBulkDescriptions(
      actor,
      bulkPreviewSchema.parse({
        instanceId: instance.id,
        selection: { mode: 'filter', namespace: ns, pattern: 'bench-*' },
        description: { kind: 'replace', find: '(beta)', replace: '(stable)', regex: false, caseSensitive: true },
        fullDescription: { kind: 'keep' },
      }),
    );
    if (preview.summary.change !== REPOSITORIES) throw new Error(`preview plans ${preview.summary.change} changes, expected ${REPOSITORIES}`);
    log(`preview: ${preview.summary.change} repositories will change`);

    // Start on a fresh rate-limit window so the floor is exact (the wait is not measured).
    const intoWindow = hub.clock.now() % WINDOW_MS;
    const align = WINDOW_MS - intoWindow + 100;
    log(`waiting ${(align / 1000).toFixed(1)} s for the next rate-limit window (not measured)`);
    await sleep(align);
    hub.clearLog();

    const started = performance.now();
    const { jobId } = await svc.applyBulkDescriptions(actor, { instanceId: instance.id, draftId: preview.draftId });
    let lastReport = 0;
    let job = await db.bulkDescriptionJob.findUniqueOrThrow({ where: { id: jobId } });
    while (!['finished', 'failed', 'cancelled'].includes(job.status)) {
      await sleep(200);
      job = await db.bulkDescriptionJob.findUniqueOrThrow({ where: { id: jobId } });
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed - lastReport >= 10) {
        lastReport = elapsed;
        const waiting = job.rateLimitedUntil !== null && job.rateLimitedUntil.getTime() > Date.now() ? ' (waiting for the rate limit)' : '';
        log(`${elapsed.toFixed(0)} s: ${job.updatedCount + job.failedCount + job.skippedCount + job.unchangedCount}/${job.total} done${waiting}`);
      }
    }
    const wallS = (performance.now() - started) / 1000;

    const requests = hub.log.filter((e) => !e.path.startsWith('/v2/auth') && !e.path.startsWith('/v2/users/login'));
    const gets = requests.filter((e) => e.method === 'GET').length;
    const patches = requests.filter((e) => e.method === 'PATCH').length;
    const http429 = hub.log.filter((e) => e.status === 429).length;
    const needed = 2 * REPOSITORIES;
    const floorS = (Math.ceil(needed / RATE_LIMIT_PER_MINUTE) - 1) * (WINDOW_MS / 1000);
    const ratio = wallS / floorS;
    const updatedOnHub = Array.from({ length: REPOSITORIES }, (_, i) => hub.state.getRepo(ns, `bench-${String(i + 1).padStart(3, '0')}`)).filter(
      (r) => r?.description?.endsWith('(stable)'),
    ).length;

    log(`job ${job.status}: ${job.updatedCount} updated, ${job.failedCount} failed, ${job.skippedCount} skipped; ${updatedOnHub}/${REPOSITORIES} have the new value on the emulator`);
    log(`requests: ${requests.length} (${gets} GET, ${patches} PATCH), 429 answers: ${http429}`);
    log(`floor: ${needed} requests at ${RATE_LIMIT_PER_MINUTE}/min in fixed minute windows from the start → the last one cannot go before ${floorS} s`);
    log(`wall ${wallS.toFixed(1)} s = ${ratio.toFixed(2)} × floor`);
    console.log(`wall_s=${wallS.toFixed(1)} floor_s=${floorS} floor_ratio=${ratio.toFixed(2)} failed=${job.failedCount} http_429=${http429}`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
