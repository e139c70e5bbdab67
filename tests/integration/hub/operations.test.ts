// Every client operation against the emulator over real HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { HubEmulator } from '@/emulator';

import { apiCalls, clientFor, creds, DEFAULT_GROUPS, errorOf, ORG, startEmulator, USER } from './helpers';

let emu: HubEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
});

describe('token', () => {
  it('exchanges via /v2/auth/token and decodes PAT claims', async () => {
    const claims = await clientFor(emu, creds.admin).tokenClaims();
    expect(claims).toMatchObject({ username: USER, sourceKind: 'pat', scope: 'repo:admin' });
    expect(claims.expiresAt).toBeGreaterThan(emu.clock.now());
    expect(emu.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['POST /v2/auth/token 200']);
  });

  it('decodes OAT and password claims', async () => {
    expect((await clientFor(emu, creds.oat).exchangeToken()).sourceKind).toBe('oat');
    expect((await clientFor(emu, creds.password).exchangeToken()).sourceKind).toBe('password');
  });

  it('falls back to /v2/users/login only when /v2/auth/token is missing', async () => {
    emu.setFaults([{ method: 'POST', path: '/v2/auth/token', status: 404 }]);
    const claims = await clientFor(emu, creds.admin).tokenClaims();
    expect(claims.sourceKind).toBe('pat');
    expect(emu.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /v2/auth/token 404',
      'POST /v2/users/login 200',
    ]);
  });
});

describe('repositories', () => {
  it('lists a page with filters', async () => {
    const page = await clientFor(emu, creds.admin).listRepositoriesPage(USER, {
      page: 1,
      pageSize: 2,
      ordering: 'name',
    });
    expect(page.count).toBe(5);
    expect(page.results.map((r) => r.name)).toEqual(['api', 'docs-site']);
    expect(page.next).toContain('page=2');
    const filtered = await clientFor(emu, creds.admin).listRepositoriesPage(USER, { name: 'web' });
    expect(filtered.results.map((r) => r.name)).toEqual(['web-app']);
  });

  it('lists all repositories with progress', async () => {
    const progress: Array<{ loaded: number; total: number }> = [];
    const repos = await clientFor(emu, creds.admin).listAllRepositories(USER, {
      ordering: 'name',
      onProgress: (p) => progress.push(p),
    });
    expect(repos.map((r) => r.name)).toEqual(['api', 'docs-site', 'scratch', 'web-app', 'worker']);
    expect(repos.find((r) => r.name === 'worker')?.isPrivate).toBe(true);
    expect(progress.at(-1)).toEqual({ loaded: 5, total: 5 });
    expect(apiCalls(emu)).toHaveLength(1);
    expect(apiCalls(emu)[0]?.query).toMatchObject({ page: '1', page_size: '100', ordering: 'name' });
  });

  it('gets one repository (namespaced path) with its full description', async () => {
    const repo = await clientFor(emu, creds.admin).getRepository(USER, 'web-app');
    expect(repo).toMatchObject({
      namespace: USER,
      name: 'web-app',
      description: 'Demo web application',
      isPrivate: false,
    });
    expect(repo.fullDescription).toContain('# web-app');
    expect(apiCalls(emu)[0]?.path).toBe(`/v2/namespaces/${USER}/repositories/web-app`);
  });

  it('updates descriptions with PATCH on the legacy path with a trailing slash', async () => {
    const client = clientFor(emu, creds.admin);
    const updated = await client.updateRepositoryDescriptions(USER, 'api', {
      description: 'New short',
      full_description: '# New',
    });
    expect(updated.description).toBe('New short');
    const patch = apiCalls(emu, 'PATCH');
    expect(patch.map((e) => `${e.path} ${e.status}`)).toEqual([`/v2/repositories/${USER}/api/ 200`]);
    expect(patch[0]?.bodyKeys).toEqual(['description', 'full_description']);
    const again = await client.getRepository(USER, 'api');
    expect(again).toMatchObject({ description: 'New short', fullDescription: '# New' });
  });
});

