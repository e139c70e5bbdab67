// Retries, 429 handling, non-idempotent safety and rate-limit pacing against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { HubEmulator } from '@/emulator';

import { apiCalls, clientFor, creds, errorOf, startEmulator, USER } from './helpers';

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

describe('429', () => {
  it('GET: the retry is not sent before Retry-After', async () => {
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/**', rateLimitBurst: 1, retryAfterSeconds: 1 }]);
    const tag = await clientFor(emu, creds.admin).getTag(USER, 'web-app', 'latest');
    expect(tag.name).toBe('latest');
    const [limited, retried] = apiCalls(emu);
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('PATCH: a 429 is safe to retry (Hub did nothing), after the wait', async () => {
    emu.setFaults([{ method: 'PATCH', rateLimitBurst: 1, retryAfterSeconds: 1 }]);
    const repo = await clientFor(emu, creds.admin).updateRepositoryDescriptions(USER, 'api', {
      description: 'after 429',
    });
    expect(repo.description).toBe('after 429');
    const patches = apiCalls(emu, 'PATCH');
    expect(patches.map((e) => e.status)).toEqual([429, 200]);
    expect((patches[1]?.at ?? 0) - (patches[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('a 429 holds back every other request of the instance until the advertised time', async () => {
    const client = clientFor(emu, creds.admin, { readConcurrency: 1 });
    await client.tokenClaims();
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/**', rateLimitBurst: 1, retryAfterSeconds: 1 }]);
    await Promise.all(Array.from({ length: 5 }, () => client.getTag(USER, 'web-app', 'latest')));
    const calls = apiCalls(emu);
    const limited = calls.find((e) => e.status === 429);
    const after = calls.filter((e) => e.seq > (limited?.seq ?? 0));
    expect(after).toHaveLength(5);
    for (const e of after) expect(e.at - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('bare HAP429 without headers: backs off by the configured default', async () => {
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/**', hap429: true, failNext: 1 }]);
    await clientFor(emu, creds.admin, { rateLimit: { defaultDelayMs: 300 } }).getTag(USER, 'web-app', 'latest');
    const [limited, retried] = apiCalls(emu);
    expect(limited?.fault).toBe('hap429');
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(300);
  });
});

describe('5xx and network errors', () => {
  it('GET: retried with back-off until it works', async () => {
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/**', status: 503, failNext: 2 }]);
    const tag = await clientFor(emu, creds.admin).getTag(USER, 'web-app', 'latest');
    expect(tag.name).toBe('latest');
    expect(apiCalls(emu, 'GET').map((e) => e.status)).toEqual([503, 503, 200]);
  });

  it('GET: gives up after maxAttempts as unavailable', async () => {
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/**', status: 502 }]);
    const err = await errorOf(
      clientFor(emu, creds.admin, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }).getTag(
        USER,
        'web-app',
        'latest',
      ),
    );
    expect(err).toMatchObject({ code: 'unavailable', status: 502, maybeApplied: false });
    expect(apiCalls(emu, 'GET')).toHaveLength(3);
  });

  it('GET: a connection reset is retried', async () => {
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/**', reset: true, failNext: 1 }]);
    const tag = await clientFor(emu, creds.admin).getTag(USER, 'web-app', 'latest');
    expect(tag.name).toBe('latest');
    expect(apiCalls(emu, 'GET')).toHaveLength(2);
  });

  it('DELETE: a 500 after Hub acted is not blindly retried; the caller must re-check', async () => {
    emu.setFaults([{ method: 'DELETE', status: 500, failNext: 1, afterHandler: true }]);
    const client = clientFor(emu, creds.admin);
    const err = await errorOf(client.deleteTag(USER, 'scratch', 'tmp'));
    expect(err).toMatchObject({ code: 'unavailable', status: 500, maybeApplied: true });
    expect((err as Error).message).toContain('may or may not have been applied');
    expect(apiCalls(emu, 'DELETE')).toHaveLength(1);
    // Hub did delete it: exactly why the deletion worker re-checks instead of retrying.
    expect(await errorOf(client.getTag(USER, 'scratch', 'tmp'))).toMatchObject({ code: 'not_found' });
  });

  it('DELETE: a connection reset is not retried either', async () => {
    emu.setFaults([{ method: 'DELETE', reset: true }]);
    const err = await errorOf(clientFor(emu, creds.admin).deleteTag(USER, 'scratch', 'tmp'));
    expect(err).toMatchObject({ code: 'unavailable', maybeApplied: true });
    expect(apiCalls(emu, 'DELETE')).toHaveLength(1);
  });

  it('PATCH: a 502 is not retried', async () => {
    emu.setFaults([{ method: 'PATCH', status: 502 }]);
    const err = await errorOf(
      clientFor(emu, creds.admin).updateRepositoryDescriptions(USER, 'api', { description: 'x' }),
    );
    expect(err).toMatchObject({ code: 'unavailable', maybeApplied: true });
    expect(apiCalls(emu, 'PATCH')).toHaveLength(1);
  });

  it('timeouts are unavailable', async () => {
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/**', latencyMs: 400 }]);
    const err = await errorOf(
      clientFor(emu, creds.admin, { timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }).getTag(
        USER,
        'web-app',
        'latest',
      ),
    );
    expect(err).toMatchObject({ code: 'unavailable' });
    expect((err as Error).message).toContain('no answer within 100 ms');
  });
});

describe('rate-limit budget', () => {
  it('slows down before X-RateLimit-Remaining reaches zero instead of running into 429s', async () => {
    emu.setRateLimit(10);
    // Put the emulator 1.5 s before a minute boundary so the window resets soon.
    const now = emu.clock.now();
    emu.clock.set(Math.ceil(now / 60_000) * 60_000 + 60_000 - 1_500);
    const client = clientFor(emu, creds.admin);
    for (let i = 0; i < 14; i += 1) await client.getTag(USER, 'web-app', 'latest');
    const calls = apiCalls(emu);
    expect(calls).toHaveLength(14);
    expect(calls.filter((e) => e.status === 429)).toHaveLength(0);
  });
});
