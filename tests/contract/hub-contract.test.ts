import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, DEFAULT_GROUPS, manualClock, startHubEmulator, type HubEmulator } from '@/emulator';
import { DEVIATIONS } from './deviations';
import { createContractValidator, type Captured, type ContractValidator } from './validator';

// Contract test: a battery of requests (happy paths and error paths, every route family) is sent to the
// emulator; every response must validate against shared/specs/dockerhub-openapi.yaml once the deviations in
// ./deviations.ts are applied, and may not carry keys the patched spec does not declare.

const START = Date.UTC(2026, 0, 15, 12, 0, 0);

let emu: HubEmulator;
let validator: ContractValidator;
const captured: Captured[] = [];

interface Call {
  method?: string;
  token?: string;
  body?: unknown;
}

async function call(label: string, path: string, opts: Call = {}): Promise<Captured> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${emu.url}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    redirect: 'manual',
  });
  const c: Captured = {
    label,
    method: opts.method ?? 'GET',
    path: new URL(`${emu.url}${path}`).pathname,
    status: res.status,
    contentType: res.headers.get('content-type'),
    text: await res.text(),
  };
  captured.push(c);
  return c;
}

async function token(identifier: string, secret: string): Promise<string> {
  const c = await call(`exchange ${identifier}`, '/v2/auth/token', { method: 'POST', body: { identifier, secret } });
  return (JSON.parse(c.text) as { access_token: string }).access_token;
}