describe('tags', () => {
  it('lists all tags in Hub order, with digests and platforms', async () => {
    const tags = await clientFor(emu, creds.admin).listAllTags(USER, 'web-app');
    expect(tags).toHaveLength(12);
    const main = tags.find((t) => t.name === 'main');
    expect(main?.digest).toMatch(/^sha256:/);
    expect(main?.architectures.length).toBeGreaterThan(1);
    const noDigest = (await clientFor(emu, creds.admin).listAllTags(USER, 'api')).filter((t) => t.digest === null);
    expect(noDigest.map((t) => t.name).sort()).toEqual(['v0.9.0', 'v1.0.0']);
  });

  it('pages large tag lists concurrently: ceil(count/100) requests, deduplicated', async () => {
    for (let i = 0; i < 230; i += 1) emu.pushTag(USER, 'scratch', `gen-${String(i).padStart(3, '0')}`);
    emu.clearLog();
    const progress: number[] = [];
    const tags = await clientFor(emu, creds.admin).listAllTags(USER, 'scratch', {
      onProgress: (p) => progress.push(p.loaded),
    });
    expect(tags).toHaveLength(233);
    expect(new Set(tags.map((t) => t.name)).size).toBe(233);
    const lists = apiCalls(emu, 'GET');
    expect(lists.map((e) => e.query.page).sort()).toEqual(['1', '2', '3']);
    expect(progress.at(-1)).toBe(233);
  });

  it('gets one tag', async () => {
    const tag = await clientFor(emu, creds.admin).getTag(USER, 'web-app', 'v1.4.2');
    expect(tag.name).toBe('v1.4.2');
    expect(tag.status).toMatch(/active|inactive/);
  });

  it('deletes a tag with DELETE on the legacy path with a trailing slash', async () => {
    const client = clientFor(emu, creds.admin);
    await client.deleteTag(USER, 'scratch', 'tmp');
    expect(apiCalls(emu, 'DELETE').map((e) => `${e.path} ${e.status}`)).toEqual([
      `/v2/repositories/${USER}/scratch/tags/tmp/ 204`,
    ]);
    const err = await errorOf(client.getTag(USER, 'scratch', 'tmp'));
    expect(err).toMatchObject({ code: 'not_found' });
  });
});

describe('org', () => {
  it('grants team access', async () => {
    const grant = await clientFor(emu, creds.oat).grantTeamAccess(ORG, 'frontend', {
      groupId: DEFAULT_GROUPS.qa,
      permission: 'read',
    });
    expect(grant).toEqual({ groupId: DEFAULT_GROUPS.qa, groupName: 'qa', permission: 'read' });
    expect(apiCalls(emu, 'POST')[0]?.path).toBe(`/v2/repositories/${ORG}/frontend/groups`);
  });

  it('reads users and orgs', async () => {
    const client = clientFor(emu, creds.admin);
    expect(await client.getUser(USER)).toMatchObject({ username: USER, fullName: 'Hubkeeper Demo' });
    expect(await client.getOrg(ORG)).toMatchObject({ orgname: ORG, fullName: 'Acme Corporation' });
  });

  it('lists groups, group members and org members with an OAT', async () => {
    const client = clientFor(emu, creds.oat);
    const groups = await client.listOrgGroups(ORG);
    expect(groups.map((g) => g.name)).toEqual(['owners', 'developers', 'qa', 'release-managers']);
    expect(groups.find((g) => g.name === 'developers')?.id).toBe(DEFAULT_GROUPS.developers);
    const devs = await client.listGroupMembers(ORG, 'developers');
    expect(devs.map((m) => m.username).sort()).toEqual(['lee-editor', 'riley-ops', 'sam-dev']);
    const members = await client.listOrgMembers(ORG);
    expect(members.find((m) => m.username === USER)).toMatchObject({ role: 'Owner', groups: ['owners'] });
  });

  it('reads audit logs with filters', async () => {
    const client = clientFor(emu, creds.oat);
    const logs = await client.listAuditLogs(ORG, { action: 'repo.tag.push', pageSize: 5, from: new Date(0) });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.length).toBeLessThanOrEqual(5);
    expect(logs.every((l) => l.action === 'repo.tag.push')).toBe(true);
    expect(apiCalls(emu)[0]?.query).toMatchObject({
      action: 'repo.tag.push',
      page_size: '5',
      from: '1970-01-01T00:00:00.000Z',
    });
  });
});
