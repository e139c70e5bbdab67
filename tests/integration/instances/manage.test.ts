// Editing, rotating, re-checking and deleting instances against the real emulator, with audit
// events in the same transaction; viewers and approvers are refused every change.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { InstanceDto } from '@/lib/services/instances';
import { createPeople, DEFAULT_CREDENTIALS, serialised, startHub } from './helpers';

const hub = await startHub();
const { db } = await import('@/lib/db');
const svc = await import('@/lib/services/instances');
const { getHubClientForInstance } = await import('@/lib/services/hub-clients');
const { AppError } = await import('@/lib/errors');
const people = await createPeople();
const { admin, approver, viewer } = people;
const demo = DEFAULT_CREDENTIALS.user;
const pats = DEFAULT_CREDENTIALS.pats;

afterAll(async () => {
  await hub.close();
});

let instance: InstanceDto;
beforeEach(async () => {
  hub.reset();
  await db.instance.deleteMany({});
  instance = await svc.createInstance(admin, { name: 'Demo', username: demo, secret: pats.read });
  hub.clearLog();
});

async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof AppError>> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

async function auditActions(instanceId: string): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ where: { instanceId }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.action);
}

describe('updateInstance', () => {
  it('renames and changes namespaces, checking new ones on Hub, with an audit event of what changed', async () => {
    const dto = await svc.updateInstance(admin, { instanceId: instance.id, name: 'Demo renamed', namespaces: 'acme' });
    expect(dto).toMatchObject({ name: 'Demo renamed', namespaces: ['acme'] });
    expect(hub.log.some((e) => e.path === '/v2/orgs/acme' && e.status === 200)).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { instanceId: instance.id, action: 'instance.updated' } });
    expect(event.details).toMatchObject({ changes: { name: { from: 'Demo', to: 'Demo renamed' }, namespaces: { added: ['acme'], removed: [] } } });
  });

  it('refuses an unknown namespace and keeps the instance as it was', async () => {
    const err = await failure(svc.updateInstance(admin, { instanceId: instance.id, name: 'Demo', namespaces: ['acme', 'nope-nope'] }));
    expect(err.fieldErrors?.namespaces).toEqual(['Docker Hub has no user or organization named "nope-nope".']);
    expect((await svc.getInstance(admin, instance.id))?.namespaces).toEqual([]);
    expect(await auditActions(instance.id)).toEqual(['instance.created']);
  });

  it('refuses a name another instance has', async () => {
    await svc.createInstance(admin, { name: 'Other', username: demo, secret: pats.admin, skipCheck: true });
    const err = await failure(svc.updateInstance(admin, { instanceId: instance.id, name: 'OTHER', namespaces: [] }));
    expect(err.fieldErrors?.name?.[0]).toContain('already exists');
  });

  it('refuses viewers and approvers (the edit action calls this service)', async () => {
    for (const who of [viewer, approver]) {
      const err = await failure(svc.updateInstance(who, { instanceId: instance.id, name: 'Hijacked', namespaces: [] }));
      expect(err.code).toBe('forbidden');
    }
    expect((await svc.getInstance(viewer, instance.id))?.name).toBe('Demo');
  });

  it('says not found for an unknown id', async () => {
    const err = await failure(svc.updateInstance(admin, { instanceId: 'does-not-exist', name: 'X', namespaces: [] }));
    expect(err.code).toBe('not_found');
  });
});

