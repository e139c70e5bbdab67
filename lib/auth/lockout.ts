// Brute-force back-off, shared by accounts and by unknown emails (SignInThrottle) so the two
// behave identically and a lockout never reveals whether an email has an account.

/** Consecutive failures that lock an account (or an unknown email). */
export const LOCKOUT_THRESHOLD = 5;
/** First lock lasts a minute; each further failure after a lock doubles it... */
export const LOCKOUT_BASE_MS = 60_000;
/** ...up to an hour. */
export const LOCKOUT_MAX_MS = 60 * 60_000;

/** How long to lock after `failedSignIns` consecutive failures (0 = not locked). */
export function lockDurationMs(failedSignIns: number): number {
  if (failedSignIns < LOCKOUT_THRESHOLD) return 0;
  const doublings = Math.min(failedSignIns - LOCKOUT_THRESHOLD, 16);
  return Math.min(LOCKOUT_BASE_MS * 2 ** doublings, LOCKOUT_MAX_MS);
}

/** The lock end for `failedSignIns` failures counted at `nowMs`, or null when not locked. */
export function lockedUntilFor(failedSignIns: number, nowMs: number): Date | null {
  const ms = lockDurationMs(failedSignIns);
  return ms > 0 ? new Date(nowMs + ms) : null;
}

/** Whether a stored lock is still in force at `nowMs`. */
export function isLocked(lockedUntil: Date | null, nowMs: number): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > nowMs;
}
