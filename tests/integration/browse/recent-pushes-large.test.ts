// The recent-pushes walk on the large fixture (bigcorp: 1,200 repositories, one with 10,000 tags):
// it reads repositories newest first and stops at the first one outside the window, so a quiet
// namespace costs one page and no tag reads at all.
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoInstance, createPerson, DEFAULT_RECENT_PUSHES, startHub } from './helpers';

const hub = await startHub('large');
const browse = await import('@/lib/services/browse');
const admin = await createPerson('ADMIN');

afterAll(async () => {
  await hub.close();
});

describe('listRecentPushes on 1,200 repositories', () => {
  it('reads one page of bigcorp, no bigcorp tags, and still finds every recent push elsewhere', async () => {
    await createDemoInstance(admin, 'Large', { namespaces: ['acme', 'bigcorp'] });
    hub.clearLog();
    const now = Date.now();
    const dto = await browse.listRecentPushes(admin, { from: now - 86_400_000, to: now });

    const bigcorpLists = hub.log.filter((e) => e.path === '/v2/namespaces/bigcorp/repositories');
    expect(bigcorpLists.map((e) => e.query.page)).toEqual(['1']);
    expect(bigcorpLists[0]?.query.ordering).toBe('-last_updated');
    expect(hub.log.filter((e) => e.path.startsWith('/v2/namespaces/bigcorp/repositories/'))).toEqual([]);

    expect(dto.rows.map((r) => `${r.namespace}/${r.repository}:${r.tag}`).sort()).toEqual(
      DEFAULT_RECENT_PUSHES.map((p) => `${p.namespace}/${p.repository}:${p.tag}`).sort(),
    );
  });

  it('walks further back when the window is wider, reading only the repositories inside it', async () => {
    hub.clearLog();
    const now = Date.now();
    // bigcorp's newest repositories were pushed 3 to 5 days before the clock start.
    const dto = await browse.listRecentPushes(admin, { from: now - 5 * 86_400_000 - 3_600_000, to: now, refresh: true });
    const tagReads = new Set(
      hub.log.filter((e) => /^\/v2\/namespaces\/bigcorp\/repositories\/[^/]+\/tags$/.test(e.path)).map((e) => e.path.split('/')[5]),
    );
    const inWindow = dto.repositories.filter((r) => r.namespace === 'bigcorp').map((r) => r.repository);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.length).toBeLessThan(20);
    expect([...tagReads].sort()).toEqual([...inWindow].sort());
    expect(hub.log.filter((e) => e.path === '/v2/namespaces/bigcorp/repositories').map((e) => e.query.page)).toEqual(['1']);
  });
});
