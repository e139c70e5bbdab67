import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, DEFAULT_GROUPS, type HubEmulator } from '@/emulator';
import { api, exchange, obj, page, START, startTestEmulator } from './helpers';

let emu: HubEmulator;
let oat: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  oat = await exchange(emu, C.org, C.oat);
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.clock.set(START);
});

const get = (path: string, token = oat) => api(emu, path, { token });

describe('groups', () => {
  it('GET /v2/orgs/{org}/groups is paginated org_group', async () => {
    const res = await get('/v2/orgs/acme/groups?page_size=2');
    expect(res.status).toBe(200);
    const body = page(res.body);
    expect(body.count).toBe(4);
    expect(body.results[0]).toEqual({
      id: DEFAULT_GROUPS.owners,
      uuid: expect.any(String),
      name: 'owners',
      description: 'Organization owners',
      member_count: 1,
    });
    expect(body.next).toContain('page=2');
    expect(page((await get('/v2/orgs/acme/groups?username=riley-ops')).body).results.map((g) => g.name)).toEqual([
      'developers',
      'qa',
    ]);
    expect(page((await get('/v2/orgs/acme/groups?search=REL')).body).results.map((g) => g.name)).toEqual([
      'release-managers',
    ]);
  });

  it('GET a group and its members (paginated, e-mails visible to the OAT)', async () => {
    expect(obj((await get('/v2/orgs/acme/groups/qa')).body).member_count).toBe(1);
    const members = page((await get('/v2/orgs/acme/groups/developers/members')).body);
    expect(members.count).toBe(3);
    expect(members.results.map((m) => m.username)).toEqual(['sam-dev', 'riley-ops', 'lee-editor']);
    expect(members.results[0]).toMatchObject({ type: 'User', email: 'sam@acme.example', full_name: 'Sam Developer' });
    expect(page((await get('/v2/orgs/acme/groups/developers/members?search=riley')).body).count).toBe(1);
    expect((await get('/v2/orgs/acme/groups/nope/members')).status).toBe(404);
  });

  it('a plain member (password JWT) sees groups but not e-mails or invites', async () => {
    const member = await exchange(emu, C.member.user, C.member.password);
    const members = page((await get('/v2/orgs/acme/groups/developers/members', member)).body);
    expect('email' in members.results[0]).toBe(false);
    expect((await get('/v2/orgs/acme/invites', member)).status).toBe(403);
  });

  it('403 for an OAT of another org, 404 for an unknown org', async () => {
    expect((await get('/v2/orgs/ghost/groups')).status).toBe(404);
    const pw = await exchange(emu, C.member.user, C.member.password);
    expect((await get('/v2/orgs/acme/groups', pw)).status).toBe(200);
  });
});

