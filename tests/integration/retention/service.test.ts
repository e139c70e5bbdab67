// Retention policies end to end on real Postgres and the Hub emulator: validation that saves
// nothing half-way, the tester, a run creating a deletion request through the deletions service,
// several covering policies, the safety stop, auto-approval, history, and import/export.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubEmulator } from '@/emulator';
import { createInstance, createPerson, NS, spec, startHub, type Person } from './helpers';

let hub: HubEmulator;
let admin: Person;
let viewer: Person;
let instanceId: string;
type Svc = typeof import('@/lib/services/retention');
let svc: Svc;
let db: typeof import('@/lib/db').db;

beforeAll(async () => {
  hub = await startHub();
  ({ db } = await import('@/lib/db'));
  svc = await import('@/lib/services/retention');
  admin = await createPerson('ADMIN');
  viewer = await createPerson('VIEWER');
  instanceId = await createInstance(admin, 'Retention');
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/boss');
  await stopBoss();
  await hub.close();
});

async function save(s: ReturnType<typeof spec>, policyId?: string) {
  return svc.saveRetentionPolicy(admin, { instanceId, spec: s, ...(policyId ? { policyId } : {}) });
}

async function savedId(s: ReturnType<typeof spec>): Promise<string> {
  const r = await save(s);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy.id;
}

async function runNow(policyId: string) {
  const { runId } = await svc.startRetentionRun(admin, { instanceId, policyId });
  const outcome = await svc.executeRetentionRun(runId);
  return { runId, outcome };
}

