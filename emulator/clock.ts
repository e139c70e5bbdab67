import type { EmulatorClock } from './types';

/**
 * A clock that never moves by itself: tests use it so token expiry and rate-limit windows change only when the
 * test says so.
 */
export function manualClock(startMs: number): { now(): number } {
  return { now: () => startMs };
}

/**
 * Wrap a base clock (real time by default) with an offset so advance()/set() work on any base clock.
 * Real time is the default because a demo server that runs for hours must see tokens expire and
 * rate-limit windows roll over.
 */
export function createEmulatorClock(base: { now(): number } = { now: () => Date.now() }): EmulatorClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    advance: (ms: number) => {
      offset += ms;
    },
    set: (ms: number) => {
      offset = ms - base.now();
    },
  };
}

/** Hub timestamps carry microseconds: 2021-01-05T21:06:53.506400Z. */
export function hubTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
