import { describe, expect, it } from 'vitest';

import { Semaphore } from './concurrency';

describe('Semaphore', () => {
  it('never exceeds its limit and serves waiters FIFO', async () => {
    const sem = new Semaphore(3);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const release = await sem.acquire();
        order.push(i);
        active += 1;
        peak = Math.max(peak, active);
        await Promise.resolve();
        await Promise.resolve();
        active -= 1;
        release();
        release(); // idempotent
      }),
    );
    expect(peak).toBe(3);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(sem.inFlight).toBe(0);
  });

  it('a raised limit lets waiters in', async () => {
    const sem = new Semaphore(1);
    const first = await sem.acquire();
    let got = false;
    const waiting = sem.acquire().then((r) => {
      got = true;
      return r;
    });
    sem.setLimit(2);
    (await waiting)();
    expect(got).toBe(true);
    first();
  });

  it('an aborted waiter leaves the queue', async () => {
    const sem = new Semaphore(1);
    const first = await sem.acquire();
    const controller = new AbortController();
    const waiting = sem.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    first();
    expect(sem.inFlight).toBe(0);
  });
});
