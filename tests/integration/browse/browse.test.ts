// Browse services against the real emulator: repository pages, tags, the per-instance cache and
// its refresh bypass, bad input, the recent-pushes walk and the people lookup.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDemoInstance, createPerson, DEFAULT_CREDENTIALS, DEFAULT_RECENT_PUSHES, startHub } from './helpers';

const hub = await startHub('default');
const { db } = await import('@/lib/db');
const browse = await import('@/lib/services/browse');
const { hubCache } = await import('@/lib/services/hub-cache');
const { AppError } = await import('@/lib/errors');

const admin = await createPerson('ADMIN');
const viewer = await createPerson('VIEWER');
const demo = DEFAULT_CREDENTIALS.user;

afterAll(async () => {
  await hub.close();
});

beforeEach(async () => {
  hub.reset();
  hubCache().clear();
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

const listQuery = { page: 1, pageSize: 25, name: '', ordering: 'name' as const };
const listRequests = (ns: string) => hub.log.filter((e) => e.method === 'GET' && e.path === `/v2/namespaces/${ns}/repositories`);
const tagRequests = () => hub.log.filter((e) => e.method === 'GET' && /\/tags$/.test(e.path));

describe('listRepositories', () => {
  it("lists a namespace's repositories with Hub's search, ordering and paging", async () => {
    const id = await createDemoInstance(admin, 'Demo');
    const all = await browse.listRepositories(viewer, id, listQuery);
    expect(all.namespace).toBe(demo);
    expect(all.instance.namespaces).toEqual([demo, 'acme']);
    expect(all.rows.map((r) => r.name)).toEqual(['api', 'docs-site', 'scratch', 'web-app', 'worker']);
    expect(all.count).toBe(5);
    const web = all.rows.find((r) => r.name === 'web-app');
    expect(web).toMatchObject({ namespace: demo, isPrivate: false, pullCount: 15_230, starCount: 12 });
    expect(typeof web?.lastUpdated).toBe('number');

    const searched = await browse.listRepositories(viewer, id, { ...listQuery, namespace: 'acme', name: 'end' });
    expect(searched.rows.map((r) => r.name)).toEqual(['frontend']);

    const byPulls = await browse.listRepositories(viewer, id, { ...listQuery, namespace: 'acme', ordering: '-pull_count', pageSize: 10, page: 1 });
    expect(byPulls.rows[0]?.name).toBe('legacy-monolith');

    const page2 = await browse.listRepositories(viewer, id, { ...listQuery, namespace: 'acme', pageSize: 10, page: 2 });
    expect(page2.count).toBe(7);
    expect(page2.rows).toEqual([]);
    expect(page2.pastEnd).toBe(true);
  });

  it('refuses unknown instances, unknown namespaces and bad names with clear messages (no Hub call)', async () => {
    const id = await createDemoInstance(admin, 'Demo');
    hub.clearLog();
    expect((await failure(browse.listRepositories(viewer, 'nope', listQuery))).code).toBe('not_found');
    const unknownNs = await failure(browse.listRepositories(viewer, id, { ...listQuery, namespace: 'someone-else' }));
    expect(unknownNs.code).toBe('not_found');
    expect(unknownNs.message).toContain('is not a namespace of instance Demo');
    const badNs = await failure(browse.listRepositories(viewer, id, { ...listQuery, namespace: 'Bad_NS!' }));
    expect(badNs.code).toBe('validation');
    expect(badNs.message).toContain('not a valid Docker Hub namespace name');
    const badRepo = await failure(browse.getRepositoryDetail(viewer, id, demo, 'Web..App'));
    expect(badRepo.code).toBe('validation');
    expect(hub.log.filter((e) => e.path.startsWith('/v2/namespaces'))).toEqual([]);
  });

  it('reports a repository Hub does not know as hub_not_found', async () => {
    const id = await createDemoInstance(admin, 'Demo');
    const err = await failure(browse.getRepositoryDetail(viewer, id, demo, 'does-not-exist'));
    expect(err.code).toBe('hub_not_found');
  });

  it('needs the repositories.view permission', async () => {
    const id = await createDemoInstance(admin, 'Demo');
    const nobody = { id: 'x', roles: [] as string[] };
    expect((await failure(browse.listRepositories(nobody, id, listQuery))).code).toBe('forbidden');
  });
});

describe('hub cache', () => {
  it('serves repeated reads from the cache, per instance, and bypasses it on refresh', async () => {
    const a = await createDemoInstance(admin, 'A');
    const b = await createDemoInstance(admin, 'B', { secret: DEFAULT_CREDENTIALS.pats.read });
    hub.clearLog();

    const first = await browse.listRepositories(viewer, a, listQuery);
    const second = await browse.listRepositories(admin, a, listQuery);
    expect(listRequests(demo)).toHaveLength(1);
    expect(second.fetchedAt).toBe(first.fetchedAt);

    // Same namespace and query through another instance: never served from A's entry.
    await browse.listRepositories(viewer, b, listQuery);
    expect(listRequests(demo)).toHaveLength(2);

    const refreshed = await browse.listRepositories(viewer, a, { ...listQuery, refresh: true });
    expect(listRequests(demo)).toHaveLength(3);
    expect(refreshed.fetchedAt).toBeGreaterThanOrEqual(first.fetchedAt);

    await browse.listRepositories(viewer, a, listQuery);
    expect(listRequests(demo)).toHaveLength(3);
  });

  it('shares one in-flight tag load between concurrent requests', async () => {
    const id = await createDemoInstance(admin, 'Demo');
    hub.clearLog();
    const [x, y] = await Promise.all([
      browse.listRepositoryTags(viewer, id, 'acme', 'platform-api'),
      browse.listRepositoryTags(viewer, id, 'acme', 'platform-api'),
    ]);
    expect(x.tags).toEqual(y.tags);
    expect(tagRequests().filter((e) => e.query.page === '1')).toHaveLength(1);
  });

  it('starts afresh when the instance changes (e.g. its token was rotated)', async () => {
    const id = await createDemoInstance(admin, 'Demo');
    await browse.listRepositories(viewer, id, listQuery);
    await db.instance.update({ where: { id }, data: { name: 'Demo renamed' } });
    hub.clearLog();
    const after = await browse.listRepositories(viewer, id, listQuery);
    expect(after.instance.name).toBe('Demo renamed');
    expect(listRequests(demo)).toHaveLength(1);
  });
});

describe('repository page data', () => {
  it('renders the README as sanitised HTML and returns every tag with progress', async () => {
    const id = await createDemoInstance(admin, 'Demo');
    const detail = await browse.getRepositoryDetail(viewer, id, 'acme', 'platform-api');
    expect(detail).toMatchObject({ namespace: 'acme', name: 'platform-api', isPrivate: true, hasFullDescription: true });
    expect(detail.fullDescriptionHtml).toContain('<h1>platform-api</h1>');

    const progress: number[] = [];
    const { tags } = await browse.listRepositoryTags(viewer, id, 'acme', 'platform-api', { onProgress: (p) => progress.push(p.loaded) });
    const expected = hub.state.repos.get('acme/platform-api');
    expect(tags).toHaveLength(expected?.tags.size ?? -1);
    expect(progress.length).toBeGreaterThan(0);
    const main = tags.find((t) => t.name === 'main');
    const sha = tags.find((t) => t.name === 'sha-5b7e913');
    expect(main?.digest).toBeTruthy();
    expect(sha?.digest).toBe(main?.digest);
    expect(main?.lastPulled).toBeNull();
    expect(main?.pusher).toBe('lee-editor');
    expect(main?.architectures.length).toBeGreaterThan(1);
  });
});

describe('listRecentPushes', () => {
  it("lists exactly the fixture's pushes of the last 24 h and reads only in-window repositories' tags", async () => {
    await createDemoInstance(admin, 'Demo');
    hub.clearLog();
    const now = Date.now();
    const dto = await browse.listRecentPushes(viewer, { from: now - 86_400_000, to: now });
    const got = dto.rows.map((r) => `${r.namespace}/${r.repository}:${r.tag}`).sort();
    const want = DEFAULT_RECENT_PUSHES.map((p) => `${p.namespace}/${p.repository}:${p.tag}`).sort();
    expect(got).toEqual(want);
    expect(dto.problems).toEqual([]);
    expect(dto.rows.every((r) => r.instanceName === 'Demo' && r.pusher !== null)).toBe(true);
    // Newest first.
    expect(dto.rows.map((r) => r.pushedAt)).toEqual([...dto.rows.map((r) => r.pushedAt)].sort((x, y) => y - x));

    // The walk asked for repositories newest first and stopped on the first page…
    const walks = hub.log.filter((e) => /^\/v2\/namespaces\/[^/]+\/repositories$/.test(e.path));
    expect(walks.every((e) => e.query.ordering === '-last_updated' && e.query.page === '1')).toBe(true);
    // …and read tags of the in-window repositories only.
    const tagRepos = new Set(tagRequests().map((e) => e.path.replace(/^\/v2\/namespaces\/([^/]+)\/repositories\/([^/]+)\/tags$/, '$1/$2')));
    expect([...tagRepos].sort()).toEqual([...new Set(DEFAULT_RECENT_PUSHES.map((p) => `${p.namespace}/${p.repository}`))].sort());

    const csv = browse.recentPushesToCsv(dto).trim().split('\r\n');
    expect(csv[0]).toBe('instance,namespace,repository,tag,pushed_at,pushed_by,digest,architectures,size_bytes,visibility');
    expect(csv).toHaveLength(dto.rows.length + 1);
    expect(csv[1]).toContain(`${dto.rows[0]?.namespace},${dto.rows[0]?.repository},${dto.rows[0]?.tag},`);
  });

  it('narrows to the last hour and stops the walk early', async () => {
    await createDemoInstance(admin, 'Demo');
    const now = Date.now();
    const dto = await browse.listRecentPushes(viewer, { from: now - 3_600_000 - 60_000, to: now });
    expect(dto.rows.map((r) => r.tag).sort()).toEqual(['main', 'sha-5b7e913']);
  });

  it('refuses an inverted window', async () => {
    const now = Date.now();
    expect((await failure(browse.listRecentPushes(viewer, { from: now, to: now - 1 }))).code).toBe('validation');
  });
});

describe('lookupAccount', () => {
  it('finds a user and an organization', async () => {
    const id = await createDemoInstance(admin, 'Demo');
    const user = await browse.lookupAccount(viewer, id, 'sam-dev');
    expect(user).toMatchObject({ kind: 'user', name: 'sam-dev', fullName: 'Sam Developer', company: 'Acme' });
    const org = await browse.lookupAccount(viewer, id, 'acme');
    expect(org).toMatchObject({ kind: 'organization', name: 'acme', fullName: 'Acme Corporation', location: 'Springfield' });
    expect(org.profileUrl).toMatch(/^https:\/\//);
  });

  it('says clearly when nobody has that name, or the name is invalid', async () => {
    const id = await createDemoInstance(admin, 'Demo');
    const missing = await failure(browse.lookupAccount(viewer, id, 'nobody-here'));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain('no user or organization named "nobody-here"');
    const bad = await failure(browse.lookupAccount(viewer, id, 'bad name!'));
    expect(bad.code).toBe('validation');
  });
});
