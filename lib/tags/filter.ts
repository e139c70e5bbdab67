// Combines the tag filters into one predicate. Pure and client-safe.
import type { DigestIndex } from './digest-groups';
import { compileNameFilter } from './name-filter';
import type { TagFilter, TagRow } from './types';

export type CompiledTagFilter =
  | { ok: true; active: boolean; test: (tag: TagRow) => boolean }
  | { ok: false; field: 'name' | 'digest'; error: string };

const HEX_PREFIX = /^(?:sha256:)?[0-9a-f]{7,64}$/i;

function normaliseDigest(value: string): string {
  const v = value.trim().toLowerCase();
  return v.startsWith('sha256:') ? v : `sha256:${v}`;
}

/** True when no filter is set. */
export function isEmptyFilter(filter: TagFilter): boolean {
  return (
    (filter.name ?? '').trim() === '' &&
    filter.pushedAfter == null &&
    filter.pushedBefore == null &&
    filter.pulledBefore == null &&
    !filter.neverPulled &&
    (filter.architectures ?? []).length === 0 &&
    !filter.sharedDigest &&
    (filter.digest ?? '').trim() === ''
  );
}

/**
 * Compiles `filter` into a predicate. `index` (from buildDigestIndex over all tags) is needed for
 * the shared-digest filter. Returns `{ ok: false, error }` for an invalid name pattern or digest so
 * the UI can show the message in place instead of failing.
 */
export function compileTagFilter(filter: TagFilter, index?: DigestIndex): CompiledTagFilter {
  const name = compileNameFilter(filter.name ?? '');
  if (!name.ok) return { ok: false, field: 'name', error: name.error };

  let digest: string | null = null;
  const rawDigest = (filter.digest ?? '').trim();
  if (rawDigest !== '') {
    if (!HEX_PREFIX.test(rawDigest)) {
      return { ok: false, field: 'digest', error: 'A digest is sha256: followed by hex characters (at least 7).' };
    }
    digest = normaliseDigest(rawDigest);
  }

  const checks: Array<(tag: TagRow) => boolean> = [];
  if (name.kind !== 'all') checks.push((t) => name.test(t.name));
  if (digest !== null) {
    const d = digest;
    checks.push((t) => t.digest !== null && t.digest.toLowerCase().startsWith(d));
  }
  const { pushedAfter, pushedBefore, pulledBefore } = filter;
  if (pushedAfter != null) checks.push((t) => t.lastPushed !== null && t.lastPushed >= pushedAfter);
  if (pushedBefore != null) checks.push((t) => t.lastPushed !== null && t.lastPushed < pushedBefore);
  if (pulledBefore != null && filter.neverPulled) {
    checks.push((t) => t.lastPulled === null || t.lastPulled < pulledBefore);
  } else if (pulledBefore != null) {
    checks.push((t) => t.lastPulled !== null && t.lastPulled < pulledBefore);
  } else if (filter.neverPulled) {
    checks.push((t) => t.lastPulled === null);
  }
  const archs = filter.architectures ?? [];
  if (archs.length > 0) {
    const wanted = new Set(archs);
    checks.push((t) => t.architectures.some((a) => wanted.has(a)));
  }
  if (filter.sharedDigest) {
    const shared = index?.shared ?? new Map<string, unknown>();
    checks.push((t) => t.digest !== null && shared.has(t.digest));
  }

  if (checks.length === 0) return { ok: true, active: false, test: () => true };
  return { ok: true, active: true, test: (tag) => checks.every((check) => check(tag)) };
}

export type FilterResult<T extends TagRow> =
  | { ok: true; rows: T[] }
  | { ok: false; field: 'name' | 'digest'; error: string; rows: T[] };

/**
 * Filters `tags` (order preserved). On an invalid pattern every row is returned together with the
 * error, so the table stays usable while the message is shown.
 */
export function filterTags<T extends TagRow>(tags: readonly T[], filter: TagFilter, index?: DigestIndex): FilterResult<T> {
  const compiled = compileTagFilter(filter, index);
  if (!compiled.ok) return { ok: false, field: compiled.field, error: compiled.error, rows: tags.slice() };
  if (!compiled.active) return { ok: true, rows: tags.slice() };
  return { ok: true, rows: tags.filter(compiled.test) };
}

/** Every architecture present in `tags`, sorted, with how many tags have it. */
export function architectureCounts(tags: readonly TagRow[]): Array<{ architecture: string; count: number }> {
  const counts = new Map<string, number>();
  for (const tag of tags) for (const a of tag.architectures) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts.entries()]
    .map(([architecture, count]) => ({ architecture, count }))
    .sort((a, b) => a.architecture.localeCompare(b.architecture));
}
