// Crash test: a real worker process is SIGKILLed at random moments while it executes approved
// 50-tag requests, with some DELETE answers lost on purpose; a fresh worker resumes. Every item
// must end final and agree with Hub, Hub must see at most one successful DELETE per tag, and no
// DELETE may be sent for an unapproved request. (bench/crash.ts runs the long version.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEmulator } from '@/emulator';
import { runCrashTrial, type CrashContext, type TrialResult } from './crash-harness';
import { createDemoInstance, createPerson, startHub } from './helpers';

const TRIALS = 20;

let hub: HubEmulator;
let ctx: CrashContext;

beforeAll(async () => {
  hub = await startHub({ latencyMs: 1 });
  const admin = await createPerson('ADMIN');
  const approver = await createPerson('APPROVER');
  const instanceId = await createDemoInstance(admin, 'Crash');
  ctx = {
    hub,
    admin,
    approver,
    instanceId,
    workerEnv: {
      ...process.env,
      DOCKERHUB_API_URL: hub.url,
      HUBKEEPER_DELETION_POLL_SECONDS: '0.5',
      HUBKEEPER_DELETION_SWEEP_SECONDS: '5',
      HUBKEEPER_DELETION_RETRY_BASE_MS: '20',
    },
  };
});

afterAll(async () => {
  await ctx?.worker?.kill();
  const { stopBoss } = await import('@/lib/jobs/boss');
  await stopBoss();
  await hub?.close();
});

it(`survives ${TRIALS} SIGKILLed workers: nothing lost, no duplicate DELETE, nothing unapproved`, async () => {
  const results: TrialResult[] = [];
  for (let trial = 1; trial <= TRIALS; trial += 1) results.push(await runCrashTrial(ctx, trial));
  const sum = (k: keyof TrialResult) => results.reduce((n, r) => n + r[k], 0);
  const failing = results.filter((r) => r.lost + r.duplicated + r.unapproved > 0);
  expect(failing).toEqual([]);
  expect({ lost: sum('lost'), duplicated: sum('duplicated'), unapproved: sum('unapproved') }).toEqual({ lost: 0, duplicated: 0, unapproved: 0 });
  // The trials really crashed mid-execution and really lost answers.
  expect(sum('kills')).toBeGreaterThanOrEqual(TRIALS);
  expect(sum('lostAnswers')).toBeGreaterThan(0);
}, 400_000);
