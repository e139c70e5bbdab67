// Crash trials for deletion execution, shared by tests/integration/deletions/crash.test.ts
// (20 trials in `npm test`) and bench/crash.ts (`npm run bench:crash -- --trials 200`).
//
// One trial: a 50-tag repository in the emulator, a 50-tag request created by an admin and
// approved by an approver, plus a pending decoy request that must never be executed. A real
// worker process (scripts/worker.ts) runs the job; it is SIGKILLed at a random moment (after a
// random number of DELETEs, or after a random delay), some DELETE answers are lost on purpose
// (the emulator applies the DELETE, then answers 500 or resets the connection), then a fresh
// worker resumes. Afterwards: every item final and matching Hub, at most one successful DELETE
// per tag, no DELETE for the decoy or before the approval.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { FaultRule, HubEmulator } from '@/emulator';
import { NS, deletesByTag, emulatorTags, pushTags, tagNames, type Person } from './helpers';

export interface CrashContext {
  hub: HubEmulator;
  instanceId: string;
  admin: Person;
  approver: Person;
  /** Environment of the worker processes (DATABASE_URL, DOCKERHUB_API_URL, keys, fast polling). */
  workerEnv: NodeJS.ProcessEnv;
  tagsPerTrial?: number;
  seed?: number;
  /** Worker kept alive from the previous trial (saves one start per trial). */
  worker?: WorkerProcess | null;
}

export interface TrialResult {
  trial: number;
  tags: number;
  /** Items not final, or whose final state disagrees with Hub. */
  lost: number;
  /** Successful (204) DELETEs beyond the first, per tag. */
  duplicated: number;
  /** DELETEs for the decoy request or before the approval. */
  unapproved: number;
  kills: number;
  lostAnswers: number;
  confirmedByReread: number;
  ms: number;
}

