import { describe, expect, it } from 'vitest';
import { HubCache } from './hub-cache';

function setup(ttlMs = 30_000) {
  let now = 1_000_000;
  const cache = new HubCache({ ttlMs: () => ttlMs, now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('HubCache', () => {
  it('serves a fresh value from the cache and reloads after the TTL', async () => {
    const { cache, advance } = setup();
    let loads = 0;
    const load = async () => ++loads;
    expect((await cache.get('i1', 'k', load)).value).toBe(1);
    const hit = await cache.get('i1', 'k', load);
    expect(hit).toMatchObject({ value: 1, cached: true });
    advance(30_000);
    expect((await cache.get('i1', 'k', load)).value).toBe(2);
  });

  it('never shares entries across instances', async () => {
    const { cache } = setup();
    await cache.get('i1', 'k', async () => 'one');
    const other = await cache.get('i2', 'k', async () => 'two');
    expect(other).toMatchObject({ value: 'two', cached: false });
  });

  it('bypasses a stored value on refresh', async () => {
    const { cache } = setup();
    await cache.get('i1', 'k', async () => 'old');
    expect((await cache.get('i1', 'k', async () => 'new', { refresh: true })).value).toBe('new');
    expect((await cache.get('i1', 'k', async () => 'newer')).value).toBe('new');
  });

  it('runs one load for concurrent misses and shares its progress', async () => {
    const { cache } = setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let loads = 0;
    const seen: number[] = [];
    const load = async (report: (p: number) => void) => {
      loads += 1;
      report(1);
      await gate;
      report(2);
      return 'v';
    };
    const a = cache.get('i1', 'k', load, { onProgress: (p) => seen.push(p) });
    const b = cache.get('i1', 'k', load, { refresh: true, onProgress: (p) => seen.push(p * 10) });
    release();
    expect((await a).value).toBe('v');
    expect((await b).value).toBe('v');
    expect(loads).toBe(1);
    expect(seen).toEqual([1, 10, 2, 20]);
  });

  it('does not cache failures', async () => {
    const { cache } = setup();
    await expect(cache.get('i1', 'k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await cache.get('i1', 'k', async () => 'ok')).value).toBe('ok');
  });

  it('keeps the old value when a refresh fails', async () => {
    const { cache } = setup();
    await cache.get('i1', 'k', async () => 'old');
    await expect(cache.get('i1', 'k', async () => Promise.reject(new Error('down')), { refresh: true })).rejects.toThrow('down');
    expect(cache.peek('i1', 'k')?.value).toBe('old');
  });

  it('drops an instance\'s entries when its generation changes, and on invalidate', async () => {
    const { cache } = setup();
    await cache.get('i1', 'a', async () => 1, { generation: 'g1' });
    await cache.get('i1', 'tags:x', async () => 1, { generation: 'g1' });
    expect((await cache.get('i1', 'a', async () => 2, { generation: 'g2' })).value).toBe(2);
    expect(cache.peek('i1', 'tags:x')).toBeNull();
    await cache.get('i1', 'tags:y', async () => 3, { generation: 'g2' });
    cache.invalidate('i1', 'tags:');
    expect(cache.peek('i1', 'tags:y')).toBeNull();
    expect(cache.peek('i1', 'a')?.value).toBe(2);
  });

  it('does not store anything with a TTL of 0', async () => {
    const { cache } = setup(0);
    let loads = 0;
    await cache.get('i1', 'k', async () => ++loads);
    await cache.get('i1', 'k', async () => ++loads);
    expect(loads).toBe(2);
  });

  it('evicts least recently used entries past the cap', async () => {
    let now = 0;
    const cache = new HubCache({ ttlMs: () => 60_000, now: () => now, maxEntriesPerInstance: 2 });
    await cache.get('i', 'a', async () => 'a');
    now += 1;
    await cache.get('i', 'b', async () => 'b');
    await cache.get('i', 'a', async () => 'a2'); // touch a
    await cache.get('i', 'c', async () => 'c');
    expect(cache.peek('i', 'b')).toBeNull();
    expect(cache.peek('i', 'a')?.value).toBe('a');
  });
});
