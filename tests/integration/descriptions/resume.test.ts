// A bulk job survives its worker being killed: a standalone worker process (scripts/worker.ts)
// is SIGKILLed mid-way, a second one takes over once the lease expires, and every repository is
// written exactly once (PATCHes counted in the emulator's log) with nothing lost or duplicated.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDemoInstance, createPerson, hubDescriptions, NS, patchCounts, seedRepos, startHub, type Person } from './helpers';

// Slow enough that the kill lands mid-job, fast enough to keep the test short.
const hub = await startHub({ latencyMs: 120 });
const { db } = await import('@/lib/db');
const svc = await import('@/lib/services/descriptions');
const { stopBoss } = await import('@/lib/jobs/boss');
const { bulkPreviewSchema } = await import('@/lib/validations/descriptions');

const REPOS = 30;
const root = path.resolve(__dirname, '../../..');
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hk-desc-worker-'));
const children: ChildProcess[] = [];
let admin: Person;
let instanceId: string;

function startWorker(name: string): ChildProcess {
  const out = fs.openSync(path.join(logDir, `${name}.log`), 'a');
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/worker.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, DOCKERHUB_API_URL: hub.url, LOG_LEVEL: 'info' },
    stdio: ['ignore', out, out],
    // Own process group, so the kill reaches tsx's node child too.
    detached: true,
  });
  children.push(child);
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const logs = fs.readdirSync(logDir).map((f) => `--- ${f}\n${fs.readFileSync(path.join(logDir, f), 'utf8').slice(-3000)}`);
      throw new Error(`timed out waiting for ${what}\n${logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  admin = await createPerson('ADMIN');
  instanceId = await createDemoInstance(admin, 'resume');
});

afterAll(async () => {
  for (const child of children) killGroup(child, 'SIGKILL');
  await stopBoss();
  await hub.close();
  fs.rmSync(logDir, { recursive: true, force: true });
});

it('resumes after the worker is killed, without repeating finished repositories or losing any', { timeout: 300_000 }, async () => {
  const names = seedRepos(hub, 'resume', REPOS);
  const preview = await svc.previewBulkDescriptions(
    admin,
    bulkPreviewSchema.parse({
      instanceId,
      selection: { mode: 'filter', namespace: NS, pattern: 'resume-*' },
      description: { kind: 'replace', find: '(old)', replace: '(new)', regex: false, caseSensitive: true },
      fullDescription: { kind: 'keep' },
    }),
  );
  expect(preview.summary.change).toBe(REPOS);
  hub.clearLog();

  const first = startWorker('first');
  const { jobId } = await svc.applyBulkDescriptions(admin, { instanceId, draftId: preview.draftId });

  // Kill the worker once some (not all) repositories are done.
  const doneAtKill = await waitFor(
    'the first repositories to finish',
    async () => {
      const job = await db.bulkDescriptionJob.findUniqueOrThrow({ where: { id: jobId } });
      return job.updatedCount >= 5 ? job.updatedCount : null;
    },
    120_000,
  );
  killGroup(first, 'SIGKILL');
  await waitFor('the first worker to exit', async () => first.exitCode !== null || first.signalCode !== null, 30_000);
  const afterKill = await db.bulkDescriptionJob.findUniqueOrThrow({ where: { id: jobId } });
  expect(afterKill.status).toBe('running');
  expect(afterKill.updatedCount).toBeLessThan(REPOS);
  expect(doneAtKill).toBeGreaterThanOrEqual(5);

  startWorker('second');
  const finished = await waitFor(
    'the job to finish on the second worker',
    async () => {
      const job = await db.bulkDescriptionJob.findUniqueOrThrow({ where: { id: jobId } });
      return job.status === 'finished' ? job : null;
    },
    240_000,
  );

  expect(finished).toMatchObject({ total: REPOS, updatedCount: REPOS, failedCount: 0, skippedCount: 0, unchangedCount: 0 });
  const items = await db.bulkDescriptionItem.findMany({ where: { jobId } });
  expect(items.every((i) => i.status === 'updated')).toBe(true);
  // Every repository has the new value and was PATCHed exactly once.
  const patches = patchCounts(hub);
  for (const name of names) {
    expect(hubDescriptions(hub, name).description).toBe(`resume ${Number(name.slice(-2))} (new)`);
    expect(patches.get(`${NS}/${name}`) ?? 0).toBe(1);
  }
  expect(hub.log.filter((e) => e.method === 'PATCH')).toHaveLength(REPOS);
  // One history row per repository, none twice.
  const history = await db.descriptionChange.groupBy({ by: ['repository'], where: { bulkJobId: jobId }, _count: true });
  expect(history).toHaveLength(REPOS);
  expect(history.every((h) => h._count === 1)).toBe(true);
});
