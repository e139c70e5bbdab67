import { describe, expect, it } from 'vitest';

import { backoffDelay, DEFAULT_RETRY, parseRateLimitHeaders, parseRetryAfter } from './retry';

const headers = (h: Record<string, string>) => new Headers(h);
const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter(headers({ 'Retry-After': '3' }), NOW)).toBe(3000);
    expect(parseRetryAfter(headers({ 'Retry-After': '0.5' }), NOW)).toBe(500);
  });

  it('reads an HTTP date relative to now', () => {
    const at = new Date(NOW + 7000).toUTCString();
    expect(parseRetryAfter(headers({ 'Retry-After': at }), NOW)).toBe(7000);
  });

  it('reads the legacy X-Retry-After unix timestamp', () => {
    expect(parseRetryAfter(headers({ 'X-Retry-After': String(NOW / 1000 + 12) }), NOW)).toBe(12000);
  });

  it('never returns a negative wait for a past date', () => {
    expect(parseRetryAfter(headers({ 'X-Retry-After': String(NOW / 1000 - 5) }), NOW)).toBe(0);
  });

  it('takes the later of both headers', () => {
    const h = headers({ 'Retry-After': '2', 'X-Retry-After': String(NOW / 1000 + 9) });
    expect(parseRetryAfter(h, NOW)).toBe(9000);
  });

  it('returns null when Hub said nothing usable', () => {
    expect(parseRetryAfter(headers({}), NOW)).toBeNull();
    expect(parseRetryAfter(headers({ 'Retry-After': 'soon' }), NOW)).toBeNull();
  });
});

describe('parseRateLimitHeaders', () => {
  it('reads limit, remaining and a unix reset', () => {
    const snap = parseRateLimitHeaders(
      headers({
        'X-RateLimit-Limit': '180',
        'X-RateLimit-Remaining': '17',
        'X-RateLimit-Reset': String(NOW / 1000 + 30),
      }),
      NOW,
    );
    expect(snap).toEqual({ limit: 180, remaining: 17, resetAtMs: NOW + 30_000 });
  });

  it('treats a small reset as seconds from now', () => {
    expect(
      parseRateLimitHeaders(headers({ 'X-RateLimit-Remaining': '1', 'X-RateLimit-Reset': '20' }), NOW).resetAtMs,
    ).toBe(NOW + 20_000);
  });

  it('returns nulls without headers', () => {
    expect(parseRateLimitHeaders(headers({}), NOW)).toEqual({ limit: null, remaining: null, resetAtMs: null });
  });
});

describe('backoffDelay (full jitter)', () => {
  it('grows exponentially up to the cap', () => {
    const max = () => 0.999999;
    expect(backoffDelay(1, DEFAULT_RETRY, max)).toBe(199);
    expect(backoffDelay(2, DEFAULT_RETRY, max)).toBe(399);
    expect(backoffDelay(3, DEFAULT_RETRY, max)).toBe(799);
    expect(backoffDelay(10, DEFAULT_RETRY, max)).toBe(4999);
  });

  it('can be zero (full jitter) and stays in range', () => {
    expect(backoffDelay(3, DEFAULT_RETRY, () => 0)).toBe(0);
    for (let i = 0; i < 200; i += 1) {
      const d = backoffDelay(4, DEFAULT_RETRY);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(1600);
    }
  });
});
