import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, DEFAULT_GROUPS, type HubEmulator } from '@/emulator';
import { api, exchange, obj, page, START, startTestEmulator } from './helpers';

let emu: HubEmulator;
let admin: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  admin = await exchange(emu, C.user, C.pats.admin);
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.clock.set(START);
});

describe('trailing-slash redirects on legacy paths', () => {
  it.each([
    ['GET', '/v2/repositories/acme?page_size=100&page=1&ordering=last_updated'],
    ['GET', '/v2/repositories/acme/frontend'],
    ['GET', '/v2/repositories/acme/frontend/tags?page_size=5'],
    ['GET', '/v2/user'],
    ['GET', '/v2/users/hubkeeper-demo'],
  ])('%s %s -> 301 to the same path + "/" with the query kept', async (method, pathAndQuery) => {
    const res = await api(emu, pathAndQuery, { method, token: admin });
    expect(res.status).toBe(301);
    const [path, query] = pathAndQuery.split('?');
    expect(res.headers.get('location')).toBe(`${emu.url}${path}/${query ? `?${query}` : ''}`);
  });

  it('a PATCH or DELETE without the slash is redirected and NOT performed', async () => {
    const patch = await api(emu, '/v2/repositories/hubkeeper-demo/web-app', {
      method: 'PATCH',
      token: admin,
      body: { description: 'changed' },
    });
    expect(patch.status).toBe(301);
    expect(emu.state.getRepo('hubkeeper-demo', 'web-app')?.description).toBe('Demo web application');
    const del = await api(emu, '/v2/repositories/hubkeeper-demo/web-app/tags/pr-101', {
      method: 'DELETE',
      token: admin,
    });
    expect(del.status).toBe(301);
    expect(emu.state.getRepo('hubkeeper-demo', 'web-app')?.tags.get('pr-101')).toBeDefined();
    expect(emu.log.map((e) => [e.method, e.path, e.status])).toEqual([
      ['PATCH', '/v2/repositories/hubkeeper-demo/web-app', 301],
      ['DELETE', '/v2/repositories/hubkeeper-demo/web-app/tags/pr-101', 301],
    ]);
  });

  it('the redirect comes before authentication, like Django APPEND_SLASH', async () => {
    expect((await api(emu, '/v2/repositories/acme/frontend', { method: 'PATCH', body: {} })).status).toBe(301);
  });
});

