// Tags that point at the same digest are one image under several names: deleting one of them
// frees no storage. This index tells the table which tags share a digest and how to mark them.
import type { TagRow } from './types';

export interface DigestGroup {
  digest: string;
  /** Tag names with this digest, in input order. */
  tags: string[];
  /** 0-based ordinal among the shared groups (stable for a given tag list), for colour marking. */
  ordinal: number;
}

export interface DigestIndex {
  /** Only digests used by two or more tags. */
  shared: Map<string, DigestGroup>;
  /** Number of tags whose digest is shared with at least one other tag. */
  sharedTagCount: number;
}

/** Builds the shared-digest index over every tag of a repository (not just the filtered ones). */
export function buildDigestIndex(tags: readonly TagRow[]): DigestIndex {
  const byDigest = new Map<string, string[]>();
  for (const tag of tags) {
    if (tag.digest === null || tag.digest === '') continue;
    const list = byDigest.get(tag.digest);
    if (list === undefined) byDigest.set(tag.digest, [tag.name]);
    else list.push(tag.name);
  }
  const shared = new Map<string, DigestGroup>();
  let sharedTagCount = 0;
  for (const [digest, names] of byDigest) {
    if (names.length < 2) continue;
    shared.set(digest, { digest, tags: names, ordinal: shared.size });
    sharedTagCount += names.length;
  }
  return { shared, sharedTagCount };
}

/** The other tags with the same digest as `tag` (empty when its digest is unique or unknown). */
export function siblingsOf(index: DigestIndex, tag: Pick<TagRow, 'name' | 'digest'>): string[] {
  if (tag.digest === null) return [];
  const group = index.shared.get(tag.digest);
  return group === undefined ? [] : group.tags.filter((n) => n !== tag.name);
}

/** `sha256:0123456789ab…` → `0123456789ab` (12 hex characters, like `docker images`). */
export function shortDigest(digest: string | null): string {
  if (digest === null || digest === '') return '';
  const hex = digest.includes(':') ? digest.slice(digest.indexOf(':') + 1) : digest;
  return hex.slice(0, 12);
}
