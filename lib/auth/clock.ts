/** Injectable time source (ms since epoch) so lockout windows are testable without waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
