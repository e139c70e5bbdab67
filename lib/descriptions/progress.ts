// Progress arithmetic for a bulk job (done/total, rate, ETA). Pure and client-safe.

export interface JobCounts {
  total: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: number;
  cancelled: number;
}

/** Items with an outcome (anything but pending). */
export function doneCount(c: JobCounts): number {
  return c.updated + c.unchanged + c.failed + c.skipped + c.cancelled;
}

/**
 * Seconds left at the rate seen so far, or null before there is a rate. `processedThisRun` counts
 * items finished since `runStartedAt` (so a resumed job's rate is not inflated by earlier runs).
 */
export function etaSeconds(input: { remaining: number; processedThisRun: number; runStartedAt: number | null; now: number; rateLimitedUntil?: number | null }): number | null {
  if (input.remaining <= 0) return 0;
  if (input.runStartedAt === null || input.processedThisRun <= 0) return null;
  const elapsed = Math.max(1, input.now - input.runStartedAt);
  const perItem = elapsed / input.processedThisRun;
  const wait = input.rateLimitedUntil != null && input.rateLimitedUntil > input.now ? input.rateLimitedUntil - input.now : 0;
  return Math.ceil((perItem * input.remaining + wait) / 1000);
}

/** "1 h 2 min", "3 min 5 s", "12 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