/** The battery: one or more requests per route and per status the emulator can produce. */
async function runBattery(): Promise<void> {
  const admin = await token(C.user, C.pats.admin);
  const read = await token(C.user, C.pats.read);
  const password = await token(C.user, C.password);
  const oat = await token(C.org, C.oat);
  const oatNoList = await token(C.org, C.oatNoRepoList);
  const sam = await token(C.member.user, C.member.pats.admin);
  const garbage = 'garbage';

  // auth
  await call('token: bad credentials', '/v2/auth/token', {
    method: 'POST',
    body: { identifier: C.user, secret: 'nope' },
  });
  await call('token: missing secret', '/v2/auth/token', { method: 'POST', body: { identifier: C.user } });
  await call('login: PAT', '/v2/users/login', { method: 'POST', body: { username: C.user, password: C.pats.admin } });
  await call('login: OAT refused', '/v2/users/login', { method: 'POST', body: { username: C.org, password: C.oat } });
  await call('login: missing', '/v2/users/login', { method: 'POST', body: {} });
  const mfa = await call('login: 2FA challenge', '/v2/users/login', {
    method: 'POST',
    body: { username: C.mfa.user, password: C.mfa.password },
  });
  const challenge = (JSON.parse(mfa.text) as { login_2fa_token: string }).login_2fa_token;
  await call('2fa: wrong code', '/v2/users/2fa-login', {
    method: 'POST',
    body: { login_2fa_token: challenge, code: '000000' },
  });
  await call('2fa: ok', '/v2/users/2fa-login', {
    method: 'POST',
    body: { login_2fa_token: challenge, code: C.mfa.totp },
  });

  // namespaced repositories
  const repos = '/v2/namespaces/acme/repositories';
  await call('list repos', repos, { token: admin });
  await call('list repos: ordering + name + paging', `${repos}?ordering=-last_updated&name=a&page_size=2&page=2`, {
    token: admin,
  });
  await call('list repos: anonymous', repos);
  await call('list repos: OAT without repository-list', repos, { token: oatNoList });
  await call('list repos: bad ordering', `${repos}?ordering=stars`, { token: admin });
  await call('list repos: page_size 101', `${repos}?page_size=101`, { token: admin });
  await call('list repos: page beyond', `${repos}?page=9`, { token: admin });
  await call('list repos: unknown namespace', '/v2/namespaces/ghost/repositories', { token: admin });
  await call('list repos: garbage token', repos, { token: garbage });
  await call('get repo', `${repos}/platform-api`, { token: oat });
  await call('get repo: no full_description', '/v2/namespaces/hubkeeper-demo/repositories/scratch', { token: admin });
  await call('get repo: anonymous public', `${repos}/frontend`);
  await call('get repo: private anonymous', `${repos}/platform-api`);
  await call('get repo: garbage token', `${repos}/frontend`, { token: garbage });
  await call('head repo', `${repos}/frontend`, { method: 'HEAD', token: admin });
  await call('head repo: missing', `${repos}/nope`, { method: 'HEAD', token: admin });
  await call('patch namespaced repo', `${repos}/frontend`, {
    method: 'PATCH',
    token: admin,
    body: { description: 'x' },
  });

  // namespaced tags
  await call('list tags', `${repos}/platform-api/tags?page_size=100`, { token: admin });
  await call('list tags: old tags without digest', `${repos}/legacy-monolith/tags`, { token: admin });
  await call('list tags: empty repo', `${repos}/sandbox/tags`, { token: admin });
  await call('list tags: page_size 0', `${repos}/frontend/tags?page_size=0`, { token: admin });
  await call('list tags: garbage token', `${repos}/frontend/tags`, { token: garbage });
  await call('list tags: unknown repo', `${repos}/nope/tags`, { token: admin });
  await call('list tags: page beyond', `${repos}/frontend/tags?page=5`, { token: admin });
  await call('head tags', `${repos}/frontend/tags`, { method: 'HEAD', token: admin });
  await call('get tag: multi-arch', '/v2/namespaces/hubkeeper-demo/repositories/web-app/tags/v1.4.2', { token: admin });
  await call('get tag: no digest', '/v2/namespaces/hubkeeper-demo/repositories/api/tags/v0.9.0', { token: admin });
  await call('get tag: missing', `${repos}/frontend/tags/nope`, { token: admin });
  await call('get tag: garbage token', `${repos}/frontend/tags/latest`, { token: garbage });
  await call('head tag', `${repos}/frontend/tags/latest`, { method: 'HEAD', token: admin });
  const immutable = '/v2/namespaces/hubkeeper-demo/repositories/web-app/immutabletags';
  await call('immutable tags: update', immutable, {
    method: 'PATCH',
    token: admin,
    body: { immutable_tags: true, immutable_tags_rules: ['v.*'] },
  });
  await call('immutable tags: bad body', immutable, { method: 'PATCH', token: admin, body: { immutable_tags: true } });
  await call('immutable tags: read PAT', immutable, {
    method: 'PATCH',
    token: read,
    body: { immutable_tags: false, immutable_tags_rules: [] },
  });
  await call('immutable tags: anonymous', immutable, { method: 'PATCH', body: {} });
  await call('immutable tags: unknown repo', '/v2/namespaces/hubkeeper-demo/repositories/nope/immutabletags', {
    method: 'PATCH',
    token: admin,
    body: { immutable_tags: false, immutable_tags_rules: [] },
  });
  await call('immutable tags: verify', `${immutable}/verify`, {
    method: 'POST',
    token: admin,
    body: { regex: 'v1\\..*' },
  });
  await call('immutable tags: verify bad regex', `${immutable}/verify`, {
    method: 'POST',
    token: admin,
    body: { regex: '(' },
  });
  await call('immutable tags: reset', immutable, {
    method: 'PATCH',
    token: admin,
    body: { immutable_tags: false, immutable_tags_rules: [] },
  });

  // legacy repository routes
  await call('legacy list', '/v2/repositories/acme/?page_size=3&ordering=last_updated', { token: admin });
  await call('legacy list: no slash', '/v2/repositories/acme?page_size=3', { token: admin });
  await call('legacy list: invalid page', '/v2/repositories/acme/?page=9', { token: admin });
  await call('legacy list: OAT refused', '/v2/repositories/acme/', { token: oat });
  await call('legacy get repo', '/v2/repositories/hubkeeper-demo/scratch/', { token: admin });
  await call('legacy get repo: missing', '/v2/repositories/acme/nope/', { token: admin });
  await call('legacy get repo: no slash', '/v2/repositories/acme/frontend', { token: admin });
  const webApp = '/v2/repositories/hubkeeper-demo/web-app/';
  await call('legacy patch', webApp, {
    method: 'PATCH',
    token: admin,
    body: { description: 'short', full_description: '# readme' },
  });
  await call('legacy patch: too long', webApp, {
    method: 'PATCH',
    token: admin,
    body: { description: 'x'.repeat(101) },
  });
  await call('legacy patch: insufficient scope', webApp, { method: 'PATCH', token: read, body: { description: 'x' } });
  await call('legacy patch: not permitted', webApp, { method: 'PATCH', token: sam, body: { description: 'x' } });
  await call('legacy patch: anonymous', webApp, { method: 'PATCH', body: { description: 'x' } });
  await call('legacy patch: missing repo', '/v2/repositories/hubkeeper-demo/nope/', {
    method: 'PATCH',
    token: admin,
    body: {},
  });
  await call('legacy patch: no slash', webApp.slice(0, -1), {
    method: 'PATCH',
    token: admin,
    body: { description: 'x' },
  });
  await call('legacy tags', `${webApp}tags/?ordering=-last_updated&name=v1&page_size=3`, { token: admin });
  await call('legacy tags: missing repo', '/v2/repositories/hubkeeper-demo/nope/tags/', { token: admin });
  await call('legacy tag', `${webApp}tags/latest/`, { token: admin });
  await call('legacy tag: missing', `${webApp}tags/nope/`, { token: admin });
  await call('legacy delete tag', `${webApp}tags/pr-101/`, { method: 'DELETE', token: admin });
  await call('legacy delete tag: gone', `${webApp}tags/pr-101/`, { method: 'DELETE', token: admin });
  await call('legacy delete tag: immutable', '/v2/repositories/hubkeeper-demo/docs-site/tags/v1.0.0/', {
    method: 'DELETE',
    token: admin,
  });
  await call('legacy delete tag: insufficient scope', `${webApp}tags/pr-117/`, { method: 'DELETE', token: read });
  emu.setFaults([{ method: 'DELETE', failNext: 1 }]);
  await call('legacy delete tag: registry 500', `${webApp}tags/pr-117/`, { method: 'DELETE', token: admin });
  emu.setFaults([]);

  // team grants
  const groups = '/v2/repositories/acme/frontend/groups';
  await call('grant team', groups, {
    method: 'POST',
    token: admin,
    body: { group_id: DEFAULT_GROUPS.qa, permission: 'write' },
  });
  await call('grant team: OAT', groups, {
    method: 'POST',
    token: oat,
    body: { group_id: DEFAULT_GROUPS.qa, permission: 'read' },
  });
  await call('grant team: bad permission', groups, {
    method: 'POST',
    token: admin,
    body: { group_id: DEFAULT_GROUPS.qa, permission: 'owner' },
  });
  await call('grant team: unknown group', groups, {
    method: 'POST',
    token: admin,
    body: { group_id: 1, permission: 'read' },
  });
  await call('grant team: insufficient scope', groups, {
    method: 'POST',
    token: read,
    body: { group_id: DEFAULT_GROUPS.qa, permission: 'read' },
  });
  await call('grant team: anonymous', groups, {
    method: 'POST',
    body: { group_id: DEFAULT_GROUPS.qa, permission: 'read' },
  });

  // accounts
  await call('user profile', '/v2/users/hubkeeper-demo/');
  await call('user profile: missing', '/v2/users/nobody/');
  await call('user profile: no slash', '/v2/users/hubkeeper-demo');
  await call('current user', '/v2/user/', { token: read });
  await call('current user: anonymous', '/v2/user/');
  await call('current user: OAT', '/v2/user/', { token: oat });
  await call('current user: no slash', '/v2/user', { token: read });
  await call('org profile', '/v2/orgs/acme', { token: read });
  await call('org profile: missing', '/v2/orgs/ghost');

  // org administration
  await call('groups', '/v2/orgs/acme/groups?page_size=2', { token: oat });
  await call('groups: PAT refused', '/v2/orgs/acme/groups', { token: admin });
  await call('groups: anonymous', '/v2/orgs/acme/groups');
  await call('groups: unknown org', '/v2/orgs/ghost/groups', { token: oat });
  await call('group', '/v2/orgs/acme/groups/developers', { token: oat });
  await call('group: missing', '/v2/orgs/acme/groups/nope', { token: oat });
  await call('group members', '/v2/orgs/acme/groups/developers/members', { token: oat });
  await call('group members: plain member', '/v2/orgs/acme/groups/developers/members', {
    token: await token(C.member.user, C.member.password),
  });
  await call('members', '/v2/orgs/acme/members?invites=true', { token: oat });
  await call('members: invitees', '/v2/orgs/acme/members?type=invitee', { token: oat });
  await call('members: bad role', '/v2/orgs/acme/members?role=boss', { token: oat });
  await call('members: PAT refused', '/v2/orgs/acme/members', { token: admin });
  const invites = await call('invites', '/v2/orgs/acme/invites', { token: oat });
  const inviteId = (JSON.parse(invites.text) as { data: { id: string }[] }).data[0].id;
  await call('invites: PAT refused', '/v2/orgs/acme/invites', { token: admin });
  await call('cancel invite', `/v2/invites/${inviteId}`, { method: 'DELETE', token: oat });
  await call('cancel invite: missing', `/v2/invites/${inviteId}`, { method: 'DELETE', token: oat });
  await call('org access tokens', '/v2/orgs/acme/access-tokens', { token: oat });
  await call('audit logs', '/v2/auditlogs/acme?page_size=5', { token: oat });
  await call('audit logs: filtered', '/v2/auditlogs/acme?action=repo.tag.delete&from=2025-01-01T00:00:00Z', {
    token: oat,
  });
  await call('audit logs: bad page', '/v2/auditlogs/acme?page=x', { token: oat });
  await call('audit logs: PAT refused', '/v2/auditlogs/acme', { token: admin });
  await call('audit logs: unknown account', '/v2/auditlogs/ghost', { token: oat });
  await call('audit log actions', '/v2/auditlogs/acme/actions', { token: oat });
  const pats = await call('PAT list', '/v2/access-tokens', { token: password });
  const patId = (JSON.parse(pats.text) as { results: { uuid: string }[] }).results[0].uuid;
  await call('PAT get', `/v2/access-tokens/${patId}`, { token: password });
  await call('PAT get: missing', '/v2/access-tokens/nope', { token: password });
  await call('PAT list: PAT refused', '/v2/access-tokens', { token: admin });
  await call('PAT list: anonymous', '/v2/access-tokens');

  // rate limiting
  emu.setFaults([{ path: '/v2/namespaces/*/repositories', rateLimitBurst: 1 }]);
  await call('rate limited', repos, { token: admin });
  emu.setFaults([]);
}

