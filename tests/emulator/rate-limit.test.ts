import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, type HubEmulator } from '@/emulator';
import { api, exchange, START, startTestEmulator } from './helpers';

// START is 12:00:00.000Z, a minute boundary: windows are [START, START + 60 s).
let emu: HubEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ rateLimitPerMinute: 5 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.clock.set(START + 15_000);
});

describe('X-RateLimit headers and 429', () => {
  it('every response carries X-RateLimit-Limit/Remaining/Reset (unix seconds of the window end)', async () => {
    const res = await api(emu, '/v2/users/hubkeeper-demo/');
    expect(res.headers.get('x-ratelimit-limit')).toBe('5');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4');
    expect(res.headers.get('x-ratelimit-reset')).toBe(String(START / 1000 + 60));
    const notFound = await api(emu, '/v2/nowhere');
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('x-ratelimit-remaining')).toBe('3');
  });

  it('answers 429 with Retry-After, X-Retry-After and the Hub body once the budget is spent', async () => {
    for (let i = 0; i < 5; i++) expect((await api(emu, '/v2/users/hubkeeper-demo/')).status).toBe(200);
    const res = await api(emu, '/v2/users/hubkeeper-demo/');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ detail: 'Rate limit exceeded', error: false });
    expect(res.headers.get('retry-after')).toBe('45');
    expect(res.headers.get('x-retry-after')).toBe(String(START / 1000 + 60));
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(emu.log[emu.log.length - 1].status).toBe(429);
  });

  it('resets deterministically when the clock crosses the minute boundary', async () => {
    for (let i = 0; i < 6; i++) await api(emu, '/v2/users/hubkeeper-demo/');
    emu.clock.set(START + 59_999);
    expect((await api(emu, '/v2/users/hubkeeper-demo/')).status).toBe(429);
    emu.clock.set(START + 60_000);
    const res = await api(emu, '/v2/users/hubkeeper-demo/');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4');
  });

  it('budgets are per token, separate from the anonymous per-IP budget', async () => {
    const tokenA = await exchange(emu, C.user, C.pats.read); // anonymous: 1
    const tokenB = await exchange(emu, C.user, C.pats.admin); // anonymous: 2
    for (let i = 0; i < 5; i++) expect((await api(emu, '/v2/user/', { token: tokenA })).status).toBe(200);
    expect((await api(emu, '/v2/user/', { token: tokenA })).status).toBe(429);
    expect((await api(emu, '/v2/user/', { token: tokenB })).status).toBe(200);
    const anon = await api(emu, '/v2/users/hubkeeper-demo/');
    expect(anon.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('a fresh JWT of the same PAT shares the PAT budget', async () => {
    emu.setRateLimit(3);
    const first = await exchange(emu, C.user, C.pats.read);
    const second = await exchange(emu, C.user, C.pats.read);
    await api(emu, '/v2/user/', { token: first });
    await api(emu, '/v2/user/', { token: first });
    await api(emu, '/v2/user/', { token: second });
    expect((await api(emu, '/v2/user/', { token: second })).status).toBe(429);
    emu.setRateLimit(5);
  });
});

describe('HAP429 and 429 bursts (fault rules)', () => {
  it('hap429 answers bare text without rate-limit headers', async () => {
    emu.setFaults([{ path: '/v2/users/*/', hap429: true, failNext: 1 }]);
    const res = await api(emu, '/v2/users/hubkeeper-demo/');
    expect(res.status).toBe(429);
    expect(res.text).toBe('Too Many Requests (HAP429)');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    expect((await api(emu, '/v2/users/hubkeeper-demo/')).status).toBe(200);
  });

  it('rateLimitBurst answers the next N matching requests with 429 + Retry-After', async () => {
    emu.setFaults([{ method: 'GET', path: '/v2/users/**', rateLimitBurst: 2, retryAfterSeconds: 7 }]);
    for (let i = 0; i < 2; i++) {
      const res = await api(emu, '/v2/users/hubkeeper-demo/');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.body).toEqual({ detail: 'Rate limit exceeded', error: false });
    }
    expect((await api(emu, '/v2/users/hubkeeper-demo/')).status).toBe(200);
    expect(emu.log.map((e) => e.fault ?? null)).toEqual(['rate_limit', 'rate_limit', null]);
  });
});
