import 'server-only';

import { setMaxListeners } from 'node:events';

import { isHubError } from './errors';
import type { HubListProgress, HubPage } from './types';

/** Hub's maximum page size; listing everything always uses it. */
export const MAX_PAGE_SIZE = 100;

/** Number of pages needed for `count` items at `pageSize` per page. */
export function pageCount(count: number, pageSize: number = MAX_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** Keeps the first occurrence of each key, preserving order (Hub may shift items across pages). */
export function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

export interface ListAllOptions {
  onProgress?: (progress: HubListProgress) => void;
  signal?: AbortSignal;
}

/**
 * Lists every item: page 1 (size 100) gives `count`, then pages 2..ceil(count/100) are requested
 * all at once (the per-instance read cap decides how many are really in flight) instead of
 * following `next` one by one. Results come back in Hub's order, de-duplicated by `key`.
 * If a later page reports a larger count (items were added meanwhile), the extra pages are fetched
 * too; a 404 on a page past the end (items were removed) counts as an empty page.
 */
export async function listAllPages<T>(
  fetchPage: (page: number, pageSize: number, signal: AbortSignal) => Promise<HubPage<T>>,
  key: (item: T) => string,
  opts: ListAllOptions = {},
): Promise<T[]> {
  const controller = new AbortController();
  const signal = opts.signal === undefined ? controller.signal : AbortSignal.any([controller.signal, opts.signal]);
  // Every queued page listens on this one signal (semaphore wait + fetch); that is by design.
  setMaxListeners(0, signal);
  const first = await fetchPage(1, MAX_PAGE_SIZE, signal);
  const pages: T[][] = [first.results];
  let total = first.count;
  let loaded = first.results.length;
  opts.onProgress?.({ loaded: Math.min(loaded, total), total });

  const fetchRest = async (from: number, to: number): Promise<number> => {
    let maxCount = 0;
    const jobs: Promise<void>[] = [];
    for (let page = from; page <= to; page += 1) {
      jobs.push(
        (async () => {
          let result: HubPage<T>;
          try {
            result = await fetchPage(page, MAX_PAGE_SIZE, signal);
          } catch (err) {
            if (isHubError(err, 'not_found')) {
              pages[page - 1] = [];
              return;
            }
            throw err;
          }
          pages[page - 1] = result.results;
          maxCount = Math.max(maxCount, result.count);
          loaded += result.results.length;
          opts.onProgress?.({ loaded: Math.min(loaded, Math.max(total, loaded)), total: Math.max(total, loaded) });
        })(),
      );
    }
    try {
      await Promise.all(jobs);
    } catch (err) {
      // Stop the pages still queued behind the read cap; their rejections are already handled
      // by Promise.all.
      controller.abort();
      throw err;
    }
    return maxCount;
  };

  let fetchedPages = pageCount(total);
  let grownCount = await fetchRest(2, fetchedPages);
  while (pageCount(grownCount) > fetchedPages) {
    total = grownCount;
    const upTo = pageCount(grownCount);
    grownCount = await fetchRest(fetchedPages + 1, upTo);
    fetchedPages = upTo;
  }

  const all: T[] = [];
  for (const chunk of pages) if (chunk !== undefined) all.push(...chunk);
  return dedupeBy(all, key);
}