describe('members and invites', () => {
  it('GET /v2/orgs/{org}/members is a paginated object with roles and groups', async () => {
    const res = await get('/v2/orgs/acme/members');
    expect(res.status).toBe(200);
    const body = page(res.body);
    expect(Array.isArray(res.body)).toBe(false);
    expect(body.count).toBe(5);
    const demo = body.results.find((m) => m.username === C.user);
    expect(demo).toMatchObject({ role: 'Owner', groups: ['owners'], email: 'demo@hubkeeper.example', is_guest: false });
    expect(body.results.find((m) => m.username === 'lee-editor')?.role).toBe('Editor');
  });

  it('filters by role, search, type and invites', async () => {
    expect(page((await get('/v2/orgs/acme/members?role=member')).body).count).toBe(3);
    expect(page((await get('/v2/orgs/acme/members?search=sam')).body).results.map((m) => m.username)).toEqual([
      'sam-dev',
    ]);
    const invitees = page((await get('/v2/orgs/acme/members?type=invitee')).body);
    expect(invitees.results.map((m) => [m.username, m.role])).toEqual([
      ['new.hire@example.com', 'Invitee'],
      ['contractor-kim', 'Invitee'],
    ]);
    expect(page((await get('/v2/orgs/acme/members?invites=true')).body).count).toBe(7);
    expect((await get('/v2/orgs/acme/members?role=boss')).status).toBe(400);
  });

  it('GET /v2/orgs/{org}/invites -> {data: [...]}; DELETE /v2/invites/{id} -> 204', async () => {
    const res = await get('/v2/orgs/acme/invites');
    const data = obj(res.body).data as Record<string, unknown>[];
    expect(data).toHaveLength(2);
    expect(data[0]).toMatchObject({
      inviter_username: C.user,
      invitee: 'new.hire@example.com',
      org: 'acme',
      team: 'developers',
    });
    const del = await api(emu, `/v2/invites/${String(data[0].id)}`, { method: 'DELETE', token: oat });
    expect(del.status).toBe(204);
    expect(obj((await get('/v2/orgs/acme/invites')).body).data).toHaveLength(1);
  });

  it('GET /v2/orgs/{org}/access-tokens uses `total`', async () => {
    const body = obj((await get('/v2/orgs/acme/access-tokens')).body);
    expect(Object.keys(body)).toEqual(['total', 'next', 'previous', 'results']);
    expect(body.total).toBe(2);
  });

  it('405 for a method the emulator does not serve on a known path', async () => {
    const res = await api(emu, '/v2/orgs/acme/members', { method: 'PUT', token: oat, body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('audit logs', () => {
  it('returns {logs} newest first with a default page size of 25, fixture pushes included', async () => {
    const res = await get('/v2/auditlogs/acme');
    expect(Object.keys(obj(res.body))).toEqual(['logs']);
    const logs = obj(res.body).logs as Record<string, unknown>[];
    expect(logs).toHaveLength(25);
    expect(logs[0]).toMatchObject({ account: 'acme', action: 'repo.tag.push', name: 'acme/platform-api' });
    expect(['main', 'sha-5b7e913']).toContain(obj(logs[0].data).tag);
    const times = logs.map((l) => Date.parse(l.timestamp as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Object.keys(logs[0])).toEqual([
      'account',
      'action',
      'name',
      'actor',
      'data',
      'timestamp',
      'action_description',
    ]);
  });

  it('records tag deletes, description updates and grants, and filters by action/name/actor/from/to', async () => {
    const admin = await exchange(emu, C.user, C.pats.admin);
    emu.clock.advance(60_000);
    await api(emu, '/v2/repositories/acme/frontend/tags/pr-339/', { method: 'DELETE', token: admin });
    await api(emu, '/v2/repositories/acme/frontend/', { method: 'PATCH', token: admin, body: { description: 'new' } });
    await api(emu, '/v2/repositories/acme/frontend/groups', {
      method: 'POST',
      token: admin,
      body: { group_id: DEFAULT_GROUPS.qa, permission: 'read' },
    });
    const from = new Date(START + 30_000).toISOString();
    const recent = obj((await get(`/v2/auditlogs/acme?from=${from}`)).body).logs as Record<string, unknown>[];
    expect(recent.map((l) => l.action)).toEqual(['repo.update', 'repo.update', 'repo.tag.delete']);
    expect(recent[2]).toMatchObject({ actor: C.user, name: 'acme/frontend', data: { tag: 'pr-339' } });
    const deletes = obj((await get('/v2/auditlogs/acme?action=repo.tag.delete')).body).logs as unknown[];
    expect(deletes).toHaveLength(1);
    const byName = obj((await get('/v2/auditlogs/acme?name=acme/frontend&page_size=100')).body).logs as unknown[];
    expect(byName.length).toBe(8 + 3);
    expect((obj((await get('/v2/auditlogs/acme?actor=nobody')).body).logs as unknown[]).length).toBe(0);
    const to = new Date(START - 365 * 86_400_000).toISOString();
    const old = obj((await get(`/v2/auditlogs/acme?to=${to}&page_size=100`)).body).logs as Record<string, unknown>[];
    expect(old.every((l) => Date.parse(l.timestamp as string) <= Date.parse(to))).toBe(true);
    expect(old.length).toBeGreaterThan(0);
  });

  it('pages with page/page_size; a user account is visible to its password JWT only', async () => {
    const p1 = obj((await get('/v2/auditlogs/acme?page_size=10')).body).logs as Record<string, unknown>[];
    const p2 = obj((await get('/v2/auditlogs/acme?page_size=10&page=2')).body).logs as Record<string, unknown>[];
    expect(String(p1[9].timestamp) >= String(p2[0].timestamp)).toBe(true);
    const pw = await exchange(emu, C.user, C.password);
    expect((await get('/v2/auditlogs/hubkeeper-demo', pw)).status).toBe(200);
    expect((await get('/v2/auditlogs/hubkeeper-demo')).status).toBe(403);
    expect(obj((await get('/v2/auditlogs/acme/actions')).body).actions).toHaveProperty('repo');
  });
});
