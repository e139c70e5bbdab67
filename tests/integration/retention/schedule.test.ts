// Scheduled retention runs with a controllable clock and two workers. Two pg-boss instances on the
// same database each run the retention scheduler (schedule sync + per-policy workers), like two app
// processes. The clock (Date, as pg-boss's cron and the runs read it) is set just after a slot: the
// slot must fire once, produce exactly one run row and one deletion request, and a duplicate
// delivery of the same slot must change nothing.
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HubEmulator } from '@/emulator';
import { createInstance, createPerson, spec, startHub, type Person } from './helpers';

let hub: HubEmulator;
let admin: Person;
let instanceId: string;
let db: typeof import('@/lib/db').db;
let svc: typeof import('@/lib/services/retention');
let handlers: typeof import('@/lib/jobs/handlers/retention');
const bosses: PgBoss[] = [];
const schedulers: { stop(): Promise<void>; syncNow(): Promise<void>; working(): string[] }[] = [];

// Monday 2030-01-07 03:00:00 UTC is a slot of "0 3 * * 1"; the next is 2030-01-14.
const SLOT = Date.UTC(2030, 0, 7, 3, 0, 0);
const NEXT_SLOT = Date.UTC(2030, 0, 14, 3, 0, 0);

/** Polls the database until `check` returns a value (what a user would wait for), or fails after `ms`. */
async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 45_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  hub = await startHub();
  ({ db } = await import('@/lib/db'));
  svc = await import('@/lib/services/retention');
  handlers = await import('@/lib/jobs/handlers/retention');
  admin = await createPerson('ADMIN');
  instanceId = await createInstance(admin, 'Scheduled');
  const url = process.env.DATABASE_URL ?? '';
  for (let i = 0; i < 2; i += 1) {
    const boss = new PgBoss({
      connectionString: url,
      schema: 'pgboss',
      max: 3,
      cronMonitorIntervalSeconds: 1,
      cronWorkerIntervalSeconds: 1,
    });
    boss.on('error', () => undefined);
    await boss.start();
    bosses.push(boss);
  }
});

afterAll(async () => {
  for (const s of schedulers) await s.stop();
  for (const b of bosses) await b.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
  vi.useRealTimers();
  const { stopBoss } = await import('@/lib/jobs/boss');
  await stopBoss();
  await hub.close();
});

describe('scheduled retention runs', () => {
  it('fire once per slot across two workers; duplicate deliveries create no second run', async () => {
    // The clock as pg-boss (cron) and the runs read it: 5 s after the slot, moving with real time.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(SLOT + 5_000);
    hub.clock.set(SLOT + 5_000);

    for (const boss of bosses) {
      const { startWorkers } = await import('@/lib/jobs/boss');
      await startWorkers(boss, [handlers.retentionRunJob as unknown as import('@/lib/jobs/boss').JobDefinition]);
      schedulers.push(handlers.startRetentionScheduler(boss, { intervalMs: 1_000, pollingIntervalSeconds: 1 }));
    }
    const saved = await svc.saveRetentionPolicy(admin, {
      instanceId,
      spec: spec({
        name: 'Weekly PR clean-up',
        scope: { repoInclude: ['app'] },
        rules: { tagInclude: ['pr-*'], pushedOlderThanDays: 30, keepNewest: 1, keepSharedDigest: false },
        schedule: { cron: '0 3 * * 1', timezone: 'UTC' },
      }),
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const policyId = saved.policy.id;
    const queue = svc.policyQueueName(policyId);
    expect(saved.policy.schedulePreview?.description).toBe('Every Monday at 03:00 (UTC)');

    // pg-boss holds one schedule for the policy, named after it, with its cron and time zone.
    const schedules = await waitFor('the schedule', async () => {
      const found = (await bosses[0]?.getSchedules())?.filter((s) => s.name === queue) ?? [];
      return found.length > 0 ? found : null;
    });
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ cron: '0 3 * * 1', timezone: 'UTC', data: { policyId } });
    await waitFor('both workers on the policy queue', async () => schedulers.every((s) => s.working().includes(queue)));

    const run = await waitFor('the slot to run', () =>
      db.retentionRun.findFirst({
        where: { policyId, status: { in: ['completed', 'held', 'failed'] } },
        include: { repositories: true },
      }),
    );
    expect(run).toMatchObject({ trigger: 'schedule', status: 'completed', slot: new Date(SLOT), toDelete: 2 });
    const requests = await db.deletionRequest.findMany({
      where: { policyId },
      include: { items: { orderBy: { tag: 'asc' } } },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.items.map((i) => i.tag)).toEqual(['pr-1', 'pr-2']);
    expect(requests[0]?.reason).toMatch(
      /^Retention policy "Weekly PR clean-up" \(scheduled run, 2030-01-07 03:00 UTC\)/,
    );

    // The same slot delivered again (a second send, a retry) on both workers: still one run.
    for (const boss of bosses) await boss.send(queue, { policyId });
    await waitFor('the duplicate deliveries to be handled', async () => {
      const rows = await db.$queryRaw<
        { n: bigint }[]
      >`SELECT count(*) AS n FROM pgboss.job WHERE name = ${queue} AND state NOT IN ('completed', 'failed', 'cancelled')`;
      return Number(rows[0]?.n ?? 1) === 0;
    });
    expect(await db.retentionRun.count({ where: { policyId } })).toBe(1);
    expect(await db.deletionRequest.count({ where: { policyId } })).toBe(1);

    // A direct insert of a second row for the slot is refused by the database itself.
    await expect(
      db.retentionRun.create({ data: { policyId, instanceId, trigger: 'schedule', slot: new Date(SLOT) } }),
    ).rejects.toMatchObject({ code: 'P2002' });

    // The next slot is a new run (its tags are already requested, so no second request).
    vi.setSystemTime(NEXT_SLOT + 3_000);
    const outcome = await svc.runScheduledSlot(policyId);
    expect(outcome).toEqual({ status: 'completed', requests: [] });
    const slots = (await db.retentionRun.findMany({ where: { policyId }, orderBy: { slot: 'asc' } })).map((r) =>
      r.slot?.getTime(),
    );
    expect(slots).toEqual([SLOT, NEXT_SLOT]);
  });

  it('removes the schedule when the policy is disabled or deleted', async () => {
    const [policy] = await svc.listRetentionPolicies(admin, instanceId);
    if (!policy) throw new Error('no policy');
    const queue = svc.policyQueueName(policy.id);
    await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId: policy.id, enabled: false });
    await waitFor('the schedule to go', async () => !(await bosses[0]?.getSchedules())?.some((s) => s.name === queue));
    await waitFor('the workers to stop', async () => schedulers.every((s) => !s.working().includes(queue)));
    await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId: policy.id, enabled: true });
    await waitFor('the schedule to come back', async () =>
      (await bosses[1]?.getSchedules())?.some((s) => s.name === queue),
    );
    await svc.deleteRetentionPolicy(admin, { instanceId, policyId: policy.id, confirmName: policy.spec.name });
    await waitFor(
      'the schedule to go for good',
      async () => !(await bosses[1]?.getSchedules())?.some((s) => s.name === queue),
    );
  });
});
