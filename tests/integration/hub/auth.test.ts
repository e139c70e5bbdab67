// Token exchange, caching, sharing, refresh before expiry and the single refresh after a 401.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { HubEmulator } from '@/emulator';
import { clearTokenCache, type TokenStore } from '@/lib/hub';

import { clientFor, creds, errorOf, startEmulator, USER } from './helpers';

let emu: HubEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  clearTokenCache();
});

const trace = () =>
  emu.log.map((e) => `${e.method} ${e.path.startsWith('/v2/auth/token') ? 'exchange' : 'api'} ${e.status}`);

/** An in-memory stand-in for the Postgres-backed store, with a real mutex for withExchangeLock. */
function memoryStore() {
  const rows = new Map<string, { token: string; expiresAt: number }>();
  let chain: Promise<unknown> = Promise.resolve();
  const stats = { gets: 0, sets: 0, locks: 0 };
  const store: TokenStore = {
    async get(key) {
      stats.gets += 1;
      return rows.get(key) ?? null;
    },
    async set(key, token, expiresAt) {
      stats.sets += 1;
      rows.set(key, { token, expiresAt });
    },
    withExchangeLock<T>(_key: string, fn: () => Promise<T>): Promise<T> {
      stats.locks += 1;
      const run = chain.then(fn, fn);
      chain = run.catch(() => undefined);
      return run;
    },
  };
  return { store, rows, stats };
}

describe('token exchange', () => {
  it('makes at most one exchange for 100 concurrent calls, across client objects of one instance', async () => {
    const cacheKey = `inst-${randomUUID()}`;
    const a = clientFor(emu, creds.admin, { cacheKey });
    const b = clientFor(emu, creds.admin, { cacheKey });
    const calls = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).getTag(USER, 'web-app', 'latest'));
    const tags = await Promise.all(calls);
    expect(tags.every((t) => t.name === 'latest')).toBe(true);
    expect(emu.tokenExchangeCount()).toBe(1);
    expect(emu.log.filter((e) => e.path.startsWith('/v2/namespaces/'))).toHaveLength(100);
  });

  it('reuses the token until 30 s before exp, then exchanges before the next call', async () => {
    const client = clientFor(emu, creds.admin);
    await client.getTag(USER, 'web-app', 'latest');
    emu.clock.advance(569_000); // 31 s left: still good
    await client.getTag(USER, 'web-app', 'latest');
    expect(emu.tokenExchangeCount()).toBe(1);
    emu.clock.advance(2_000); // 29 s left: refresh first
    await client.getTag(USER, 'web-app', 'latest');
    expect(trace()).toEqual(['POST exchange 200', 'GET api 200', 'GET api 200', 'POST exchange 200', 'GET api 200']);
  });

  it('after a 401: exactly one refresh, then one retry', async () => {
    const client = clientFor(emu, creds.admin);
    await client.getTag(USER, 'web-app', 'latest');
    emu.revokeAllTokens();
    emu.clearLog();
    const tag = await client.getTag(USER, 'web-app', 'latest');
    expect(tag.name).toBe('latest');
    expect(trace()).toEqual(['GET api 401', 'POST exchange 200', 'GET api 200']);
  });

  it('a 401 that survives the refresh surfaces as unauthorized without a second refresh', async () => {
    const client = clientFor(emu, creds.admin);
    await client.tokenClaims();
    emu.clearLog();
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/**', status: 401 }]);
    const err = await errorOf(client.getTag(USER, 'web-app', 'latest'));
    expect(err).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(trace()).toEqual(['GET api 401', 'POST exchange 200', 'GET api 401']);
  });

  it('100 concurrent calls that all hit 401 share one refresh', async () => {
    const client = clientFor(emu, creds.admin);
    await client.tokenClaims();
    emu.revokeAllTokens();
    emu.clearLog();
    await Promise.all(Array.from({ length: 100 }, () => client.getTag(USER, 'web-app', 'latest')));
    expect(emu.tokenExchangeCount()).toBe(1);
  });

  it('bad credentials -> unauthorized with a clear message', async () => {
    const err = await errorOf(clientFor(emu, creds.inactive).getRepository(USER, 'web-app'));
    expect(err).toMatchObject({ code: 'unauthorized' });
    expect((err as Error).message).toContain('Docker Hub rejected the username or token');
    expect(emu.log.filter((e) => e.path.startsWith('/v2/namespaces/'))).toHaveLength(0);
  });
});

describe('TokenStore (cross-process cache)', () => {
  it('is consulted before exchanging and written after, under the exchange lock', async () => {
    const { store, rows, stats } = memoryStore();
    const cacheKey = `inst-${randomUUID()}`;
    await clientFor(emu, creds.admin, { cacheKey, tokenStore: store }).getTag(USER, 'web-app', 'latest');
    expect(emu.tokenExchangeCount()).toBe(1);
    expect(stats.locks).toBe(1);
    expect(rows.get(cacheKey)?.expiresAt).toBeGreaterThan(emu.clock.now());

    // A "second process": empty memory cache, same store.
    clearTokenCache();
    await clientFor(emu, creds.admin, { cacheKey, tokenStore: store }).getTag(USER, 'web-app', 'latest');
    expect(emu.tokenExchangeCount()).toBe(1);
    expect(stats.sets).toBe(1);
  });

  it('skips a stored token that Hub rejected', async () => {
    const { store, rows } = memoryStore();
    const cacheKey = `inst-${randomUUID()}`;
    await clientFor(emu, creds.admin, { cacheKey, tokenStore: store }).tokenClaims();
    const first = rows.get(cacheKey)?.token;
    emu.revokeAllTokens();
    clearTokenCache();
    emu.clearLog();
    await clientFor(emu, creds.admin, { cacheKey, tokenStore: store }).getTag(USER, 'web-app', 'latest');
    expect(trace()).toEqual(['GET api 401', 'POST exchange 200', 'GET api 200']);
    expect(rows.get(cacheKey)?.token).not.toBe(first);
  });
});
