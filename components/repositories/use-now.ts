'use client';

import { useEffect, useState } from 'react';

// One shared ticking clock per interval, so 10,000 rows do not each start a timer.
const clocks = new Map<number, { now: number; listeners: Set<(n: number) => void>; timer: ReturnType<typeof setInterval> | null }>();

function subscribe(intervalMs: number, listener: (n: number) => void): () => void {
  let clock = clocks.get(intervalMs);
  if (clock === undefined) {
    clock = { now: Date.now(), listeners: new Set(), timer: null };
    clocks.set(intervalMs, clock);
  }
  const c = clock;
  c.listeners.add(listener);
  if (c.timer === null) {
    c.timer = setInterval(() => {
      c.now = Date.now();
      for (const l of c.listeners) l(c.now);
    }, intervalMs);
  }
  return () => {
    c.listeners.delete(listener);
    if (c.listeners.size === 0 && c.timer !== null) {
      clearInterval(c.timer);
      c.timer = null;
    }
  };
}

/** The current time (ms), re-rendering every `intervalMs`. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => subscribe(intervalMs, setNow), [intervalMs]);
  return now;
}
