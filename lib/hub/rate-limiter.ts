import 'server-only';

import { sleep } from './concurrency';
import type { RateLimitSnapshot } from './retry';

// Timers can fire a millisecond early relative to wall clocks; never send before Hub's time.
const SAFETY_MARGIN_MS = 20;

const monotonicNow = (): number => performance.now();

/**
 * Per-instance gate in front of every request: holds requests while Hub told us to wait (429),
 * and, once X-RateLimit-Remaining runs low, spreads the remaining budget evenly until the reset
 * so we slow down before hitting zero. All waiting is on the monotonic clock; absolute times from
 * Hub are converted with the client clock at the moment they arrive.
 */
export class RateLimiter {
  private blockedUntil = 0;
  private remaining: number | null = null;
  private limit: number | null = null;
  private resetAt: number | null = null;
  private nextSlot = 0;

  /** Hub said "wait `delayMs`": no request of this instance goes out before then. */
  block(delayMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, monotonicNow() + delayMs + SAFETY_MARGIN_MS);
  }

  /** Feeds X-RateLimit-* from a response; `clockNow` is the client clock when it arrived. */
  observe(snapshot: RateLimitSnapshot, clockNow: number): void {
    if (snapshot.limit !== null) this.limit = snapshot.limit;
    if (snapshot.remaining === null || snapshot.resetAtMs === null) return;
    const resetAt = monotonicNow() + Math.max(0, snapshot.resetAtMs - clockNow);
    const sameWindow = this.resetAt !== null && Math.abs(this.resetAt - resetAt) < 1000;
    // Responses of concurrent requests arrive out of order: within one window keep the lowest.
    this.remaining =
      sameWindow && this.remaining !== null ? Math.min(this.remaining, snapshot.remaining) : snapshot.remaining;
    this.resetAt = resetAt;
  }

  /** Current view, for logs and tests. */
  snapshot(): { remaining: number | null; limit: number | null; blockedForMs: number } {
    return {
      remaining: this.remaining,
      limit: this.limit,
      blockedForMs: Math.max(0, this.blockedUntil - monotonicNow()),
    };
  }

  private threshold(slowDownAtMost: number | undefined): number {
    if (slowDownAtMost !== undefined) return slowDownAtMost;
    return Math.max(5, Math.ceil((this.limit ?? 0) * 0.1));
  }

  /**
   * Waits until this instance may send one request, and counts it against the budget.
   * `slowDownAtMost` is the caller's own policy (a bulk job may use the whole budget and wait
   * once at the reset, while interactive reads spread it), so it is passed per call rather than
   * fixed by whichever client of the instance happened to be created first.
   */
  async acquire(signal?: AbortSignal, slowDownAtMost?: number): Promise<void> {
    for (;;) {
      const now = monotonicNow();
      if (this.blockedUntil > now) {
        await sleep(this.blockedUntil - now, signal);
        continue;
      }
      if (this.remaining === null || this.resetAt === null) return;
      if (this.resetAt + SAFETY_MARGIN_MS <= now) {
        // Window over; the next response tells us the new budget.
        this.remaining = null;
        this.resetAt = null;
        return;
      }
      if (this.remaining <= 0) {
        await sleep(this.resetAt - now + SAFETY_MARGIN_MS, signal);
        this.remaining = null;
        this.resetAt = null;
        continue;
      }
      if (this.remaining <= this.threshold(slowDownAtMost)) {
        const interval = (this.resetAt - now) / this.remaining;
        const slot = Math.max(now, this.nextSlot);
        this.nextSlot = slot + interval;
        this.remaining -= 1;
        if (slot > now) await sleep(slot - now, signal);
        return;
      }
      this.remaining -= 1;
      return;
    }
  }
}