describe('legacy reads', () => {
  it('GET /v2/repositories/{ns}/ lists with name + ordering; unknown ordering is ignored (DRF)', async () => {
    const res = await api(emu, '/v2/repositories/acme/?ordering=-pull_count&page_size=2', { token: admin });
    expect(res.status).toBe(200);
    expect(page(res.body).results.map((r) => r.name)).toEqual(['legacy-monolith', 'platform-api']);
    expect(page((await api(emu, '/v2/repositories/acme/?ordering=bogus', { token: admin })).body).count).toBe(7);
    expect(page((await api(emu, '/v2/repositories/acme/?name=FRONT', { token: admin })).body).count).toBe(1);
  });

  it('clamps page_size above 100 and answers {"detail":"Invalid page."} past the end', async () => {
    expect((await api(emu, '/v2/repositories/acme/?page_size=500', { token: admin })).status).toBe(200);
    const past = await api(emu, '/v2/repositories/acme/?page=9', { token: admin });
    expect(past.status).toBe(404);
    expect(past.body).toEqual({ detail: 'Invalid page.' });
  });

  it('GET /v2/repositories/{ns}/{repo}/ omits full_description when unset', async () => {
    const unset = obj((await api(emu, '/v2/repositories/hubkeeper-demo/scratch/', { token: admin })).body);
    expect('full_description' in unset).toBe(false);
    const set = obj((await api(emu, '/v2/repositories/hubkeeper-demo/web-app/', { token: admin })).body);
    expect(set.full_description).toContain('# web-app');
    const missing = await api(emu, '/v2/repositories/acme/nope/', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Not found.' });
  });

  it('legacy tag list: name substring and the observed inverted ordering', async () => {
    const path = '/v2/repositories/hubkeeper-demo/web-app/tags/';
    const filtered = page((await api(emu, `${path}?name=v1.4`, { token: admin })).body);
    expect(filtered.results.map((r) => r.name).sort()).toEqual(['v1.4.0', 'v1.4.1', 'v1.4.2']);
    const lastUpdated = page((await api(emu, `${path}?ordering=last_updated`, { token: admin })).body);
    expect(lastUpdated.results[0].name).toBe('main'); // newest first, as observed on Hub
    const minusName = page((await api(emu, `${path}?ordering=-name&page_size=2`, { token: admin })).body);
    expect(minusName.results.map((r) => r.name)).toEqual(['latest', 'main']);
    const straight = await startTestEmulator({ legacyTagOrderingInverted: false });
    try {
      const token = await exchange(straight, C.user, C.pats.admin);
      const body = page((await api(straight, `${path}?ordering=last_updated`, { token })).body);
      expect(body.results[0].name).toBe('v1.0.0');
    } finally {
      await straight.close();
    }
  });

  it('GET /v2/users/{name}/ and /v2/orgs/{name} (with or without slash)', async () => {
    const user = await api(emu, '/v2/users/hubkeeper-demo/');
    expect(obj(user.body)).toMatchObject({ username: 'hubkeeper-demo', full_name: 'Hubkeeper Demo', type: 'User' });
    expect((await api(emu, '/v2/users/nobody/')).status).toBe(404);
    for (const path of ['/v2/orgs/acme', '/v2/orgs/acme/']) {
      expect(obj((await api(emu, path, { token: admin })).body)).toMatchObject({
        orgname: 'acme',
        type: 'Organization',
      });
    }
    expect((await api(emu, '/v2/user/')).status).toBe(401);
  });
});

describe('PATCH /v2/repositories/{ns}/{repo}/', () => {
  const patch = (body: unknown, repo = 'hubkeeper-demo/web-app') =>
    api(emu, `/v2/repositories/${repo}/`, { method: 'PATCH', token: admin, body });

  it('updates description and full_description, returns the updated repository, bumps last_modified', async () => {
    emu.clock.advance(300_000);
    const res = await patch({ description: 'Short', full_description: '# Long\n\nREADME' });
    expect(res.status).toBe(200);
    const body = obj(res.body);
    expect(body.description).toBe('Short');
    expect(body.full_description).toBe('# Long\n\nREADME');
    expect(Date.parse(body.last_modified as string)).toBe(START + 300_000);
    const after = obj((await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/web-app', { token: admin })).body);
    expect(after.description).toBe('Short');
  });

  it('either field alone is fine', async () => {
    expect(obj((await patch({ full_description: 'only readme' })).body).description).toBe('Demo web application');
    expect(obj((await patch({ description: 'only short' })).body).full_description).toBe('only readme');
  });

  it('400 {fields, text} for a description over 100 chars or a README over 25,000', async () => {
    const long = await patch({ description: 'x'.repeat(101) });
    expect(long.status).toBe(400);
    expect(obj(obj(long.body).fields).description).toEqual(['Ensure this field has no more than 100 characters.']);
    expect((await patch({ description: 'x'.repeat(100) })).status).toBe(200);
    const readme = await patch({ full_description: 'y'.repeat(25_001) });
    expect(readme.status).toBe(400);
    expect(Object.keys(obj(obj(readme.body).fields))).toEqual(['full_description']);
    expect((await patch({ full_description: 'y'.repeat(25_000) })).status).toBe(200);
    expect(emu.state.getRepo('hubkeeper-demo', 'web-app')?.description).toBe('x'.repeat(100));
  });
});

describe('DELETE /v2/repositories/{ns}/{repo}/tags/{tag}/', () => {
  it('204, then 404 {"detail":"Not found."}', async () => {
    const path = '/v2/repositories/hubkeeper-demo/web-app/tags/pr-101/';
    const res = await api(emu, path, { method: 'DELETE', token: admin });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const again = await api(emu, path, { method: 'DELETE', token: admin });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ detail: 'Not found.' });
    expect(
      (await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/web-app/tags/pr-101', { token: admin })).status,
    ).toBe(404);
  });

  it('refuses tags protected by immutable-tag rules with 400; others delete fine', async () => {
    const protectedTag = await api(emu, '/v2/repositories/hubkeeper-demo/docs-site/tags/v1.0.0/', {
      method: 'DELETE',
      token: admin,
    });
    expect(protectedTag.status).toBe(400);
    expect(String(obj(protectedTag.body).detail)).toContain('immutable');
    expect(
      (await api(emu, '/v2/repositories/hubkeeper-demo/docs-site/tags/preview/', { method: 'DELETE', token: admin }))
        .status,
    ).toBe(204);
  });

  it('401 without a token', async () => {
    expect((await api(emu, '/v2/repositories/hubkeeper-demo/web-app/tags/pr-101/', { method: 'DELETE' })).status).toBe(
      401,
    );
  });
});

describe('POST /v2/repositories/{ns}/{repo}/groups', () => {
  const grant = (body: unknown, repo = 'acme/frontend', token = admin) =>
    api(emu, `/v2/repositories/${repo}/groups`, { method: 'POST', token, body });

  it('grants a team and records it in state and the audit log', async () => {
    const res = await grant({ group_id: DEFAULT_GROUPS.qa, permission: 'write' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ group_name: 'qa', permission: 'write', group_id: DEFAULT_GROUPS.qa });
    expect(emu.state.getRepo('acme', 'frontend')?.groupGrants.get(DEFAULT_GROUPS.qa)).toBe('write');
    const last = emu.state.audit[emu.state.audit.length - 1];
    expect(last).toMatchObject({ action: 'repo.update', name: 'acme/frontend', actor: C.user });
    expect(last.data).toMatchObject({ change: 'team_permission', group_name: 'qa', permission: 'write' });
  });

  it('works with a trailing slash too (documented without one)', async () => {
    const res = await api(emu, '/v2/repositories/acme/frontend/groups/', {
      method: 'POST',
      token: admin,
      body: { group_id: DEFAULT_GROUPS.qa, permission: 'read' },
    });
    expect(res.status).toBe(200);
  });

  it('404 for an unknown group or a user namespace; 400 for a bad permission or group_id', async () => {
    expect((await grant({ group_id: 999, permission: 'read' })).status).toBe(404);
    expect((await grant({ group_id: DEFAULT_GROUPS.qa, permission: 'read' }, 'hubkeeper-demo/web-app')).status).toBe(
      404,
    );
    const bad = await grant({ group_id: DEFAULT_GROUPS.qa, permission: 'owner' });
    expect(bad.status).toBe(400);
    expect(obj(bad.body).errinfo).toEqual({});
    expect((await grant({ group_id: 'qa', permission: 'read' })).status).toBe(400);
  });

  it('needs repo:admin scope and admin rights', async () => {
    const write = await exchange(emu, C.user, C.pats.write);
    expect((await grant({ group_id: DEFAULT_GROUPS.qa, permission: 'read' }, 'acme/frontend', write)).body).toEqual({
      message: 'insufficient scope',
      errinfo: {},
    });
    const sam = await exchange(emu, C.member.user, C.member.pats.admin);
    expect((await grant({ group_id: DEFAULT_GROUPS.qa, permission: 'read' }, 'acme/platform-api', sam)).status).toBe(
      403,
    );
  });
});
