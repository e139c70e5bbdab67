// The Postgres-backed token store: one JWT per instance shared by every client and process,
// encrypted at rest, one exchange at a time across processes, never cached for a replaced PAT.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPeople, DEFAULT_CREDENTIALS, startHub } from './helpers';

const hub = await startHub();
const { db } = await import('@/lib/db');
const svc = await import('@/lib/services/instances');
const clients = await import('@/lib/services/hub-clients');
const { clearTokenCache } = await import('@/lib/hub');
const { decryptSecret, getKeyring, hubTokenAad } = await import('@/lib/crypto');
const { admin } = await createPeople();
const demo = DEFAULT_CREDENTIALS.user;

afterAll(async () => {
  await hub.close();
});

let instanceId: string;
beforeEach(async () => {
  hub.reset();
  clearTokenCache();
  await db.instance.deleteMany({});
  instanceId = (await svc.createInstance(admin, { name: 'Demo', username: demo, secret: DEFAULT_CREDENTIALS.pats.admin, skipCheck: true })).id;
});

describe('Postgres token store', () => {
  it('shares one JWT across two clients, even after the in-memory cache is gone (another process)', async () => {
    const first = await clients.getHubClientForInstance(instanceId);
    await first.listRepositoriesPage(demo, { pageSize: 1 });
    expect(hub.tokenExchangeCount()).toBe(1);

    clearTokenCache(); // what a second process starts with
    const second = await clients.getHubClientForInstance(instanceId);
    await second.listRepositoriesPage(demo, { pageSize: 1 });
    expect(hub.tokenExchangeCount()).toBe(1);
  });

  it('stores the JWT encrypted and bound to the instance', async () => {
    await (await clients.getHubClientForInstance(instanceId)).tokenClaims();
    const row = await db.hubTokenCache.findUniqueOrThrow({ where: { instanceId }, select: { encryptedToken: true, expiresAt: true } });
    expect(row.encryptedToken.startsWith('hk1.')).toBe(true);
    expect(row.encryptedToken).not.toContain('eyJ');
    const jwt = decryptSecret(row.encryptedToken, hubTokenAad(instanceId), getKeyring());
    expect(jwt.split('.')).toHaveLength(3);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('lets only one of two processes exchange at a time (advisory lock)', async () => {
    // A second copy of the modules has its own in-memory token cache, like another process.
    vi.resetModules();
    const otherProcess = await import('@/lib/services/hub-clients');
    expect(otherProcess.getHubClientForInstance).not.toBe(clients.getHubClientForInstance);
    const [a, b] = await Promise.all([clients.getHubClientForInstance(instanceId), otherProcess.getHubClientForInstance(instanceId)]);
    const claims = await Promise.all([a.tokenClaims(), b.tokenClaims(), a.tokenClaims(), b.tokenClaims()]);
    expect(new Set(claims.map((c) => c.scope))).toEqual(new Set(['repo:admin']));
    expect(hub.tokenExchangeCount()).toBe(1);
  });

  it('never caches a JWT obtained with a token that was replaced meanwhile', async () => {
    const stale = await clients.getHubClientForInstance(instanceId); // built from the repo:admin PAT
    await svc.rotateInstanceSecret(admin, { instanceId, secret: DEFAULT_CREDENTIALS.pats.read, skipCheck: true });
    await stale.tokenClaims(); // exchanges with the old PAT
    expect(await db.hubTokenCache.count({ where: { instanceId } })).toBe(0);
    clearTokenCache();
    const fresh = await clients.getHubClientForInstance(instanceId);
    expect((await fresh.tokenClaims()).scope).toBe('repo:read');
  });

  it('treats an unreadable cache row as a miss', async () => {
    await db.hubTokenCache.create({ data: { instanceId, encryptedToken: 'hk1.nope.AAAA.AAAA', expiresAt: new Date(Date.now() + 600_000) } });
    const claims = await (await clients.getHubClientForInstance(instanceId)).tokenClaims();
    expect(claims.scope).toBe('repo:admin');
    expect(hub.tokenExchangeCount()).toBe(1);
  });

  it('refuses unknown instances with a not-found error', async () => {
    await expect(clients.getHubClientForInstance('no-such-instance')).rejects.toMatchObject({ code: 'not_found' });
  });
});
