import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, DEFAULT_RECENT_PUSHES, type HubEmulator } from '@/emulator';
import { api, exchange, obj, page, START, startTestEmulator } from './helpers';

let emu: HubEmulator;
let token: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  token = await exchange(emu, C.user, C.pats.read);
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.clock.set(START);
});

const tags = (repo: string, query = '') =>
  api(emu, `/v2/namespaces/${repo.replace('/', '/repositories/')}/tags${query}`, { token });
const tag = async (repo: string, name: string) =>
  obj((await api(emu, `/v2/namespaces/${repo.replace('/', '/repositories/')}/tags/${name}`, { token })).body);

describe('tag objects (real Hub shape)', () => {
  it('have Hub key order, images as an array, v2 as a boolean, tag_status, and the spec status alias', async () => {
    const body = await tag('hubkeeper-demo/web-app', 'v1.4.2');
    expect(Object.keys(body)).toEqual([
      'creator',
      'id',
      'images',
      'last_updated',
      'last_updater',
      'last_updater_username',
      'name',
      'repository',
      'full_size',
      'v2',
      'tag_status',
      'tag_last_pulled',
      'tag_last_pushed',
      'media_type',
      'content_type',
      'digest',
      'status',
    ]);
    expect(body.v2).toBe(true);
    expect(body.tag_status).toBe('active');
    expect(body.status).toBe(body.tag_status);
    expect(body.media_type).toBe('application/vnd.oci.image.index.v1+json');
    expect(body.content_type).toBe('image');
    const images = body.images as Record<string, unknown>[];
    expect(images.map((i) => i.architecture)).toEqual(['amd64', 'arm64']);
    expect(Object.keys(images[0])).toEqual([
      'architecture',
      'features',
      'variant',
      'digest',
      'os',
      'os_features',
      'os_version',
      'size',
      'status',
      'last_pulled',
      'last_pushed',
    ]);
    expect(images[0]).toMatchObject({ features: '', os_features: '', os_version: null, variant: null, os: 'linux' });
    expect(images[1].variant).toBe('v8');
  });

  it('tag_last_pulled is null for never-pulled tags', async () => {
    const body = await tag('hubkeeper-demo/web-app', 'pr-101');
    expect(body.tag_last_pulled).toBeNull();
    expect((body.images as Record<string, unknown>[])[0].last_pulled).toBeNull();
    expect(body.tag_status).toBe('inactive');
  });

  it('old tags may have no top-level digest key', async () => {
    const old = await tag('hubkeeper-demo/api', 'v0.9.0');
    expect('digest' in old).toBe(false);
    expect((old.images as Record<string, unknown>[])[0].digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(old.media_type).toBe('application/vnd.docker.distribution.manifest.v2+json');
  });

  it('latest shares the digest of the newest release; single-arch digest = image digest', async () => {
    expect((await tag('hubkeeper-demo/web-app', 'latest')).digest).toBe(
      (await tag('hubkeeper-demo/web-app', 'v1.4.2')).digest,
    );
    expect((await tag('acme/platform-api', 'sha-5b7e913')).digest).toBe(
      (await tag('acme/platform-api', 'main')).digest,
    );
    const single = await tag('hubkeeper-demo/api', 'sha-8e4d0b7');
    expect(single.digest).toBe((single.images as Record<string, unknown>[])[0].digest);
  });

  it('timestamps span two years relative to the clock start', async () => {
    const oldest = await tag('acme/legacy-monolith', 'v0.9');
    const age = START - Date.parse(oldest.last_updated as string);
    expect(age).toBeGreaterThan(700 * 86_400_000);
    expect(age).toBeLessThan(731 * 86_400_000);
  });

  it('exactly DEFAULT_RECENT_PUSHES were pushed within 24 h of the clock start; all others are ≥ 3 days old', async () => {
    const recent: string[] = [];
    for (const repo of emu.state.repos.values()) {
      for (const t of repo.tags.all()) {
        const age = START - t.pushedAt;
        if (age <= 86_400_000) recent.push(`${repo.namespace}/${repo.name}:${t.name}@${age}`);
        else expect(age).toBeGreaterThanOrEqual(3 * 86_400_000);
      }
    }
    expect(recent.sort()).toEqual(
      DEFAULT_RECENT_PUSHES.map((p) => `${p.namespace}/${p.repository}:${p.tag}@${p.ageMs}`).sort(),
    );
    const viaApi = await tag('acme/frontend', 'pr-342');
    expect(Date.parse(viaApi.tag_last_pushed as string)).toBe(START - 20 * 3_600_000);
  });

  it('is deterministic for a given clock start', async () => {
    const other = await startTestEmulator();
    try {
      const a = await api(emu, '/v2/namespaces/acme/repositories/frontend/tags?page_size=100');
      const b = await api(other, '/v2/namespaces/acme/repositories/frontend/tags?page_size=100');
      expect(a.text.replaceAll(emu.url, '')).toBe(b.text.replaceAll(other.url, ''));
    } finally {
      await other.close();
    }
  });
});

describe('GET /v2/namespaces/{ns}/repositories/{repo}/tags', () => {
  it('defaults to newest first and pages through every tag exactly once', async () => {
    const first = page((await tags('acme/platform-api')).body);
    expect(first.count).toBe(38);
    expect(first.results).toHaveLength(10);
    expect(first.results[0].name).toBe('main');
    const seen: string[] = [];
    let url: string | null = `${emu.url}/v2/namespaces/acme/repositories/platform-api/tags?page_size=7`;
    while (url) {
      const res: Response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      const body = page(await res.json());
      seen.push(...body.results.map((r) => r.name as string));
      url = body.next;
    }
    expect(seen).toHaveLength(38);
    expect(new Set(seen).size).toBe(38);
    const pushed = await Promise.all(
      seen.slice(0, 5).map(async (n) => Date.parse((await tag('acme/platform-api', n)).last_updated as string)),
    );
    expect(pushed).toEqual([...pushed].sort((a, b) => b - a));
  });

  it('supports ordering and name as a superset of the spec', async () => {
    const byName = page((await tags('hubkeeper-demo/docs-site', '?ordering=name')).body).results.map((r) => r.name);
    expect(byName).toEqual(['latest', 'preview', 'v1.0.0', 'v1.1.0']);
    expect(page((await tags('acme/platform-api', '?name=pr-12&page_size=100')).body).count).toBe(10);
    expect((await tags('acme/platform-api', '?ordering=size')).status).toBe(400);
  });

  it('applies the page rules: 400 for page_size > 100, 404 beyond the last page', async () => {
    expect((await tags('acme/platform-api', '?page_size=101')).status).toBe(400);
    expect((await tags('acme/platform-api', '?page=5&page_size=10')).status).toBe(404);
    expect((await tags('acme/platform-api', '?page=4&page_size=10')).status).toBe(200);
    const empty = await tags('acme/sandbox');
    expect(empty.status).toBe(200);
    expect(page(empty.body).count).toBe(0);
  });

  it('404 for unknown repositories and tags; HEAD has no body', async () => {
    expect((await tags('acme/nope')).status).toBe(404);
    const missing = await api(emu, '/v2/namespaces/acme/repositories/frontend/tags/nope', { token });
    expect(missing.status).toBe(404);
    expect(obj(missing.body).errinfo).toEqual({});
    const head = await api(emu, '/v2/namespaces/acme/repositories/frontend/tags/latest', { method: 'HEAD', token });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const headList = await api(emu, '/v2/namespaces/acme/repositories/frontend/tags', { method: 'HEAD', token });
    expect(headList.status).toBe(200);
    expect(headList.text).toBe('');
  });

  it('tag_status follows the clock: a month later recent tags turn inactive', async () => {
    expect((await tag('acme/frontend', 'pr-342')).tag_status).toBe('active');
    emu.clock.advance(31 * 86_400_000);
    const later = await exchange(emu, C.user, C.pats.read);
    const res = await api(emu, '/v2/namespaces/acme/repositories/frontend/tags/pr-342', { token: later });
    expect(obj(res.body).tag_status).toBe('inactive');
  });
});