/** mulberry32: a small seeded PRNG, so a failing trial can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOT = path.resolve(__dirname, '../../..');

/** A `scripts/worker.ts` child process. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly started: Promise<void>;
  readonly exited: Promise<number | null>;
  private output = '';

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'], {
      cwd: ROOT,
      env: { ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.started = new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output = (this.output + chunk.toString()).slice(-20_000);
        if (this.output.includes('background workers started')) resolve();
      };
      this.child.stdout?.on('data', onData);
      this.child.stderr?.on('data', (chunk: Buffer) => {
        this.output = (this.output + chunk.toString()).slice(-20_000);
      });
      void this.exited.then((code) => reject(new Error(`worker exited (${code}) before starting:\n${this.output.slice(-3000)}`)));
    });
    // A started worker may exit later (we kill it); keep the rejection from going unhandled.
    this.started.catch(() => undefined);
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  tail(): string {
    return this.output.slice(-3000);
  }
}

async function waitFor<T>(what: string, fn: () => Promise<T | null> | T | null, timeoutMs: number, everyMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function deleteCount(hub: HubEmulator, repo: string): number {
  const prefix = `/v2/repositories/${NS}/${repo}/tags/`;
  let n = 0;
  for (const e of hub.log) if (e.method === 'DELETE' && e.path.startsWith(prefix)) n += 1;
  return n;
}

/** Runs one trial; leaves the last worker running in `ctx.worker` for the next trial. */
export async function runCrashTrial(ctx: CrashContext, trial: number): Promise<TrialResult> {
  const started = Date.now();
  const { db } = await import('@/lib/db');
  const svc = await import('@/lib/services/deletions');
  const rnd = prng((ctx.seed ?? 20261126) + trial * 7919);
  const count = ctx.tagsPerTrial ?? 50;
  const repo = `crash-${trial}`;
  const decoyRepo = `decoy-${trial}`;
  const names = tagNames(count);
  pushTags(ctx.hub, repo, names);
  pushTags(ctx.hub, decoyRepo, ['d1', 'd2', 'd3']);

  const decoy = await svc.createDeletionRequestFromSelection(ctx.admin, {
    instanceId: ctx.instanceId,
    items: ['d1', 'd2', 'd3'].map((tag) => ({ namespace: NS, repository: decoyRepo, tag })),
    reason: `decoy ${trial}`,
  });
  const request = await svc.createDeletionRequestFromSelection(ctx.admin, {
    instanceId: ctx.instanceId,
    items: names.map((tag) => ({ namespace: NS, repository: repo, tag })),
    reason: `crash trial ${trial}`,
  });

  // Lost answers: the DELETE is applied, then the answer is a 500 or a reset connection.
  const faults: FaultRule[] = [
    { method: 'DELETE', path: `/v2/repositories/${NS}/${repo}/**`, errorRate: 0.08, seed: trial * 31 + 1, reset: true, afterHandler: true },
    { method: 'DELETE', path: `/v2/repositories/${NS}/${repo}/**`, errorRate: 0.15, seed: trial * 31 + 2, status: 500, afterHandler: true },
  ];
  ctx.hub.setFaults(faults);

  let worker = ctx.worker ?? new WorkerProcess(ctx.workerEnv);
  await worker.started;
  await svc.approveDeletionRequest(ctx.approver, { requestId: request.id, comment: `trial ${trial}` });
  const approvedAt = (await db.deletionRequest.findUniqueOrThrow({ where: { id: request.id }, select: { approvedAt: true } })).approvedAt;
  const approvedMs = approvedAt?.getTime() ?? Number.POSITIVE_INFINITY;

  // One or two kills at random moments of the execution.
  const kills = rnd() < 0.3 ? 2 : 1;
  for (let k = 0; k < kills; k += 1) {
    if (rnd() < 0.6) {
      const threshold = deleteCount(ctx.hub, repo) + 1 + Math.floor(rnd() * Math.max(1, count * 0.8));
      await waitFor(
        'DELETEs before the kill',
        async () => {
          if (deleteCount(ctx.hub, repo) >= threshold) return true;
          const r = await db.deletionRequest.findUnique({ where: { id: request.id }, select: { finishedAt: true } });
          return r?.finishedAt ? true : null;
        },
        60_000,
        1,
      );
    } else {
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 400)));
    }
    await worker.kill();
    worker = new WorkerProcess(ctx.workerEnv);
    await worker.started;
  }

  const finished = await waitFor(
    'the request to finish',
    async () => {
      const r = await db.deletionRequest.findUnique({ where: { id: request.id }, select: { finishedAt: true, status: true } });
      return r?.finishedAt ? r : null;
    },
    60_000,
    25,
  ).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)} (trial ${trial})\n${worker.tail()}`);
  });
  ctx.hub.setFaults([]);
  ctx.worker = worker;

  const items = await db.deletionItem.findMany({ where: { requestId: request.id }, select: { tag: true, status: true, confirmedByReread: true } });
  const present = await emulatorTags(ctx.hub, repo);
  let lost = 0;
  for (const item of items) {
    const onHub = present.has(item.tag);
    if (item.status === 'pending' || item.status === 'in_flight') lost += 1;
    else if ((item.status === 'deleted' || item.status === 'already_gone') && onHub) lost += 1;
    else if (item.status !== 'deleted' && item.status !== 'already_gone' && !onHub) lost += 1;
  }
  if (items.length !== count || finished.status !== 'completed') lost += Math.max(1, count - items.length);

  let duplicated = 0;
  let unapproved = 0;
  let lostAnswers = 0;
  for (const attempts of deletesByTag(ctx.hub, repo).values()) {
    duplicated += Math.max(0, attempts.filter((a) => a.status === 204).length - 1);
    unapproved += attempts.filter((a) => a.at < approvedMs).length;
    lostAnswers += attempts.filter((a) => a.status !== 204).length;
  }
  for (const attempts of deletesByTag(ctx.hub, decoyRepo).values()) unapproved += attempts.length;
  const decoyRow = await db.deletionRequest.findUniqueOrThrow({ where: { id: decoy.id }, select: { status: true } });
  const decoyItems = await db.deletionItem.count({ where: { requestId: decoy.id, status: { not: 'pending' } } });
  if (decoyRow.status !== 'pending' || decoyItems > 0) unapproved += 1;

  return {
    trial,
    tags: count,
    lost,
    duplicated,
    unapproved,
    kills,
    lostAnswers,
    confirmedByReread: items.filter((i) => i.confirmedByReread).length,
    ms: Date.now() - started,
  };
}