describe('rotateInstanceSecret', () => {
  it('replaces the PAT after checking it: new hint, new capabilities, cached JWT dropped, audited', async () => {
    // Warm the shared JWT cache with the old token.
    await (await getHubClientForInstance(instance.id)).listRepositoriesPage(demo, { pageSize: 1 });
    expect(await db.hubTokenCache.count({ where: { instanceId: instance.id } })).toBe(1);
    const before = await db.instance.findUniqueOrThrow({ where: { id: instance.id }, select: { encryptedSecret: true } });

    const dto = await svc.rotateInstanceSecret(admin, { instanceId: instance.id, secret: pats.admin });
    expect(dto.secretHint).toBe(pats.admin.slice(-4));
    expect(dto.capabilities).toMatchObject({ scope: 'repo:admin', deleteTags: true });
    expect(dto.status).toBe('ok');
    expect(await db.hubTokenCache.count({ where: { instanceId: instance.id } })).toBe(0);
    const after = await db.instance.findUniqueOrThrow({ where: { id: instance.id }, select: { encryptedSecret: true } });
    expect(after.encryptedSecret).not.toBe(before.encryptedSecret);

    // Clients built afterwards use the new token (repo:admin scope in its JWT).
    const claims = await (await getHubClientForInstance(instance.id)).tokenClaims();
    expect(claims.scope).toBe('repo:admin');

    const event = await db.auditEvent.findFirstOrThrow({ where: { instanceId: instance.id, action: 'instance.secret_rotated' } });
    expect(event.details).toMatchObject({ checked: true, status: 'ok', scope: { from: 'repo:read', to: 'repo:admin' } });
    expect(serialised(event.details)).not.toContain(pats.admin);
  });

  it('keeps the current token when the new one is rejected', async () => {
    const err = await failure(svc.rotateInstanceSecret(admin, { instanceId: instance.id, secret: pats.expired }));
    expect(err.fieldErrors?.secret?.[0]).toContain('rejected');
    expect(err.message).toContain('The current token was kept.');
    expect((await svc.getInstance(admin, instance.id))?.secretHint).toBe(pats.read.slice(-4));
    expect(await auditActions(instance.id)).toEqual(['instance.created']);
  });

  it('checks the token shape against the instance kind', async () => {
    const err = await failure(svc.rotateInstanceSecret(admin, { instanceId: instance.id, secret: DEFAULT_CREDENTIALS.oat }));
    expect(err.fieldErrors?.secret?.[0]).toContain('organization access token');
    const spaced = await failure(svc.rotateInstanceSecret(admin, { instanceId: instance.id, secret: `${pats.admin} ` }));
    expect(spaced.fieldErrors?.secret?.[0]).toContain('spaces or line breaks');
  });

  it('refuses viewers', async () => {
    expect((await failure(svc.rotateInstanceSecret(viewer, { instanceId: instance.id, secret: pats.admin }))).code).toBe('forbidden');
  });
});

