import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, DEFAULT_GROUPS, type HubEmulator } from '@/emulator';
import { api, exchange, obj, page, START, startTestEmulator } from './helpers';

let emu: HubEmulator;
const jwt: Record<string, string> = {};

beforeAll(async () => {
  emu = await startTestEmulator();
  jwt.admin = await exchange(emu, C.user, C.pats.admin);
  jwt.write = await exchange(emu, C.user, C.pats.write);
  jwt.read = await exchange(emu, C.user, C.pats.read);
  jwt.publicRead = await exchange(emu, C.user, C.pats.publicRead);
  jwt.password = await exchange(emu, C.user, C.password);
  jwt.oat = await exchange(emu, C.org, C.oat);
  jwt.oatNoList = await exchange(emu, C.org, C.oatNoRepoList);
  jwt.sam = await exchange(emu, C.member.user, C.member.pats.admin);
  jwt.samRead = await exchange(emu, C.member.user, C.member.pats.read);
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.clock.set(START);
});

const PAT_REFUSED = { message: 'token issued from personal access token is not allowed', errinfo: {} };
const OAT_REFUSED = { message: 'token issued from organization access token is not allowed', errinfo: {} };
const INSUFFICIENT = { message: 'insufficient scope', errinfo: {} };

const patchDescription = (token: string, repo = 'hubkeeper-demo/web-app') =>
  api(emu, `/v2/repositories/${repo}/`, { method: 'PATCH', token, body: { description: 'new text' } });
const deleteTag = (token: string, repoTag = 'hubkeeper-demo/web-app/tags/pr-101') =>
  api(emu, `/v2/repositories/${repoTag}/`, { method: 'DELETE', token });

