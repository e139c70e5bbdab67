import 'server-only';

export interface RetryOptions {
  /** Total attempts for idempotent calls on 5xx / network errors (first try included). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000 };

/** Full-jitter exponential back-off: uniform in [0, min(cap, base * 2^(retry-1))]. `retry` starts at 1. */
export function backoffDelay(retry: number, opts: RetryOptions, random: () => number = Math.random): number {
  const exp = opts.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const ceiling = Math.min(opts.maxDelayMs, exp);
  return Math.floor(random() * ceiling);
}

/** Minimal header reader so this stays testable without a Response. */
export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * How long Hub asked us to wait, in ms from `nowMs`, or null when it did not say.
 * Accepts `Retry-After` as delta-seconds or HTTP-date and the legacy `X-Retry-After` as a unix
 * timestamp (seconds); when both are present the later moment wins, so we never send early.
 */
export function parseRetryAfter(headers: HeaderSource, nowMs: number): number | null {
  const candidates: number[] = [];
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter !== undefined && retryAfter !== '') {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) {
      candidates.push(Math.ceil(Number(retryAfter) * 1000));
    } else {
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) candidates.push(Math.max(0, at - nowMs));
    }
  }
  const xRetryAfter = headers.get('x-retry-after')?.trim();
  if (xRetryAfter !== undefined && /^\d+(\.\d+)?$/.test(xRetryAfter)) {
    const value = Number(xRetryAfter);
    // A unix timestamp is ~1.7e9; anything small is a (misused) delta in seconds.
    candidates.push(value > 1e8 ? Math.max(0, Math.ceil(value * 1000 - nowMs)) : Math.ceil(value * 1000));
  }
  if (candidates.length === 0) return null;
  return Math.max(...candidates);
}

export interface RateLimitSnapshot {
  limit: number | null;
  remaining: number | null;
  /** ms epoch (on the client clock) when the budget resets. */
  resetAtMs: number | null;
}

/** Reads X-RateLimit-Limit/Remaining/Reset (unix seconds; small values read as a delta) from a response. */
export function parseRateLimitHeaders(headers: HeaderSource, nowMs: number): RateLimitSnapshot {
  const num = (name: string): number | null => {
    const raw = headers.get(name)?.trim();
    if (raw === undefined || raw === '' || !/^\d+(\.\d+)?$/.test(raw)) return null;
    return Number(raw);
  };
  const reset = num('x-ratelimit-reset');
  return {
    limit: num('x-ratelimit-limit'),
    remaining: num('x-ratelimit-remaining'),
    resetAtMs: reset === null ? null : reset > 1e8 ? reset * 1000 : nowMs + reset * 1000,
  };
}
