// The safety summary of a deletion: which selected tags are blocked (protected patterns, gone,
// no digest), which share their digest with a tag that stays (deleting them frees nothing), which
// were pulled recently, and how much storage is really freed. Pure: the server computes it from
// fresh Hub data at submit time, and again for display; nothing here trusts the client.
import { globToRegExp } from '@/lib/tags/name-filter';
import type { TagRow } from '@/lib/tags/types';
import type { BlockedTag, SafetySummary, SafetyTag, TagWarning } from './types';

const DAY_MS = 86_400_000;

export interface SafetyInput {
  namespace: string;
  repository: string;
  /** Tag names the requester selected (unique). */
  selected: readonly string[];
  /** Every tag of the repository as Hub reports it now. */
  tags: readonly TagRow[];
  protectedPatterns: readonly string[];
  recentPullDays: number;
  now: number;
}

/** The protected pattern `tag` matches, or null. Patterns are globs (`latest`, `v*`, `release-?`). */
export function protectedPatternFor(tag: string, patterns: readonly string[]): string | null {
  for (const pattern of patterns) {
    const p = pattern.trim();
    if (p === '') continue;
    let matches: boolean;
    try {
      matches = globToRegExp(p).test(tag);
    } catch {
      // An unparseable pattern protects the literal name, never less.
      matches = p === tag;
    }
    if (matches) return p;
  }
  return null;
}

/** Computes the summary; `requestable` keeps the order of `selected`. */
export function computeSafetySummary(input: SafetyInput): SafetySummary {
  const byName = new Map(input.tags.map((t) => [t.name, t]));
  const selected = [...new Set(input.selected)];
  const blocked: BlockedTag[] = [];
  const candidates: TagRow[] = [];
  for (const name of selected) {
    const tag = byName.get(name);
    if (tag === undefined) {
      blocked.push({ tag: name, reason: 'not_found', detail: 'no longer exists on Docker Hub' });
      continue;
    }
    const pattern = protectedPatternFor(name, input.protectedPatterns);
    if (pattern !== null) {
      blocked.push({ tag: name, reason: 'protected', detail: `matches protected pattern "${pattern}"` });
      continue;
    }
    if (tag.digest === null || tag.digest === '') {
      blocked.push({
        tag: name,
        reason: 'no_digest',
        detail: "Docker Hub reports no digest for it, so Hubkeeper can't check it is unchanged before deleting",
      });
      continue;
    }
    candidates.push(tag);
  }

  const leaving = new Set(candidates.map((t) => t.name));
  // Digest -> tags that stay (everything not being deleted, blocked ones included).
  const staying = new Map<string, string[]>();
  for (const t of input.tags) {
    if (leaving.has(t.name) || t.digest === null || t.digest === '') continue;
    const list = staying.get(t.digest);
    if (list === undefined) staying.set(t.digest, [t.name]);
    else list.push(t.name);
  }

  const recentSince = input.now - input.recentPullDays * DAY_MS;
  const requestable: SafetyTag[] = [];
  const sharedDigest: SafetySummary['sharedDigest'] = [];
  const recentlyPulled: SafetySummary['recentlyPulled'] = [];
  const freed = new Map<string, number | null>();
  for (const t of candidates) {
    const digest = t.digest as string;
    const warnings: TagWarning[] = [];
    const sharedWith = staying.get(digest) ?? [];
    if (sharedWith.length > 0) {
      warnings.push('shared_digest');
      sharedDigest.push({ tag: t.name, sharedWith });
    } else if (!freed.has(digest) || freed.get(digest) === null) {
      freed.set(digest, t.size);
    }
    if (input.recentPullDays > 0 && t.lastPulled !== null && t.lastPulled >= recentSince) {
      warnings.push('recently_pulled');
      recentlyPulled.push({ tag: t.name, lastPulled: t.lastPulled });
    }
    requestable.push({
      tag: t.name,
      digest,
      architectures: t.architectures,
      size: t.size,
      lastPushed: t.lastPushed,
      lastPulled: t.lastPulled,
      warnings,
      sharedWith,
    });
  }

  let freedBytes = 0;
  let unknownSizeDigests = 0;
  for (const size of freed.values()) {
    if (size === null) unknownSizeDigests += 1;
    else freedBytes += size;
  }

  return {
    namespace: input.namespace,
    repository: input.repository,
    requestable,
    blocked,
    sharedDigest,
    recentlyPulled,
    recentPullDays: input.recentPullDays,
    protectedPatterns: [...input.protectedPatterns],
    storage: { freedDigests: freed.size, freedBytes, unknownSizeDigests },
    repositoryTagCount: input.tags.length,
    computedAt: input.now,
  };
}