beforeAll(async () => {
  validator = await createContractValidator();
  emu = await startHubEmulator({ clock: manualClock(START) });
  await runBattery();
}, 60_000);
afterAll(() => emu.close());

describe('emulator ↔ Docker Hub OpenAPI contract', () => {
  it('every response of the battery validates against the spec + listed deviations', () => {
    const problems = captured.flatMap((c) =>
      validator.check(c).map((p) => `[${c.label}] ${c.method} ${c.path} -> ${c.status}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('the battery covers every route and a wide range of statuses', () => {
    const operations = new Set(captured.map((c) => validator.operationOf(c)));
    expect(operations.size).toBeGreaterThanOrEqual(30);
    const statuses = new Set(captured.map((c) => c.status));
    for (const status of [200, 204, 301, 400, 401, 403, 404, 429, 500]) expect(statuses).toContain(status);
    expect(captured.length).toBeGreaterThanOrEqual(100);
  });

  it('the validator is not vacuous: off-contract responses are reported', () => {
    const base = captured.find((c) => c.label === 'get tag: multi-arch');
    if (!base) throw new Error('battery did not capture the multi-arch tag');
    const tag = JSON.parse(base.text) as Record<string, unknown>;
    const variant = (label: string, patch: Partial<Captured>): string[] =>
      validator.check({ ...base, label, ...patch });
    expect(variant('unknown key', { text: JSON.stringify({ ...tag, surprise: 1 }) }).join()).toMatch(
      /surprise is not declared/,
    );
    expect(variant('wrong type', { text: JSON.stringify({ ...tag, v2: 'true' }) }).join()).toMatch(
      /v2 must be boolean/,
    );
    const repo = captured.find((c) => c.label === 'get repo');
    if (!repo) throw new Error('battery did not capture get repo');
    const badDate = { ...(JSON.parse(repo.text) as Record<string, unknown>), last_updated: 'yesterday' };
    expect(validator.check({ ...repo, text: JSON.stringify(badDate) }).join()).toMatch(/date-time/);
    expect(variant('undocumented status', { status: 418 }).join()).toMatch(/418 is not documented/);
    expect(variant('unknown route', { path: '/v2/nowhere' }).join()).toMatch(/no spec operation/);
  });

  it('lists its deliberate deviations from the spec', () => {
    const listing = DEVIATIONS.map((d) => `- ${d.id}: ${d.reason}`).join('\n');
    console.log(`Emulator deviations from dockerhub-openapi.yaml (${DEVIATIONS.length}):\n${listing}`);
    expect(new Set(DEVIATIONS.map((d) => d.id)).size).toBe(DEVIATIONS.length);
    for (const d of DEVIATIONS) expect(d.reason.length).toBeGreaterThan(40);
  });
});
