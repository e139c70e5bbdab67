// Adding an instance against the real emulator: the health check's outcomes, field validation,
// duplicate names, unknown namespaces, and that nothing secret is returned or stored in clear.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createPeople, DEFAULT_CREDENTIALS, serialised, startHub } from './helpers';

const hub = await startHub();
const { db } = await import('@/lib/db');
const { createInstance, listInstances, getInstance } = await import('@/lib/services/instances');
const { AppError } = await import('@/lib/errors');
const people = await createPeople();
const { admin, viewer } = people;
const demo = DEFAULT_CREDENTIALS.user;
const pats = DEFAULT_CREDENTIALS.pats;

afterAll(async () => {
  await hub.close();
});

beforeEach(async () => {
  hub.reset();
  await db.instance.deleteMany({});
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

describe('createInstance: health check', () => {
  it('saves an instance whose PAT works, with its capabilities, repository count and hint', async () => {
    const dto = await createInstance(admin, { name: 'Demo RW', username: demo, secret: pats.admin, namespaces: 'acme' });
    expect(dto).toMatchObject({
      name: 'Demo RW',
      kind: 'PAT',
      username: demo,
      namespaces: ['acme'],
      status: 'ok',
      secretHint: pats.admin.slice(-4),
      createdBy: { id: admin.id },
    });
    expect(dto.capabilities).toMatchObject({ scope: 'repo:admin', readPublic: true, readPrivate: true, writeDescriptions: true, deleteTags: true });
    expect(dto.repositoryCount).toBe(hub.state.namespaceRepos(demo).length);
    expect(dto.lastVerifiedAt).not.toBeNull();
    // The check exchanged the PAT and listed one page of the user's repositories.
    expect(hub.log.some((e) => e.path === '/v2/auth/token' && e.status === 200)).toBe(true);
    expect(hub.log.some((e) => e.path === `/v2/namespaces/${demo}/repositories` && e.query.page_size === '1')).toBe(true);
  });

  it('refuses a wrong PAT with the "rejected this token" message and saves nothing', async () => {
    const err = await failure(createInstance(admin, { name: 'Wrong', username: demo, secret: 'dckr_pat_ThisTokenDoesNotExist000000' }));
    expect(err.message).toContain('Docker Hub rejected this personal access token');
    expect(err.fieldErrors?.secret?.[0]).toContain('rejected');
    expect(await db.instance.count()).toBe(0);
  });

  it('refuses a deactivated PAT the same way', async () => {
    const err = await failure(createInstance(admin, { name: 'Inactive', username: demo, secret: pats.inactive }));
    expect(err.fieldErrors?.secret?.[0]).toContain('rejected');
  });

  it('says when the user does not exist', async () => {
    const err = await failure(createInstance(admin, { name: 'Nobody', username: 'nosuchuser', secret: pats.admin }));
    expect(err.fieldErrors?.username?.[0]).toBe('Docker Hub has no user named "nosuchuser". Check the spelling.');
    expect(await db.instance.count()).toBe(0);
  });

  it('says when Docker Hub is rate-limiting, and saves nothing', async () => {
    hub.setFaults([{ path: '/v2/auth/token', rateLimitBurst: 5, retryAfterSeconds: 30 }]);
    const err = await failure(createInstance(admin, { name: 'Limited', username: demo, secret: pats.admin }));
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain('Docker Hub is rate-limiting requests right now (it asked to wait 30 s)');
    expect(err.message).toContain('Nothing was saved');
    expect(await db.instance.count()).toBe(0);
  });

  it('saves without checking when asked, with status unchecked and no capabilities', async () => {
    hub.clearLog();
    const dto = await createInstance(admin, { name: 'Unchecked', username: demo, secret: 'dckr_pat_NotCheckedAtAll0000000000', skipCheck: true });
    expect(dto).toMatchObject({ status: 'unchecked', capabilities: null, lastVerifiedAt: null, repositoryCount: null });
    expect(hub.log).toHaveLength(0);
  });

  it('accepts an OAT for an organization', async () => {
    const dto = await createInstance(admin, { name: 'Acme', kind: 'OAT', username: DEFAULT_CREDENTIALS.org, secret: DEFAULT_CREDENTIALS.oat });
    expect(dto.status).toBe('ok');
    expect(dto.capabilities).toMatchObject({ tokenKind: 'oat', readPrivate: true, writeDescriptions: false, deleteTags: false });
  });
});

describe('createInstance: validation', () => {
  it('refuses an empty or too long name', async () => {
    expect((await failure(createInstance(admin, { name: '  ', username: demo, secret: pats.admin }))).fieldErrors?.name).toEqual(['Enter a name.']);
    expect((await failure(createInstance(admin, { name: 'x'.repeat(65), username: demo, secret: pats.admin }))).fieldErrors?.name).toEqual([
      'Use at most 64 characters.',
    ]);
  });

  it('refuses a duplicate name (case-insensitively) without calling Hub', async () => {
    await createInstance(admin, { name: 'Shared', username: demo, secret: pats.read });
    hub.clearLog();
    const err = await failure(createInstance(admin, { name: 'shared', username: demo, secret: pats.admin }));
    expect(err.fieldErrors?.name?.[0]).toContain('already exists');
    expect(hub.log).toHaveLength(0);
    expect(await db.instance.count()).toBe(1);
  });

  it.each([
    ['too short', 'abc'],
    ['spaces', 'bad user'],
    ['symbols', 'bad!user'],
    ['dots', 'bad.user'],
    ['too long', 'a'.repeat(31)],
  ])('refuses a username with %s', async (_label, username) => {
    const err = await failure(createInstance(admin, { name: 'Bad user', username, secret: pats.admin }));
    expect(err.fieldErrors?.username?.[0]).toContain('4 to 30 characters');
  });

  it.each([
    ['leading whitespace', ` ${pats.admin}`, 'spaces or line breaks'],
    ['a line break', `${pats.admin}\n`, 'spaces or line breaks'],
    ['the wrong prefix', 'ghp_abcdefghijklmnopqrstuvwxyz', 'starts with dckr_pat_'],
    ['an OAT in the PAT field', DEFAULT_CREDENTIALS.oat, 'organization access token (dckr_oat_'],
    ['a too short token', 'dckr_pat_abc', 'starts with dckr_pat_'],
  ])('refuses a PAT with %s, never echoing it', async (_label, secret, message) => {
    const err = await failure(createInstance(admin, { name: 'Bad token', username: demo, secret }));
    expect(err.fieldErrors?.secret?.[0]).toContain(message);
    expect(serialised({ message: err.message, fields: err.fieldErrors })).not.toContain(secret.trim());
  });

  it('refuses a PAT in the OAT field', async () => {
    const err = await failure(createInstance(admin, { name: 'Bad OAT', kind: 'OAT', username: 'acme', secret: pats.admin }));
    expect(err.fieldErrors?.secret?.[0]).toContain('personal access token (dckr_pat_');
  });

  it('accepts a legacy UUID-shaped PAT', async () => {
    const dto = await createInstance(admin, {
      name: 'Legacy',
      username: demo,
      secret: '3f2b8c1e-9d4a-4e7b-8a6c-1b2d3e4f5a6b',
      skipCheck: true,
    });
    expect(dto.secretHint).toBe('5a6b');
  });

  it('refuses an extra namespace that does not exist on Hub, and saves nothing', async () => {
    const err = await failure(createInstance(admin, { name: 'NS', username: demo, secret: pats.admin, namespaces: ['acme', 'ghost-org'] }));
    expect(err.fieldErrors?.namespaces).toEqual(['Docker Hub has no user or organization named "ghost-org".']);
    expect(await db.instance.count()).toBe(0);
    // Both existence routes were asked about the unknown name.
    expect(hub.log.some((e) => e.path === '/v2/orgs/ghost-org')).toBe(true);
    expect(hub.log.some((e) => e.path === '/v2/users/ghost-org/')).toBe(true);
  });

  it('refuses a malformed namespace before calling Hub', async () => {
    const err = await failure(createInstance(admin, { name: 'NS', username: demo, secret: pats.admin, namespaces: 'Bad Name!' }));
    expect(err.fieldErrors?.namespaces?.[0]).toContain('namespace is 2 to 30 characters');
  });
});

describe('secrets and permissions', () => {
  it('never returns or stores the token in clear, nor puts it in the audit trail', async () => {
    const created = await createInstance(admin, { name: 'Secretive', username: demo, secret: pats.admin });
    const listed = await listInstances(viewer);
    const one = await getInstance(viewer, created.id);
    for (const dto of [created, listed, one]) {
      const text = serialised(dto);
      expect(text).not.toContain(pats.admin);
      expect(text).not.toContain('encryptedSecret');
      expect(text).not.toContain('hk1.');
    }
    const row = await db.instance.findUniqueOrThrow({ where: { id: created.id }, select: { encryptedSecret: true } });
    expect(row.encryptedSecret.startsWith('hk1.')).toBe(true);
    expect(row.encryptedSecret).not.toContain(pats.admin);
    expect(row.encryptedSecret).not.toContain(Buffer.from(pats.admin).toString('base64'));
    const audit = await db.auditEvent.findMany({ where: { instanceId: created.id } });
    expect(audit.map((a) => a.action)).toEqual(['instance.created']);
    expect(audit[0]).toMatchObject({ actorId: admin.id, actorEmail: admin.email });
    expect(serialised(audit[0]?.details)).not.toContain(pats.admin);
  });

  it('lets viewers read but not create', async () => {
    const err = await failure(createInstance(viewer, { name: 'Nope', username: demo, secret: pats.admin }));
    expect(err.code).toBe('forbidden');
    const approverErr = await failure(createInstance(people.approver, { name: 'Nope', username: demo, secret: pats.admin }));
    expect(approverErr.code).toBe('forbidden');
    expect(await listInstances(viewer)).toEqual([]);
    await expect(listInstances(null)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
