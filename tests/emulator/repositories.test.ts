import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, type HubEmulator } from '@/emulator';
import { api, exchange, obj, page, START, startTestEmulator } from './helpers';

let emu: HubEmulator;
let token: string;

beforeAll(async () => {
  emu = await startTestEmulator();
  token = await exchange(emu, C.user, C.pats.admin);
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.clock.set(START);
});

const list = (query = '', ns = 'acme') => api(emu, `/v2/namespaces/${ns}/repositories${query}`, { token });
const names = (body: unknown) => page(body).results.map((r) => r.name as string);

describe('GET /v2/namespaces/{ns}/repositories', () => {
  it('lists with the page envelope; default order is by name, default page_size 10', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(Object.keys(obj(res.body))).toEqual(['count', 'next', 'previous', 'results']);
    expect(page(res.body).count).toBe(7);
    expect(names(res.body)).toEqual([
      'billing-service',
      'data-pipeline',
      'frontend',
      'legacy-monolith',
      'ml-models',
      'platform-api',
      'sandbox',
    ]);
    expect(page(res.body).next).toBeNull();
  });

  it('orders by each field, "-" meaning descending', async () => {
    expect(names((await list('?ordering=-name')).body)[0]).toBe('sandbox');
    const byPulls = page((await list('?ordering=pull_count')).body).results.map((r) => r.pull_count as number);
    expect(byPulls).toEqual([...byPulls].sort((a, b) => a - b));
    const byPullsDesc = page((await list('?ordering=-pull_count')).body).results.map((r) => r.pull_count as number);
    expect(byPullsDesc).toEqual([...byPulls].reverse());
    const updated = page((await list('?ordering=-last_updated')).body).results.map((r) =>
      Date.parse(r.last_updated as string),
    );
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
    expect(names((await list('?ordering=-last_updated')).body)[0]).toBe('platform-api');
    const asc = page((await list('?ordering=last_updated')).body).results.map((r) =>
      Date.parse(r.last_updated as string),
    );
    expect(asc).toEqual([...updated].reverse());
  });

  it('filters by case-insensitive substring of the name', async () => {
    expect(names((await list('?name=API')).body)).toEqual(['platform-api']);
    expect(names((await list('?name=e', 'hubkeeper-demo')).body)).toEqual(['docs-site', 'web-app', 'worker']);
    const none = await list('?name=zzz');
    expect(none.status).toBe(200);
    expect(page(none.body).count).toBe(0);
  });

  it('rejects an invalid ordering with the exact spec body', async () => {
    const res = await list('?ordering=stars');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      fields: {
        ordering: [
          'Invalid ordering value. Must be one of: name, -name, last_updated, -last_updated, pull_count, -pull_count',
        ],
      },
      text: 'Invalid ordering value',
    });
  });

  it.each(['?page_size=0', '?page_size=101', '?page_size=abc', '?page=0', '?page=-1'])(
    'rejects %s with 400 in the error shape (with fields)',
    async (query) => {
      const res = await list(query);
      expect(res.status).toBe(400);
      expect(obj(res.body).errinfo).toEqual({});
      expect(typeof obj(res.body).message).toBe('string');
      expect(Object.keys(obj(obj(res.body).fields))).toHaveLength(1);
    },
  );

  it('accepts page_size 1 and 100', async () => {
    expect(page((await list('?page_size=1')).body).results).toHaveLength(1);
    expect(page((await list('?page_size=100')).body).results).toHaveLength(7);
  });

  it('pages with absolute next/previous links that keep every query parameter and the request Host', async () => {
    const first = await list('?page_size=3&ordering=-pull_count&name=a');
    const body = page(first.body);
    expect(body.count).toBe(4);
    expect(body.previous).toBeNull();
    const next = new URL(body.next ?? '');
    expect(`${next.protocol}//${next.host}`).toBe(emu.url);
    expect(Object.fromEntries(next.searchParams)).toEqual({
      page_size: '3',
      ordering: '-pull_count',
      name: 'a',
      page: '2',
    });
    const second = await fetch(body.next ?? '', { headers: { Authorization: `Bearer ${token}` } });
    const secondBody = page(await second.json());
    expect(secondBody.next).toBeNull();
    expect(Object.fromEntries(new URL(secondBody.previous ?? '').searchParams)).toMatchObject({ page: '1', name: 'a' });
    const all = [...body.results, ...secondBody.results].map((r) => r.name);
    expect(new Set(all).size).toBe(4);
  });

  it('uses the Host header the request came to', async () => {
    // fetch() cannot override Host, so use node:http directly.
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${emu.url}/v2/namespaces/acme/repositories?page_size=1`,
        { headers: { Authorization: `Bearer ${token}`, Host: 'hub.example.test:8080' } },
        (res) => {
          let data = '';
          res.on('data', (chunk: Buffer) => (data += chunk.toString()));
          res.on('end', () => resolve(data));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(page(JSON.parse(body)).next).toBe(
      'http://hub.example.test:8080/v2/namespaces/acme/repositories?page_size=1&page=2',
    );
  });

  it('404 for a page beyond the last one (page > 1), 200 for an empty first page', async () => {
    const res = await list('?page=3&page_size=5');
    expect(res.status).toBe(404);
    expect(obj(res.body).errinfo).toEqual({});
    expect((await list('?page=2&page_size=5')).status).toBe(200);
  });

  it('404 for an unknown namespace; anonymous sees public repos only', async () => {
    expect((await list('', 'ghost')).status).toBe(404);
    const anon = await api(emu, '/v2/namespaces/acme/repositories');
    expect(names(anon.body)).toEqual(['frontend', 'legacy-monolith']);
  });

  it('list entries carry the repository_list_entry fields', async () => {
    const entry = page((await list('?name=frontend')).body).results[0];
    expect(Object.keys(entry)).toEqual([
      'name',
      'namespace',
      'repository_type',
      'status',
      'status_description',
      'description',
      'is_private',
      'star_count',
      'pull_count',
      'last_updated',
      'last_modified',
      'date_registered',
      'affiliation',
      'media_types',
      'content_types',
      'categories',
      'storage_size',
    ]);
    expect(entry).toMatchObject({ namespace: 'acme', status: 1, status_description: 'active', is_private: false });
    expect(entry.last_updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });
});

describe('GET|HEAD /v2/namespaces/{ns}/repositories/{repo}', () => {
  it('returns repository_info with per-caller permissions', async () => {
    const res = await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/web-app', { token });
    expect(res.status).toBe(200);
    const body = obj(res.body);
    expect(body).toMatchObject({
      user: 'hubkeeper-demo',
      name: 'web-app',
      namespace: 'hubkeeper-demo',
      status: 1,
      status_description: 'active',
      is_private: false,
      is_automated: false,
      pull_count: 15230,
      permissions: { read: true, write: true, admin: true },
      immutable_tags_settings: { enabled: false, rules: [] },
      categories: [{ name: 'Web servers', slug: 'web-servers' }],
      full_description: '# web-app\n\nThe Hubkeeper demo web application.',
    });
    const anon = obj((await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/web-app')).body);
    expect(anon.permissions).toEqual({ read: true, write: false, admin: false });
  });

  it('full_description is null when unset; description is "" when unset', async () => {
    const body = obj((await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/scratch', { token })).body);
    expect(body.full_description).toBeNull();
    expect(body.description).toBe('');
  });

  it('HEAD answers the status without a body', async () => {
    const res = await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/web-app', { method: 'HEAD', token });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const missing = await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/nope', { method: 'HEAD', token });
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('');
  });

  it('404 {message, errinfo} for an unknown repository', async () => {
    const res = await api(emu, '/v2/namespaces/acme/repositories/nope', { token });
    expect(res.status).toBe(404);
    expect(obj(res.body).errinfo).toEqual({});
  });

  it('a trailing slash on namespaced paths is 404 by default, 301 to the slash-less path when configured', async () => {
    expect((await api(emu, '/v2/namespaces/acme/repositories/frontend/', { token })).status).toBe(404);
    const alt = await startTestEmulator({ namespacedTrailingSlash: 301 });
    try {
      const res = await api(alt, '/v2/namespaces/acme/repositories/?page=2');
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe(`${alt.url}/v2/namespaces/acme/repositories?page=2`);
    } finally {
      await alt.close();
    }
  });

  it('PATCH on the namespaced path is not an update endpoint (403)', async () => {
    const res = await api(emu, '/v2/namespaces/acme/repositories/frontend', {
      method: 'PATCH',
      token,
      body: { description: 'x' },
    });
    expect(res.status).toBe(403);
    expect(emu.state.getRepo('acme', 'frontend')?.description).toBe('Customer-facing web frontend');
  });
});

describe('immutable tags settings', () => {
  it('PATCH …/immutabletags updates the settings and verify lists matching tags', async () => {
    const path = '/v2/namespaces/hubkeeper-demo/repositories/web-app/immutabletags';
    const res = await api(emu, path, {
      method: 'PATCH',
      token,
      body: { immutable_tags: true, immutable_tags_rules: ['v1\\..*'] },
    });
    expect(res.status).toBe(200);
    expect(obj(res.body).immutable_tags_settings).toEqual({ enabled: true, rules: ['v1\\..*'] });
    const verify = await api(emu, `${path}/verify`, { method: 'POST', token, body: { regex: 'v1\\.4\\..*' } });
    expect(verify.body).toEqual({ tags: ['v1.4.0', 'v1.4.1', 'v1.4.2'] });
    const bad = await api(emu, path, { method: 'PATCH', token, body: { immutable_tags: true } });
    expect(bad.status).toBe(400);
    const readToken = await exchange(emu, C.user, C.pats.read);
    expect(
      (
        await api(emu, path, {
          method: 'PATCH',
          token: readToken,
          body: { immutable_tags: false, immutable_tags_rules: [] },
        })
      ).status,
    ).toBe(403);
  });
});
