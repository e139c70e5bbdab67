import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, LARGE_FIXTURE, loadFixtureFile, type Fixture, type HubEmulator } from '@/emulator';
import { api, exchange, obj, page, START, startTestEmulator } from './helpers';

describe('large fixture', () => {
  let emu: HubEmulator;
  let token: string;
  beforeAll(async () => {
    emu = await startTestEmulator({ fixture: 'large' });
    token = await exchange(emu, LARGE_FIXTURE.org, LARGE_FIXTURE.oat);
  });
  afterAll(() => emu.close());

  it('has 1,200 repositories in bigcorp', async () => {
    const res = await api(emu, `/v2/namespaces/${LARGE_FIXTURE.org}/repositories?page_size=100&page=12`, { token });
    expect(page(res.body).count).toBe(LARGE_FIXTURE.repositoryCount);
    expect(page(res.body).results).toHaveLength(100);
    expect(page(res.body).next).toBeNull();
    expect(page(res.body).results[99].name).toBe('service-1199');
    expect(
      (await api(emu, `/v2/namespaces/${LARGE_FIXTURE.org}/repositories?page_size=100&page=13`, { token })).status,
    ).toBe(404);
  });

  it('has 10,000 tags in the monorepo, paged newest first, with distinct names', async () => {
    const base = `/v2/namespaces/${LARGE_FIXTURE.org}/repositories/${LARGE_FIXTURE.monorepo}/tags`;
    const first = page((await api(emu, `${base}?page_size=100`, { token })).body);
    expect(first.count).toBe(LARGE_FIXTURE.monorepoTagCount);
    expect(first.results[0].name).toBe('v1.0.0');
    const last = page((await api(emu, `${base}?page_size=100&page=100`, { token })).body);
    expect(last.results).toHaveLength(100);
    expect(last.next).toBeNull();
    const repo = emu.state.getRepo(LARGE_FIXTURE.org, LARGE_FIXTURE.monorepo);
    expect(new Set(repo?.tags.all().map((t) => t.name)).size).toBe(10_000);
    expect(START - Date.parse(String(last.results[99].last_updated))).toBeGreaterThan(700 * 86_400_000);
  });

  it('keeps the default fixture and its credentials', async () => {
    const demo = await exchange(emu, C.user, C.pats.admin);
    expect((await api(emu, '/v2/namespaces/acme/repositories', { token: demo })).status).toBe(200);
    expect((await api(emu, '/v2/namespaces/bigcorp/repositories/monorepo', { token: demo })).status).toBe(200);
  });
});

describe('JSON fixture files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-fixture-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const fixture: Fixture = {
    seed: 3,
    users: [{ username: 'alice', password: 'pw', pats: [{ token: 'dckr_pat_alice', scope: 'repo:admin' }] }],
    orgs: [
      {
        name: 'team',
        members: [{ username: 'alice', role: 'owner' }],
        groups: [{ id: 1, name: 'devs', members: ['alice'] }],
      },
    ],
    repositories: [
      {
        namespace: 'alice',
        name: 'app',
        dateRegistered: '2025-01-01T00:00:00Z',
        tags: [
          { name: 'v1', pushedAt: -86_400_000, digest: 'sha256:' + '1'.repeat(64), architectures: ['amd64', 'arm64'] },
          { name: 'old', pushedAt: '2025-02-01T00:00:00Z', digest: null, pulledAt: null },
        ],
      },
      { namespace: 'team', name: 'svc', isPrivate: true, dateRegistered: -1, tags: [] },
    ],
  };

  it('loads a fixture from a JSON path (times: ms relative to the clock start, or ISO strings)', async () => {
    const file = path.join(dir, 'fixture.json');
    writeFileSync(file, JSON.stringify(fixture));
    const emu = await startTestEmulator({ fixture: file });
    try {
      const token = await exchange(emu, 'alice', 'dckr_pat_alice');
      const tags = page((await api(emu, '/v2/namespaces/alice/repositories/app/tags', { token })).body);
      expect(tags.results.map((t) => t.name)).toEqual(['v1', 'old']);
      expect(tags.results[0]).toMatchObject({
        digest: 'sha256:' + '1'.repeat(64),
        tag_last_pushed: '2026-01-14T12:00:00.000000Z',
      });
      expect('digest' in tags.results[1]).toBe(false);
      expect(obj((await api(emu, '/v2/namespaces/team/repositories/svc', { token })).body).is_private).toBe(true);
    } finally {
      await emu.close();
    }
  });

  it('explains what is wrong with an invalid fixture', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ users: [{ username: 'x' }], repositories: [{ namespace: 'nobody', name: 'r', tags: {} }] }),
    );
    expect(() => loadFixtureFile(file)).toThrow(/users\[0\].*\n.*namespace must name a user or org/s);
    expect(() => loadFixtureFile(path.join(dir, 'missing.json'))).toThrow(/cannot read fixture/);
  });

  it('accepts a Fixture object directly', async () => {
    const emu = await startTestEmulator({ fixture });
    try {
      expect(page((await api(emu, '/v2/namespaces/alice/repositories')).body).count).toBe(1);
    } finally {
      await emu.close();
    }
  });
});
