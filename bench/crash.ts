// The long crash benchmark for deletion execution: `npm run bench:crash -- --trials 200`.
// Each trial kills a real worker process (SIGKILL) at a random moment while it deletes a
// 50-tag approved request, with some DELETE answers lost on purpose, and resumes with a fresh
// worker (see tests/integration/deletions/crash-harness.ts). Prints
//   lost=0 duplicated=0 unapproved=0
// and exits 1 when any of them is not 0.
//
// Database: a throwaway embedded Postgres with every migration applied, or an existing, migrated
// database named by HUBKEEPER_BENCH_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../scripts/lib/embedded-postgres';
import { migrateDeploy } from '../scripts/lib/prisma-cli';
import type { CrashContext } from '../tests/integration/deletions/crash-harness';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive whole number`);
    process.exit(2);
  }
  return value;
}

async function main() {
  const trials = arg('trials', 200);
  const tags = arg('tags', 50);
  const seed = arg('seed', 20261126);

  let databaseUrl = process.env.HUBKEEPER_BENCH_DATABASE_URL;
  let server: EmbeddedPostgresHandle | null = null;
  const scratch = databaseUrl ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'hk-bench-crash-'));
  if (!databaseUrl && scratch) {
    server = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg') });
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE hk_bench');
    await admin.end();
    databaseUrl = server.urlFor('hk_bench');
    migrateDeploy(databaseUrl);
  }
  process.env.DATABASE_URL = databaseUrl;
  process.env.HUBKEEPER_ENCRYPTION_KEYS ??= `bench:${randomBytes(32).toString('base64')}`;
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString('base64');
  process.env.LOG_LEVEL = 'silent';

  const { startHub, createPerson, createDemoInstance } = await import('../tests/integration/deletions/helpers');
  const { runCrashTrial } = await import('../tests/integration/deletions/crash-harness');
  const hub = await startHub({ latencyMs: 1 });
  const admin = await createPerson('ADMIN');
  const approver = await createPerson('APPROVER');
  const instanceId = await createDemoInstance(admin, `Crash bench ${Date.now()}`);
  const ctx: CrashContext = {
    hub,
    admin,
    approver,
    instanceId,
    seed,
    tagsPerTrial: tags,
    workerEnv: {
      ...process.env,
      DOCKERHUB_API_URL: hub.url,
      HUBKEEPER_DELETION_POLL_SECONDS: '0.5',
      HUBKEEPER_DELETION_SWEEP_SECONDS: '5',
      HUBKEEPER_DELETION_RETRY_BASE_MS: '20',
    },
    worker: null,
  };

  const totals = { lost: 0, duplicated: 0, unapproved: 0, kills: 0, lostAnswers: 0, confirmedByReread: 0, tags: 0 };
  const durations: number[] = [];
  const started = Date.now();
  let exitCode = 0;
  try {
    for (let trial = 1; trial <= trials; trial += 1) {
      const r = await runCrashTrial(ctx, trial);
      durations.push(r.ms);
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
      if (r.lost + r.duplicated + r.unapproved > 0) {
        console.log(`trial ${trial}: lost=${r.lost} duplicated=${r.duplicated} unapproved=${r.unapproved} (seed ${seed})`);
      }
      if (trial % 10 === 0 || trial === trials) {
        const avg = durations.reduce((a, b) => a + b, 0) / durations.length / 1000;
        console.log(`trial ${trial}/${trials}: lost=${totals.lost} duplicated=${totals.duplicated} unapproved=${totals.unapproved} (${avg.toFixed(1)} s/trial)`);
      }
    }
  } finally {
    await ctx.worker?.kill();
    const { stopBoss } = await import('../lib/jobs/boss');
    await stopBoss();
    const { db } = await import('../lib/db');
    await db.$disconnect();
    await hub.close();
    await server?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
  const sorted = [...durations].sort((a, b) => a - b);
  const p = (q: number) => ((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1000).toFixed(1);
  console.log(
    `trials=${trials} tags=${totals.tags} kills=${totals.kills} lost_answers=${totals.lostAnswers} ` +
      `confirmed_by_reread=${totals.confirmedByReread} trial_seconds_p50=${p(0.5)} p95=${p(0.95)} total_seconds=${((Date.now() - started) / 1000).toFixed(0)}`,
  );
  console.log(`lost=${totals.lost} duplicated=${totals.duplicated} unapproved=${totals.unapproved}`);
  if (totals.lost + totals.duplicated + totals.unapproved > 0) exitCode = 1;
  process.exit(exitCode);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
