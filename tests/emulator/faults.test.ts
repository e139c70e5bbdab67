import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, type HubEmulator } from '@/emulator';
import { api, exchange, obj, START, startTestEmulator } from './helpers';

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

const TAG_PATH = '/v2/repositories/hubkeeper-demo/web-app/tags/pr-101/';
const del = () => api(emu, TAG_PATH, { method: 'DELETE', token: admin });
const tagExists = () => emu.state.getRepo('hubkeeper-demo', 'web-app')?.tags.get('pr-101') !== undefined;

describe('fault rules', () => {
  it('failNext: the next N matching requests fail; DELETE tag 500 carries the nested registry error', async () => {
    emu.setFaults([{ method: 'DELETE', path: '/v2/repositories/*/*/tags/*/', failNext: 2 }]);
    for (let i = 0; i < 2; i++) {
      const res = await del();
      expect(res.status).toBe(500);
      expect(obj(res.body).errinfo).toEqual({});
      expect(String(obj(res.body).message)).toMatch(/^Delete ".*pr-101": .*status=401/);
      expect(tagExists()).toBe(true);
    }
    expect((await del()).status).toBe(204);
    expect(tagExists()).toBe(false);
  });

  it('afterHandler: the operation happens, then the answer fails ("Hub did it, the response was lost")', async () => {
    emu.setFaults([{ method: 'DELETE', path: TAG_PATH, failNext: 1, status: 502, afterHandler: true }]);
    const res = await del();
    expect(res.status).toBe(502);
    expect(tagExists()).toBe(false);
    expect((await del()).status).toBe(404);
  });

  it('reset destroys the connection (before or after the handler)', async () => {
    emu.setFaults([{ method: 'DELETE', failNext: 1, reset: true }]);
    await expect(del()).rejects.toThrow();
    expect(tagExists()).toBe(true);
    emu.setFaults([{ method: 'DELETE', failNext: 1, reset: true, afterHandler: true }]);
    await expect(del()).rejects.toThrow();
    expect(tagExists()).toBe(false);
    expect(emu.log.filter((e) => e.fault === 'reset').map((e) => e.status)).toEqual([0, 0]);
  });

  it('errorRate is driven by a seeded PRNG: same seed, same failure pattern', async () => {
    const pattern = async (seed: number) => {
      emu.setFaults([{ path: '/v2/users/**', errorRate: 0.5, seed, status: 503 }]);
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await api(emu, '/v2/users/hubkeeper-demo/')).status);
      return out;
    };
    const a = await pattern(7);
    const b = await pattern(7);
    expect(a).toEqual(b);
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await pattern(8)).not.toEqual(a);
  });

  it('a rule with an action but no trigger always fires; method and glob must both match', async () => {
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/*/repositories', status: 503 }]);
    expect((await api(emu, '/v2/namespaces/acme/repositories')).status).toBe(503);
    expect((await api(emu, '/v2/namespaces/acme/repositories/frontend')).status).toBe(200);
    expect((await api(emu, '/v2/namespaces/acme/repositories', { method: 'HEAD' })).status).toBe(200);
  });

  it('regex paths start with ^', async () => {
    emu.setFaults([{ path: '^/v2/namespaces/acme/.*/tags$', failNext: 1 }]);
    expect((await api(emu, '/v2/namespaces/acme/repositories/frontend/tags')).status).toBe(500);
    expect((await api(emu, '/v2/namespaces/acme/repositories/frontend/tags')).status).toBe(200);
  });

  it('latency rules and the global latency option delay but do not change answers', async () => {
    const slow = await startTestEmulator({ latencyMs: 5, faults: [{ path: '/v2/users/**', latencyMs: 5 }] });
    try {
      expect((await api(slow, '/v2/users/hubkeeper-demo/')).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('faults are settable over HTTP and report their remaining counters', async () => {
    const put = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rules: [{ path: '/v2/users/**', failNext: 2 }] }),
    });
    expect(put.status).toBe(200);
    await api(emu, '/v2/users/hubkeeper-demo/');
    const listed = (await (await fetch(`${emu.url}/__emulator/faults`)).json()) as {
      rules: { remaining: { failNext: number } }[];
    };
    expect(listed.rules[0].remaining.failNext).toBe(1);
    emu.reset();
    expect((await api(emu, '/v2/users/hubkeeper-demo/')).status).toBe(200);
  });

  it('the log records which requests were faulted', async () => {
    emu.setFaults([{ path: '/v2/users/**', failNext: 1, status: 500 }]);
    await api(emu, '/v2/users/hubkeeper-demo/');
    await api(emu, '/v2/users/hubkeeper-demo/');
    expect(emu.log.map((e) => [e.status, e.fault ?? null])).toEqual([
      [500, 'status'],
      [200, null],
    ]);
  });
});