describe('saving', () => {
  it('refuses bad input with field, message and position, and saves nothing', async () => {
    const r = await save(
      spec({
        name: 'Bad',
        scope: { repoInclude: ['app', '/(oops/'] },
        rules: { tagInclude: ['pr-[0-9'], pushedOlderThanDays: 40_000, keepNewest: -1 },
        schedule: { cron: '0 25 * * *' },
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e]));
    expect(byField['scope.repoInclude.1']).toMatchObject({
      position: 1,
      message: expect.stringContaining('never closed'),
    });
    expect(byField['rules.tagInclude.0']).toMatchObject({ position: 3 });
    expect(byField['rules.pushedOlderThanDays']?.message).toMatch(/at most 36,500/);
    expect(byField['rules.keepNewest']?.message).toMatch(/at least 1/);
    expect(byField['schedule.cron']).toMatchObject({ position: 2, message: expect.stringContaining('hour') });
    expect(await db.retentionPolicy.count()).toBe(0);
  });

  it('refuses a namespace of another account and duplicate names; warns about a policy that can never delete', async () => {
    const other = await save(spec({ name: 'Other', scope: { namespace: 'someoneelse' } }));
    expect(!other.ok && other.errors[0]?.field).toBe('scope.namespace');
    const first = await save(spec({ name: 'Nothing' }));
    expect(first.ok).toBe(true);
    expect(first.warnings.join(' ')).toMatch(/no rule that could ever delete/);
    const dup = await save(spec({ name: 'Nothing' }));
    expect(!dup.ok && dup.errors[0]).toMatchObject({ field: 'name' });
    if (first.ok)
      await svc.deleteRetentionPolicy(admin, { instanceId, policyId: first.policy.id, confirmName: 'Nothing' });
  });

  it('is for admins only', async () => {
    await expect(save.call(null, spec())).resolves.toBeDefined();
    await expect(svc.saveRetentionPolicy(viewer, { instanceId, spec: spec({ name: 'V' }) })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(svc.listRetentionPolicies(viewer, instanceId)).rejects.toMatchObject({ code: 'forbidden' });
    const all = await svc.listRetentionPolicies(admin, instanceId);
    for (const p of all)
      await svc.deleteRetentionPolicy(admin, { instanceId, policyId: p.id, confirmName: p.spec.name });
  });
});

describe('tester', () => {
  it('evaluates a draft against the real tags, with a reason per tag and storage really freed', async () => {
    const result = await svc.testRetentionPolicy(admin, {
      instanceId,
      spec: spec({
        name: 'Draft',
        scope: { repoInclude: ['app'] },
        rules: { pushedOlderThanDays: 30, pulledOlderThanDays: 30, keepNewest: 2, tagExclude: ['v1'] },
      }),
    });
    expect(result.errors).toEqual([]);
    expect(result.matchedRepositories).toEqual(['app']);
    const app = result.repositories[0];
    const reasons = Object.fromEntries(
      (app?.tags ?? []).map((t) => [t.name, t.action === 'delete' ? 'DELETE' : t.reason]),
    );
    expect(reasons).toEqual({
      latest: 'protected',
      v6: 'within_newest',
      v5: 'within_newest',
      v4: 'pulled_recently',
      v3: 'DELETE',
      v2: 'DELETE',
      v1: 'excluded_by_pattern',
      'pr-1': 'DELETE',
      'pr-2': 'DELETE',
      'pr-3': 'DELETE',
      'old-nodigest': 'no_digest',
    });
    // d, e, 1 and 2 are freed (pr-2 and pr-3 share digest 2 and both go).
    expect(app?.freedDigests).toBe(4);
    expect(app?.freedBytes).toBe(3000);
    // 5 of 11 is under the default 50% safety stop.
    expect(app?.safetyStop).toBeNull();
  });

  it('points at invalid patterns instead of evaluating, and warns when the scope matches nothing', async () => {
    const bad = await svc.testRetentionPolicy(admin, { instanceId, spec: spec({ rules: { tagInclude: ['/a(b/'] } }) });
    expect(bad.errors[0]).toMatchObject({ field: 'rules.tagInclude.0', position: 2 });
    expect(bad.repositories).toEqual([]);
    const none = await svc.testRetentionPolicy(admin, {
      instanceId,
      spec: spec({ scope: { repoInclude: ['nope-*'] }, rules: { pushedOlderThanDays: 1 } }),
    });
    expect(none.warnings.join(' ')).toMatch(/matches no repository/);
  });
});

describe('runs', () => {
  beforeEach(async () => {
    // Each test starts with no enabled policy and no open request.
    await db.retentionPolicy.updateMany({ data: { enabled: false } });
    await db.deletionRequest.deleteMany({});
  });

  it('creates a deletion request with the generated reason and a snapshot per tag, and records history', async () => {
    const policyId = await savedId(
      spec({
        name: 'Prune PRs',
        scope: { repoInclude: ['app'] },
        rules: { tagInclude: ['pr-*'], pushedOlderThanDays: 30, keepNewest: 1, keepSharedDigest: false },
      }),
    );
    const { runId, outcome } = await runNow(policyId);
    expect(outcome.status).toBe('completed');
    const request = await db.deletionRequest.findFirstOrThrow({
      where: { policyId },
      include: { items: { orderBy: { tag: 'asc' } } },
    });
    expect(request).toMatchObject({
      source: 'policy',
      requesterId: null,
      status: 'pending',
      namespace: NS,
      repository: 'app',
    });
    expect(request.reason).toMatch(
      /^Retention policy "Prune PRs" \(run started by hand, .* UTC\): 2 tags selected by tags matching "pr-\*"; pushed more than 30 days ago; keeping the newest 1/,
    );
    expect(request.items.map((i) => i.tag)).toEqual(['pr-1', 'pr-2']);
    expect(request.items[0]?.digest).toBe(`sha256:${'1'.repeat(64)}`);
    expect(request.items[1]?.warnings).toContain('shared_digest');
    const [run] = await svc.listRetentionRuns(admin, { instanceId, policyId });
    expect(run).toMatchObject({
      id: runId,
      trigger: 'manual',
      status: 'completed',
      tagsEvaluated: 11,
      toDelete: 2,
      actorEmail: admin.email,
    });
    expect(run?.keptByReason).toMatchObject({ protected: 1, not_matched_by_include: 7, within_newest: 1 });
    expect(run?.repositories[0]?.requests).toEqual([
      { id: request.id, status: 'pending', tagCount: 2, deleted: 0, autoApproved: false },
    ]);
    const events = await db.auditEvent.findMany({
      where: { action: { startsWith: 'retention.run' } },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual(['retention.run_started', 'retention.run_completed']);

    // Running again does not request the same tags twice.
    const again = await runNow(policyId);
    expect(again.outcome).toEqual({ status: 'completed', requests: [] });
    const [latest] = await svc.listRetentionRuns(admin, { instanceId, policyId });
    expect(latest?.keptByReason.already_requested).toBe(2);
    await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId, enabled: false });
  });

  it('resumes a run that crashed after creating its request without requesting the tags twice', async () => {
    const policyId = await savedId(
      spec({
        name: 'Resume',
        scope: { repoInclude: ['app'] },
        rules: { tagInclude: ['v*'], pushedOlderThanDays: 150 },
      }),
    );
    const { runId, outcome } = await runNow(policyId);
    expect(outcome.status).toBe('completed');
    const [first] = await svc.listRetentionRuns(admin, { instanceId, policyId });
    // The worker "died" after creating the request, before recording it and finishing the run.
    await db.retentionRunRepository.updateMany({ where: { runId }, data: { requestIds: [] } });
    await db.retentionRun.update({
      where: { id: runId },
      data: { status: 'running', finishedAt: null, leaseOwner: 'dead', leaseUntil: new Date(Date.now() - 1000) },
    });
    const resumed = await svc.executeRetentionRun(runId);
    expect(resumed.status).toBe('completed');
    expect(await db.deletionRequest.count({ where: { policyId } })).toBe(1);
    const [again] = await svc.listRetentionRuns(admin, { instanceId, policyId });
    expect(again?.toDelete).toBe(first?.toDelete);
    expect(again?.repositories[0]?.requests.map((r) => r.id)).toEqual(
      first?.repositories[0]?.requests.map((r) => r.id),
    );
  });

  it('deletes only what every covering enabled policy agrees on', async () => {
    const a = await savedId(
      spec({
        name: 'A',
        scope: { repoInclude: ['app'] },
        rules: { pushedOlderThanDays: 50 },
        safetyMaxDeletePercent: 100,
      }),
    );
    const b = await savedId(
      spec({
        name: 'B',
        scope: { repoInclude: ['*'] },
        rules: { pushedOlderThanDays: 150, protectedPatterns: ['latest', 'v1'] },
        safetyMaxDeletePercent: 100,
      }),
    );
    const { outcome } = await runNow(a);
    expect(outcome.status).toBe('completed');
    const items = await db.deletionItem.findMany({ where: { request: { policyId: a } }, orderBy: { tag: 'asc' } });
    // A alone would take v1..v3 and pr-*; B keeps v1 (protected), v3 and pr-* (too recent for 150 days).
    expect(items.map((i) => i.tag)).toEqual(['v2']);
    const [run] = await svc.listRetentionRuns(admin, { instanceId, policyId: a });
    expect(run?.keptByReason.kept_by_other_policy).toBe(5);
    await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId: a, enabled: false });
    await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId: b, enabled: false });
  });

  it('holds a run that would delete too much of a repository, creating no request', async () => {
    const policyId = await savedId(spec({ name: 'Everything old', rules: { pushedOlderThanDays: 5 } }));
    const { outcome } = await runNow(policyId);
    expect(outcome.status).toBe('held');
    expect(await db.deletionRequest.count()).toBe(0);
    const [run] = await svc.listRetentionRuns(admin, { instanceId, policyId });
    expect(run?.status).toBe('held');
    expect(run?.heldReasons).toEqual(
      expect.arrayContaining([
        `${NS}/small: would delete all 2 tags`,
        expect.stringMatching(/^retuser\/app: would delete 8 of 11 tags/),
      ]),
    );
    expect(run?.repositories.find((r) => r.repository === 'small')).toMatchObject({ held: true, requests: [] });
    expect(await db.auditEvent.count({ where: { action: 'retention.run_held' } })).toBe(1);
    await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId, enabled: false });
  });

  it('auto-approves small policy requests when the instance allows it, and records it', async () => {
    await svc.updateRetentionSettings(admin, {
      instanceId,
      autoApprove: true,
      autoApproveMaxTags: 1,
      autoApproveMaxMegabytes: null,
    });
    const small = await savedId(
      spec({ name: 'One', scope: { repoInclude: ['app'] }, rules: { tagInclude: ['v1'], pushedOlderThanDays: 30 } }),
    );
    const { outcome } = await runNow(small);
    expect(outcome.status).toBe('completed');
    const request = await db.deletionRequest.findFirstOrThrow({ where: { policyId: small } });
    expect(['approved', 'completed']).toContain(request.status);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'retention.request_auto_approved' } });
    expect(audit.details).toMatchObject({ requestId: request.id, autoApproved: true, tagCount: 1 });
    expect(audit.actorEmail).toBe(svc.SYSTEM_APPROVER_EMAIL);
    const system = await db.user.findUniqueOrThrow({ where: { email: svc.SYSTEM_APPROVER_EMAIL } });
    expect(system).toMatchObject({ active: false, roles: [] });
    const [run] = await svc.listRetentionRuns(admin, { instanceId, policyId: small });
    expect(run?.repositories[0]?.requests[0]?.autoApproved).toBe(true);

    // Above the threshold: stays pending for a person.
    await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId: small, enabled: false });
    const big = await savedId(
      spec({ name: 'Two', scope: { repoInclude: ['app'] }, rules: { tagInclude: ['pr-*'], pushedOlderThanDays: 30 } }),
    );
    await runNow(big);
    expect((await db.deletionRequest.findFirstOrThrow({ where: { policyId: big } })).status).toBe('pending');
    await svc.updateRetentionSettings(admin, {
      instanceId,
      autoApprove: false,
      autoApproveMaxTags: 10,
      autoApproveMaxMegabytes: null,
    });
    for (const id of [small, big])
      await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId: id, enabled: false });
  });

  it('refuses to run a disabled policy and a second run while one is open', async () => {
    const [p] = await svc.listRetentionPolicies(admin, instanceId);
    if (!p) throw new Error('no policy');
    await expect(svc.startRetentionRun(admin, { instanceId, policyId: p.id })).rejects.toMatchObject({
      code: 'conflict',
    });
    await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId: p.id, enabled: true });
    const { runId } = await svc.startRetentionRun(admin, { instanceId, policyId: p.id });
    await expect(svc.startRetentionRun(admin, { instanceId, policyId: p.id })).rejects.toMatchObject({
      code: 'conflict',
    });
    // Two workers racing for the same run: one executes it, the other skips.
    const [x, y] = await Promise.all([
      svc.executeRetentionRun(runId, { workerId: 'w1' }),
      svc.executeRetentionRun(runId, { workerId: 'w2' }),
    ]);
    expect([x.status, y.status].filter((s) => s === 'skipped')).toHaveLength(1);
    await svc.setRetentionPolicyEnabled(admin, { instanceId, policyId: p.id, enabled: false });
  });
});