describe('recheckInstance', () => {
  it('records ok, then invalid_credentials once the PAT is revoked on Hub, then ok again after a rotation', async () => {
    const first = await svc.recheckInstance(admin, instance.id);
    expect(first.check.status).toBe('ok');
    expect(first.instance.lastCheckedAt).not.toBeNull();
    // The re-check exchanged the PAT again rather than trusting a cached JWT.
    expect(hub.tokenExchangeCount()).toBe(1);

    const pat = hub.state.pats.get(pats.read);
    if (!pat) throw new Error('fixture PAT missing');
    pat.isActive = false;
    const second = await svc.recheckInstance(admin, instance.id);
    expect(second.check.status).toBe('invalid_credentials');
    expect(second.instance.status).toBe('invalid_credentials');
    expect(second.instance.statusMessage).toContain('rejected');
    // The last good capabilities stay visible; capabilityFor refuses because of the status.
    expect(second.instance.capabilities?.scope).toBe('repo:read');

    await svc.rotateInstanceSecret(admin, { instanceId: instance.id, secret: pats.write });
    const third = await svc.recheckInstance(admin, instance.id);
    expect(third.instance).toMatchObject({ status: 'ok', capabilities: { scope: 'repo:write', writeDescriptions: false } });

    const events = await db.auditEvent.findMany({ where: { instanceId: instance.id, action: 'instance.rechecked' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => (e.details as { status: { to: string } }).status.to)).toEqual(['ok', 'invalid_credentials', 'ok']);
  });

  it('marks the instance unreachable when Hub fails', async () => {
    hub.setFaults([{ path: '/v2/auth/token', status: 503, failNext: 10 }]);
    const result = await svc.recheckInstance(admin, instance.id);
    expect(result.check.status).toBe('unreachable');
    expect(result.check.message).toContain('Could not reach Docker Hub');
  });

  it('refuses viewers', async () => {
    expect((await failure(svc.recheckInstance(viewer, instance.id))).code).toBe('forbidden');
  });
});

describe('deleteInstance', () => {
  it('needs the exact name typed', async () => {
    const err = await failure(svc.deleteInstance(admin, { instanceId: instance.id, confirmName: 'demo' }));
    expect(err.fieldErrors?.confirmName?.[0]).toBe('Type the instance name "Demo" exactly to confirm.');
    expect(await db.instance.count()).toBe(1);
  });

  it('cancels pending work in the same transaction and records it in the audit event', async () => {
    const seen: string[] = [];
    svc.registerPendingWorkCanceller('test-jobs', async (tx, instanceId) => {
      // Runs inside the deleting transaction: the instance row is still there.
      const row = await tx.instance.findUnique({ where: { id: instanceId }, select: { id: true } });
      seen.push(row?.id ?? 'missing');
      return { kind: 'test_jobs', count: 2, ids: ['job-1', 'job-2'] };
    });
    try {
      await (await getHubClientForInstance(instance.id)).listRepositoriesPage(demo, { pageSize: 1 });
      const result = await svc.deleteInstance(admin, { instanceId: instance.id, confirmName: 'Demo' });
      expect(result).toEqual({ deleted: true, name: 'Demo', cancelledWork: [{ kind: 'test_jobs', count: 2, ids: ['job-1', 'job-2'] }] });
      expect(seen).toEqual([instance.id]);
      expect(await db.instance.count()).toBe(0);
      expect(await db.hubTokenCache.count()).toBe(0);
      const event = await db.auditEvent.findFirstOrThrow({ where: { instanceId: instance.id, action: 'instance.deleted' } });
      expect(event).toMatchObject({ actorId: admin.id });
      expect(event.details).toMatchObject({ name: 'Demo', username: demo, cancelledWork: [{ kind: 'test_jobs', count: 2 }] });
    } finally {
      svc.registerPendingWorkCanceller('test-jobs', async () => null);
    }
  });

  it('deletes nothing when a canceller fails (one transaction)', async () => {
    svc.registerPendingWorkCanceller('test-broken', async () => {
      throw new Error('queue unavailable');
    });
    try {
      await expect(svc.deleteInstance(admin, { instanceId: instance.id, confirmName: 'Demo' })).rejects.toThrow('queue unavailable');
      expect(await db.instance.count()).toBe(1);
      expect(await auditActions(instance.id)).toEqual(['instance.created']);
    } finally {
      svc.registerPendingWorkCanceller('test-broken', async () => null);
    }
  });

  it("cancels the instance's unfinished description jobs (a canceller registered by another feature)", async () => {
    const job = await db.bulkDescriptionJob.create({
      data: { instanceId: instance.id, createdById: admin.id, createdByEmail: admin.email, spec: {}, status: 'queued' },
    });
    const result = await svc.deleteInstance(admin, { instanceId: instance.id, confirmName: 'Demo' });
    expect(result.cancelledWork).toContainEqual({ kind: 'description_jobs', count: 1, ids: [job.id] });
    const event = await db.auditEvent.findFirstOrThrow({ where: { instanceId: instance.id, action: 'instance.deleted' } });
    expect(event.details).toMatchObject({ cancelledWork: [{ kind: 'description_jobs', count: 1, ids: [job.id] }] });
  });

  it('refuses viewers and approvers', async () => {
    for (const who of [viewer, approver]) {
      expect((await failure(svc.deleteInstance(who, { instanceId: instance.id, confirmName: 'Demo' }))).code).toBe('forbidden');
    }
    expect(await db.instance.count()).toBe(1);
  });
});

describe('compareInstances', () => {
  it('counts, lists newest pushes and the repositories only one side has', async () => {
    const acme = await svc.createInstance(admin, { name: 'Acme', kind: 'OAT', username: 'acme', secret: DEFAULT_CREDENTIALS.oat });
    const result = await svc.compareInstances(viewer, [
      { instanceId: instance.id, namespace: null },
      { instanceId: acme.id, namespace: null },
    ]);
    const [left, right] = result.sides;
    const demoRepos = hub.state.namespaceRepos(demo).map((r) => r.name);
    const acmeRepos = hub.state.namespaceRepos('acme').map((r) => r.name);
    expect(left?.repositoryCount).toBe(demoRepos.length);
    expect(right?.repositoryCount).toBe(acmeRepos.length);
    expect(left?.onlyHere.map((r) => r.name)).toEqual(demoRepos.filter((n) => !acmeRepos.includes(n)).sort());
    expect(right?.onlyHere.map((r) => r.name)).toEqual(acmeRepos.filter((n) => !demoRepos.includes(n)).sort());
    expect(result.inBoth).toBe(demoRepos.filter((n) => acmeRepos.includes(n)).length);
    const pushes = left?.newestPushes.map((r) => r.lastUpdated ?? '') ?? [];
    expect(pushes).toEqual([...pushes].sort().reverse());
  });
});
