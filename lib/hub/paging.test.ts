import { describe, expect, it } from 'vitest';

import { HubError } from './errors';
import { dedupeBy, listAllPages, pageCount } from './paging';
import type { HubPage } from './types';

describe('paging helpers', () => {
  it('pageCount', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(100)).toBe(1);
    expect(pageCount(101)).toBe(2);
    expect(pageCount(10_000)).toBe(100);
  });

  it('dedupeBy keeps the first occurrence in order', () => {
    expect(dedupeBy(['a', 'b', 'a', 'c', 'b'], (x) => x)).toEqual(['a', 'b', 'c']);
  });
});

// An in-memory list served in pages, to exercise the fan-out logic without HTTP.
function pager(items: string[], opts: { shiftOnPage?: number; grow?: string[] } = {}) {
  const requested: number[] = [];
  const fetchPage = async (page: number, size: number): Promise<HubPage<string>> => {
    requested.push(page);
    let list = items;
    if (opts.shiftOnPage !== undefined && page >= opts.shiftOnPage) list = ['new', ...items];
    if (opts.grow !== undefined && page > 1) list = [...items, ...opts.grow];
    const start = (page - 1) * size;
    if (page > 1 && start >= list.length) throw new HubError({ code: 'not_found', message: 'nf', status: 404 });
    return { count: list.length, next: null, previous: null, results: list.slice(start, start + size) };
  };
  return { fetchPage, requested };
}

describe('listAllPages', () => {
  const items = Array.from({ length: 250 }, (_, i) => `t${i}`);

  it('requests exactly ceil(count/100) pages and keeps order', async () => {
    const p = pager(items);
    const progress: number[] = [];
    const all = await listAllPages(p.fetchPage, (x) => x, { onProgress: ({ loaded }) => progress.push(loaded) });
    expect(all).toEqual(items);
    expect([...p.requested].sort()).toEqual([1, 2, 3]);
    expect(progress.at(-1)).toBe(250);
  });

  it('de-duplicates items Hub shifted onto the next page', async () => {
    const p = pager(items, { shiftOnPage: 2 });
    const all = await listAllPages(p.fetchPage, (x) => x);
    expect(new Set(all).size).toBe(all.length);
    expect(all.slice(0, 100)).toEqual(items.slice(0, 100));
  });

  it('fetches extra pages when the count grew meanwhile', async () => {
    const grow = Array.from({ length: 60 }, (_, i) => `g${i}`);
    const p = pager(items, { grow });
    const all = await listAllPages(p.fetchPage, (x) => x);
    expect(all).toEqual([...items, ...grow]);
    expect(p.requested.filter((x) => x === 4)).toHaveLength(1);
  });

  it('propagates a failing page', async () => {
    const fetchPage = async (page: number): Promise<HubPage<string>> => {
      if (page === 2) throw new HubError({ code: 'unavailable', message: 'down' });
      return { count: 300, next: null, previous: null, results: items.slice(0, 100) };
    };
    await expect(listAllPages(fetchPage, (x) => x)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