describe('policies as code', () => {
  it('exports, previews an import (created/updated/unchanged) and applies it in one go', async () => {
    const doc = await svc.exportRetentionPolicies(admin, instanceId);
    expect(doc.format).toBe('hubkeeper.retention/v1');
    expect(doc.policies.length).toBeGreaterThan(2);
    const before = await db.retentionPolicy.count({ where: { instanceId } });
    const [first, second, ...rest] = doc.policies;
    if (!first || !second) throw new Error('need two policies');
    const edited = {
      ...doc,
      policies: [first, { ...second, rules: { ...second.rules, keepNewest: 7 } }, { ...first, name: 'Brand new' }],
    };
    const preview = await svc.importRetentionPolicies(admin, {
      instanceId,
      document: JSON.stringify(edited),
      apply: false,
    });
    expect(preview).toMatchObject({
      ok: true,
      applied: false,
      plan: {
        items: [
          { name: first.name, change: 'unchanged', fields: [] },
          { name: second.name, change: 'updated', fields: ['rules.keepNewest'] },
          { name: 'Brand new', change: 'created', fields: [] },
        ],
        untouched: rest.map((p) => p.name),
      },
    });
    expect(await db.retentionPolicy.count({ where: { instanceId } })).toBe(before);
    const applied = await svc.importRetentionPolicies(admin, {
      instanceId,
      document: JSON.stringify(edited),
      apply: true,
    });
    expect(applied).toMatchObject({ ok: true, applied: true });
    expect(await db.retentionPolicy.count({ where: { instanceId } })).toBe(before + 1);
    expect((await db.retentionPolicy.findFirstOrThrow({ where: { instanceId, name: second.name } })).keepNewest).toBe(
      7,
    );
  });

  it('refuses an invalid document without writing anything', async () => {
    const before = await db.retentionPolicy.findMany({ where: { instanceId }, orderBy: { name: 'asc' } });
    const doc = await svc.exportRetentionPolicies(admin, instanceId);
    const [first] = doc.policies;
    if (!first) throw new Error('no policy');
    const broken = {
      ...doc,
      policies: [
        { ...first, name: 'Fine new one' },
        { ...first, name: 'Broken', rules: { ...first.rules, tagExclude: ['[abc'] } },
      ],
    };
    const r = await svc.importRetentionPolicies(admin, { instanceId, document: JSON.stringify(broken), apply: true });
    expect(r).toMatchObject({ ok: false, errors: [{ path: 'policies.1.rules.tagExclude.0', position: 0 }] });
    expect(
      await svc.importRetentionPolicies(admin, { instanceId, document: '{"format": 1', apply: true }),
    ).toMatchObject({ ok: false });
    expect(
      await svc.importRetentionPolicies(admin, {
        instanceId,
        document: '{"format":"other","policies":[]}',
        apply: true,
      }),
    ).toMatchObject({ ok: false });
    const dups = { ...doc, policies: [first, first] };
    expect(
      await svc.importRetentionPolicies(admin, { instanceId, document: JSON.stringify(dups), apply: true }),
    ).toMatchObject({ ok: false });
    expect(await db.retentionPolicy.findMany({ where: { instanceId }, orderBy: { name: 'asc' } })).toEqual(before);
  });
});
