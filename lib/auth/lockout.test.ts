import { describe, expect, it } from 'vitest';
import {
  isLocked,
  lockDurationMs,
  lockedUntilFor,
  LOCKOUT_BASE_MS,
  LOCKOUT_MAX_MS,
  LOCKOUT_THRESHOLD,
} from './lockout';

describe('lockout back-off', () => {
  it('does not lock before the fifth consecutive failure', () => {
    for (let n = 0; n < LOCKOUT_THRESHOLD; n += 1) expect(lockDurationMs(n)).toBe(0);
  });

  it('locks for a minute at five failures, doubling each further failure', () => {
    expect(LOCKOUT_THRESHOLD).toBe(5);
    expect(lockDurationMs(5)).toBe(60_000);
    expect(lockDurationMs(6)).toBe(120_000);
    expect(lockDurationMs(7)).toBe(240_000);
    expect(lockDurationMs(10)).toBe(LOCKOUT_BASE_MS * 32);
  });

  it('caps the lock at one hour, even for huge counts', () => {
    expect(lockDurationMs(11)).toBe(LOCKOUT_MAX_MS);
    expect(lockDurationMs(1_000_000)).toBe(60 * 60_000);
  });

  it('computes the lock end from a given clock and tells whether it is in force', () => {
    const until = lockedUntilFor(5, 1_000);
    expect(until?.getTime()).toBe(61_000);
    expect(lockedUntilFor(4, 1_000)).toBeNull();
    expect(isLocked(until, 60_999)).toBe(true);
    expect(isLocked(until, 61_000)).toBe(false);
    expect(isLocked(null, 0)).toBe(false);
  });
});
