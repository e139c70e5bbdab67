// Hub API rate limit: a per-minute budget per token (per IP when anonymous). Windows are fixed and aligned to
// the minute on the emulator clock, so a test that advances the clock past the boundary gets a fresh budget
// deterministically.

export interface RateDecision {
  limit: number;
  remaining: number;
  /** Unix seconds when the window resets (X-RateLimit-Reset). */
  resetEpochSeconds: number;
  limited: boolean;
  /** Seconds until reset, at least 1 (Retry-After). */
  retryAfterSeconds: number;
}

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly windows = new Map<string, { window: number; count: number }>();

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = limit;
  }

  clear(): void {
    this.windows.clear();
  }

  /** Count one request for `key`; requests refused with 429 do not use up budget. */
  consume(key: string, nowMs: number): RateDecision {
    const window = Math.floor(nowMs / WINDOW_MS);
    let slot = this.windows.get(key);
    if (!slot || slot.window !== window) {
      slot = { window, count: 0 };
      this.windows.set(key, slot);
    }
    const resetMs = (window + 1) * WINDOW_MS;
    const limited = slot.count >= this.limit;
    if (!limited) slot.count += 1;
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - slot.count),
      resetEpochSeconds: resetMs / 1000,
      limited,
      retryAfterSeconds: Math.max(1, Math.ceil((resetMs - nowMs) / 1000)),
    };
  }
}
