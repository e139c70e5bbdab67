// Sorting for the tags table: every column sortable, ties broken by name, unknown values last.
import type { TagRow, TagSort, TagSortKey } from './types';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural, case-insensitive name order (v1.9 < v1.10). */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function compareNullable<V>(a: V | null, b: V | null, cmp: (x: V, y: V) => number, dir: number, nullsFirst: boolean): number {
  if (a === null && b === null) return 0;
  if (a === null) return nullsFirst ? -dir : 1;
  if (b === null) return nullsFirst ? dir : -1;
  return cmp(a, b) * dir;
}

const num = (x: number, y: number): number => x - y;
const str = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Returns a comparator for `sort`. Missing values (unknown size, no digest…) stay at the end in
 * both directions, except `lastPulled`, where null means "never pulled": the oldest possible value,
 * first when ascending and last when descending.
 */
export function tagComparator(sort: TagSort): (a: TagRow, b: TagRow) => number {
  const dir = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: TagRow, b: TagRow): number => compareNames(a.name, b.name);
  const primary: Record<TagSortKey, (a: TagRow, b: TagRow) => number> = {
    name: (a, b) => byName(a, b) * dir,
    digest: (a, b) => compareNullable(a.digest, b.digest, str, dir, false),
    architectures: (a, b) =>
      compareNullable(a.architectures.length ? a.architectures.join(',') : null, b.architectures.length ? b.architectures.join(',') : null, str, dir, false),
    size: (a, b) => compareNullable(a.size, b.size, num, dir, false),
    lastPushed: (a, b) => compareNullable(a.lastPushed, b.lastPushed, num, dir, false),
    lastPulled: (a, b) => compareNullable(a.lastPulled, b.lastPulled, num, dir, true),
    status: (a, b) => compareNullable(a.status, b.status, str, dir, false),
  };
  const first = primary[sort.key];
  if (sort.key === 'name') return first;
  return (a, b) => first(a, b) || byName(a, b);
}

/** Returns a new sorted array; the input is not changed. */
export function sortTags<T extends TagRow>(tags: readonly T[], sort: TagSort): T[] {
  return tags.slice().sort(tagComparator(sort));
}

export const TAG_SORT_KEYS: readonly TagSortKey[] = ['name', 'digest', 'architectures', 'size', 'lastPushed', 'lastPulled', 'status'];

/** The direction a column starts with when first clicked: newest/largest first for dates and sizes. */
export function defaultDirection(key: TagSortKey): 'asc' | 'desc' {
  return key === 'size' || key === 'lastPushed' || key === 'lastPulled' ? 'desc' : 'asc';
}