describe('PAT scope hierarchy', () => {
  it('repo:admin may PATCH descriptions and DELETE tags', async () => {
    expect((await patchDescription(jwt.admin)).status).toBe(200);
    expect((await deleteTag(jwt.admin)).status).toBe(204);
  });

  it.each(['write', 'read', 'publicRead'])('repo:%s gets 403 insufficient scope on writes', async (level) => {
    const patch = await patchDescription(jwt[level]);
    expect(patch.status).toBe(403);
    expect(patch.body).toEqual(INSUFFICIENT);
    const del = await deleteTag(jwt[level]);
    expect(del.status).toBe(403);
    expect(del.body).toEqual(INSUFFICIENT);
    expect(emu.state.getRepo('hubkeeper-demo', 'web-app')?.tags.get('pr-101')).toBeDefined();
  });

  it('repo:public_read sees only public repositories', async () => {
    const list = page((await api(emu, '/v2/namespaces/hubkeeper-demo/repositories', { token: jwt.publicRead })).body);
    expect(list.results.every((r) => r.is_private === false)).toBe(true);
    expect(list.count).toBe(3);
    expect(
      (await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/worker', { token: jwt.publicRead })).status,
    ).toBe(404);
    expect(
      (await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/worker/tags', { token: jwt.publicRead })).status,
    ).toBe(404);
  });

  it('repo:read sees private repositories of its own namespace and orgs', async () => {
    expect(page((await api(emu, '/v2/namespaces/hubkeeper-demo/repositories', { token: jwt.read })).body).count).toBe(
      5,
    );
    const repo = await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/worker', { token: jwt.read });
    expect(repo.status).toBe(200);
    expect(obj(repo.body).permissions).toEqual({ read: true, write: false, admin: false });
    const admin = await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/worker', { token: jwt.admin });
    expect(obj(admin.body).permissions).toEqual({ read: true, write: true, admin: true });
  });
});

describe('PAT-derived JWTs on org administration routes', () => {
  it.each([
    ['GET', '/v2/orgs/acme/groups'],
    ['GET', '/v2/orgs/acme/groups/developers'],
    ['GET', '/v2/orgs/acme/groups/developers/members'],
    ['POST', '/v2/orgs/acme/groups'],
    ['GET', '/v2/orgs/acme/members'],
    ['GET', '/v2/orgs/acme/members/'],
    ['GET', '/v2/orgs/acme/invites'],
    ['DELETE', '/v2/invites/some-id'],
    ['GET', '/v2/orgs/acme/access-tokens'],
    ['GET', '/v2/access-tokens'],
    ['POST', '/v2/access-tokens'],
    ['GET', '/v2/auditlogs/acme'],
    ['GET', '/v2/auditlogs/acme/actions'],
  ])('%s %s -> 403 "token issued from personal access token is not allowed"', async (method, path) => {
    const res = await api(emu, path, { method, token: jwt.admin, body: method === 'POST' ? {} : undefined });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(PAT_REFUSED);
  });

  it('the same routes work with an OAT', async () => {
    for (const path of [
      '/v2/orgs/acme/groups',
      '/v2/orgs/acme/members',
      '/v2/orgs/acme/invites',
      '/v2/auditlogs/acme',
    ]) {
      expect((await api(emu, path, { token: jwt.oat })).status).toBe(200);
    }
  });

  it('/v2/access-tokens refuses OATs too, and serves password JWTs', async () => {
    expect((await api(emu, '/v2/access-tokens', { token: jwt.oat })).body).toEqual(OAT_REFUSED);
    const own = await api(emu, '/v2/access-tokens', { token: jwt.password });
    expect(own.status).toBe(200);
    expect(obj(own.body).active_count).toBe(5); // is_active, expired included (like Hub)
  });

  it('POST /v2/repositories/{ns}/{repo}/groups accepts PATs by default', async () => {
    const res = await api(emu, '/v2/repositories/acme/frontend/groups', {
      method: 'POST',
      token: jwt.admin,
      body: { group_id: DEFAULT_GROUPS.qa, permission: 'read' },
    });
    expect(res.status).toBe(200);
  });

  it('refusePatOnRepoGroups refuses PATs there', async () => {
    const strict = await startTestEmulator({ refusePatOnRepoGroups: true });
    try {
      const token = await exchange(strict, C.user, C.pats.admin);
      const res = await api(strict, '/v2/repositories/acme/frontend/groups', {
        method: 'POST',
        token,
        body: { group_id: DEFAULT_GROUPS.qa, permission: 'read' },
      });
      expect(res.status).toBe(403);
      expect(res.body).toEqual(PAT_REFUSED);
    } finally {
      await strict.close();
    }
  });

  it('GET /v2/orgs/{name} and /v2/user/ work with a PAT; /v2/user/ is refusable', async () => {
    expect((await api(emu, '/v2/orgs/acme', { token: jwt.read })).status).toBe(200);
    expect(obj((await api(emu, '/v2/user/', { token: jwt.read })).body).username).toBe(C.user);
    const strict = await startTestEmulator({ refusePatOnCurrentUser: true });
    try {
      const token = await exchange(strict, C.user, C.pats.read);
      expect((await api(strict, '/v2/user/', { token })).body).toEqual(PAT_REFUSED);
    } finally {
      await strict.close();
    }
  });
});

describe('OAT-derived JWTs', () => {
  it.each([
    ['GET', '/v2/repositories/acme/'],
    ['GET', '/v2/repositories/acme/frontend/'],
    ['PATCH', '/v2/repositories/acme/frontend/'],
    ['GET', '/v2/repositories/acme/frontend/tags/'],
    ['GET', '/v2/repositories/acme/frontend/tags/latest/'],
    ['DELETE', '/v2/repositories/acme/frontend/tags/pr-339/'],
  ])('%s %s (legacy) -> 403 "token issued from organization access token is not allowed"', async (method, path) => {
    const res = await api(emu, path, {
      method,
      token: jwt.oat,
      body: method === 'PATCH' ? { description: 'x' } : undefined,
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(OAT_REFUSED);
    expect(emu.state.getRepo('acme', 'frontend')?.tags.get('pr-339')).toBeDefined();
  });

  it('/v2/user/ refuses OATs', async () => {
    expect((await api(emu, '/v2/user/', { token: jwt.oat })).body).toEqual(OAT_REFUSED);
  });

  it('listNamespaceRepositories silently omits private repos without scope-repository-list', async () => {
    const withList = page((await api(emu, '/v2/namespaces/acme/repositories', { token: jwt.oat })).body);
    const without = await api(emu, '/v2/namespaces/acme/repositories', { token: jwt.oatNoList });
    expect(without.status).toBe(200);
    expect(withList.count).toBe(7);
    expect(page(without.body).count).toBe(2);
    expect(page(without.body).results.map((r) => r.name)).toEqual(['frontend', 'legacy-monolith']);
  });

  it('reads private repositories and tags of its org on namespaced routes', async () => {
    expect((await api(emu, '/v2/namespaces/acme/repositories/platform-api/tags', { token: jwt.oat })).status).toBe(200);
    expect((await api(emu, '/v2/namespaces/acme/repositories/platform-api', { token: jwt.oatNoList })).status).toBe(
      404,
    );
    expect((await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/worker', { token: jwt.oat })).status).toBe(404);
  });

  it('may grant team access on its own org only', async () => {
    const ok = await api(emu, '/v2/repositories/acme/frontend/groups', {
      method: 'POST',
      token: jwt.oat,
      body: { group_id: DEFAULT_GROUPS.qa, permission: 'write' },
    });
    expect(ok.status).toBe(200);
  });
});

describe('account permissions (beyond token scope)', () => {
  it('a member PAT cannot write to a namespace it does not own', async () => {
    const patch = await patchDescription(jwt.sam);
    expect(patch.status).toBe(403);
    expect(patch.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    expect((await deleteTag(jwt.sam)).status).toBe(403);
  });

  it('team grants decide: write allows tag deletes, admin allows description updates', async () => {
    expect((await deleteTag(jwt.sam, 'acme/platform-api/tags/pr-1201')).status).toBe(204);
    expect((await patchDescription(jwt.sam, 'acme/platform-api')).status).toBe(403);
    expect((await patchDescription(jwt.sam, 'acme/frontend')).status).toBe(200);
    expect((await deleteTag(jwt.sam, 'acme/billing-service/tags/latest')).status).toBe(404);
  });

  it('private repositories of other namespaces look missing', async () => {
    expect((await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/worker', { token: jwt.samRead })).status).toBe(
      404,
    );
    expect((await api(emu, '/v2/repositories/hubkeeper-demo/worker/', { token: jwt.samRead })).body).toEqual({
      detail: 'Not found.',
    });
    const list = page((await api(emu, '/v2/namespaces/hubkeeper-demo/repositories', { token: jwt.samRead })).body);
    expect(list.results.map((r) => r.name)).toEqual(['api', 'docs-site', 'web-app']);
  });

  it('privateRepoStatus: 403 answers forbidden instead of not found', async () => {
    const strict = await startTestEmulator({ privateRepoStatus: 403 });
    try {
      expect((await api(strict, '/v2/namespaces/acme/repositories/platform-api')).status).toBe(403);
      expect((await api(strict, '/v2/repositories/acme/platform-api/')).status).toBe(403);
    } finally {
      await strict.close();
    }
  });

  it('anonymous callers see public repositories only', async () => {
    expect((await api(emu, '/v2/namespaces/acme/repositories/frontend/tags')).status).toBe(200);
    expect((await api(emu, '/v2/namespaces/acme/repositories/platform-api/tags')).status).toBe(404);
    expect(page((await api(emu, '/v2/repositories/acme/')).body).count).toBe(2);
  });
});
