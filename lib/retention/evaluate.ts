// The retention evaluator: which tags of one repository a set of policies would delete, and why
// every other tag is kept. Pure and deterministic: it takes `now` as input and never reads the
// clock, so the tester, a scheduled run and the property tests all get the same answer for the
// same tags.
//
// Per policy, a tag is selected when (in this order of precedence for the reason it is kept):
//   not protected (policy + instance patterns) · not excluded · matched by an include pattern (if
//   any) · the policy has a rule that can delete · not among the newest N selected-by-name tags ·
//   pushed more than N days ago · pulled more than N days ago or never · has a digest.
// Across policies covering the repository, a tag is deleted only when EVERY policy selects it.
// Then, if any covering policy keeps shared digests, a selected tag whose digest is also used by
// a kept tag is kept too (deleting it would free nothing and the image stays anyway).
import type { TagRow } from '@/lib/tags/types';
import { compileInstanceProtected, compilePattern, firstMatch, type CompiledPattern } from './patterns';
import {
  emptyKeptByReason,
  KEEP_REASON_LABELS,
  type KeepReason,
  type RepositoryEvaluation,
  type RetentionRules,
  type TagDecision,
} from './types';

const DAY_MS = 86_400_000;

/** A policy ready to evaluate (patterns compiled once per evaluation, not per tag). */
export interface EvaluatorPolicy {
  id: string;
  name: string;
  rules: RetentionRules;
}

interface CompiledPolicy {
  id: string;
  name: string;
  rules: RetentionRules;
  include: CompiledPattern[];
  exclude: CompiledPattern[];
  protect: CompiledPattern[];
  canDelete: boolean;
}

export interface EvaluateInput {
  namespace: string;
  repository: string;
  /** Every tag of the repository. */
  tags: readonly TagRow[];
  /**
   * The enabled policies covering this repository. The first one is the policy being tested or
   * run: reasons are worded from its point of view.
   */
  policies: readonly EvaluatorPolicy[];
  /** Instance.protectedTagPatterns (globs). */
  instanceProtected: readonly string[];
  /** ms epoch the ages are measured from. */
  now: number;
  /** Tags already in an open deletion request: never requested twice. */
  alreadyRequested?: ReadonlySet<string>;
}

/** Whether a rule set has anything that can select a tag; a policy with none deletes nothing. */
export function hasDeletingRule(rules: RetentionRules): boolean {
  return (
    rules.tagInclude.length > 0 ||
    rules.pushedOlderThanDays !== null ||
    rules.pulledOlderThanDays !== null ||
    rules.keepNewest !== null
  );
}

function compilePolicy(p: EvaluatorPolicy, instanceProtected: readonly CompiledPattern[]): CompiledPolicy {
  return {
    id: p.id,
    name: p.name,
    rules: p.rules,
    include: p.rules.tagInclude.map(compilePattern),
    exclude: p.rules.tagExclude.map(compilePattern),
    // An invalid protected pattern protects its literal text (never less), like the instance's.
    protect: [
      ...instanceProtected,
      ...p.rules.protectedPatterns.map((raw) => {
        const c = compilePattern(raw);
        return c.ok
          ? c
          : ({ ok: true, kind: 'exact', source: c.source, test: (name: string) => name === c.source } as const);
      }),
    ],
    canDelete: hasDeletingRule(p.rules),
  };
}

type Verdict = { select: true; detail: string } | { select: false; reason: KeepReason; detail: string };

/** Newest first by last push; unknown push times count as oldest; ties by name (deterministic). */
function newestFirst(a: TagRow, b: TagRow): number {
  const pa = a.lastPushed ?? Number.NEGATIVE_INFINITY;
  const pb = b.lastPushed ?? Number.NEGATIVE_INFINITY;
  if (pa !== pb) return pb - pa;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function days(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

function ageWords(tag: TagRow, now: number): string {
  const pushed = tag.lastPushed === null ? 'push date unknown' : `pushed ${days(now - tag.lastPushed)} days ago`;
  const pulled = tag.lastPulled === null ? 'never pulled' : `last pulled ${days(now - tag.lastPulled)} days ago`;
  return `${pushed}, ${pulled}`;
}

/** One policy's verdict on every tag of a repository. */
function judge(policy: CompiledPolicy, tags: readonly TagRow[], now: number): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  const byName: TagRow[] = [];
  for (const tag of tags) {
    const protectedBy = firstMatch(policy.protect, tag.name);
    if (protectedBy !== null) {
      out.set(tag.name, { select: false, reason: 'protected', detail: `matches protected pattern "${protectedBy}"` });
      continue;
    }
    const excludedBy = firstMatch(policy.exclude, tag.name);
    if (excludedBy !== null) {
      out.set(tag.name, {
        select: false,
        reason: 'excluded_by_pattern',
        detail: `matches exclude pattern "${excludedBy}"`,
      });
      continue;
    }
    if (policy.include.length > 0 && firstMatch(policy.include, tag.name) === null) {
      out.set(tag.name, {
        select: false,
        reason: 'not_matched_by_include',
        detail: 'matches none of the include patterns',
      });
      continue;
    }
    byName.push(tag);
  }
  const keepNewest = policy.rules.keepNewest ?? 0;
  const newest = new Map<string, number>();
  [...byName].sort(newestFirst).forEach((t, i) => {
    if (i < keepNewest) newest.set(t.name, i + 1);
  });
  const pushedDays = policy.rules.pushedOlderThanDays;
  const pulledDays = policy.rules.pulledOlderThanDays;
  for (const tag of byName) {
    if (!policy.canDelete) {
      out.set(tag.name, {
        select: false,
        reason: 'no_delete_rule',
        detail: 'the policy has no rule that selects tags',
      });
      continue;
    }
    const rank = newest.get(tag.name);
    if (rank !== undefined) {
      out.set(tag.name, { select: false, reason: 'within_newest', detail: `#${rank} of the newest ${keepNewest}` });
      continue;
    }
    if (pushedDays !== null) {
      if (tag.lastPushed === null) {
        out.set(tag.name, { select: false, reason: 'too_recent', detail: 'push date unknown' });
        continue;
      }
      if (now - tag.lastPushed <= pushedDays * DAY_MS) {
        out.set(tag.name, {
          select: false,
          reason: 'too_recent',
          detail: `pushed ${days(now - tag.lastPushed)} days ago (rule: more than ${pushedDays})`,
        });
        continue;
      }
    }
    if (pulledDays !== null && tag.lastPulled !== null && now - tag.lastPulled <= pulledDays * DAY_MS) {
      out.set(tag.name, {
        select: false,
        reason: 'pulled_recently',
        detail: `pulled ${days(now - tag.lastPulled)} days ago (rule: more than ${pulledDays} or never)`,
      });
      continue;
    }
    if (tag.digest === null || tag.digest === '') {
      out.set(tag.name, {
        select: false,
        reason: 'no_digest',
        detail: 'Docker Hub reports no digest, so the deletion could not be checked before it runs',
      });
      continue;
    }
    out.set(tag.name, { select: true, detail: ageWords(tag, now) });
  }
  return out;
}

/** Evaluates one repository against the policies covering it. */
export function evaluateRepository(input: EvaluateInput): RepositoryEvaluation {
  const instanceProtected = compileInstanceProtected(input.instanceProtected);
  const policies = input.policies.map((p) => compilePolicy(p, instanceProtected));
  // Duplicate names (Hub never returns them) would make decisions ambiguous: the first one wins.
  const seen = new Set<string>();
  const tags = input.tags.filter((t) => (seen.has(t.name) ? false : (seen.add(t.name), true)));
  const verdicts = policies.map((p) => judge(p, tags, input.now));

  const decisions = new Map<string, { action: 'delete' | 'keep'; reason: KeepReason | null; detail: string }>();
  for (const tag of tags) {
    if (policies.length === 0) {
      decisions.set(tag.name, {
        action: 'keep',
        reason: 'no_delete_rule',
        detail: 'no enabled policy covers this repository',
      });
      continue;
    }
    const own = verdicts[0]?.get(tag.name);
    if (own !== undefined && !own.select) {
      decisions.set(tag.name, { action: 'keep', reason: own.reason, detail: own.detail });
      continue;
    }
    let keptByOther: string | null = null;
    for (let i = 1; i < policies.length && keptByOther === null; i += 1) {
      const v = verdicts[i]?.get(tag.name);
      if (v !== undefined && !v.select)
        keptByOther = `policy "${policies[i]?.name ?? ''}": ${KEEP_REASON_LABELS[v.reason]} (${v.detail})`;
    }
    if (keptByOther !== null) {
      decisions.set(tag.name, { action: 'keep', reason: 'kept_by_other_policy', detail: keptByOther });
      continue;
    }
    if (input.alreadyRequested?.has(tag.name)) {
      decisions.set(tag.name, {
        action: 'keep',
        reason: 'already_requested',
        detail: 'already in an open deletion request',
      });
      continue;
    }
    decisions.set(tag.name, { action: 'delete', reason: null, detail: own?.select ? own.detail : '' });
  }

  // Shared digests: one pass suffices, because every tag of a kept digest is kept by it.
  if (policies.some((p) => p.rules.keepSharedDigest)) {
    const keptDigestOwner = new Map<string, string>();
    for (const tag of tags) {
      if (tag.digest === null || tag.digest === '') continue;
      if (decisions.get(tag.name)?.action === 'keep' && !keptDigestOwner.has(tag.digest))
        keptDigestOwner.set(tag.digest, tag.name);
    }
    for (const tag of tags) {
      const d = decisions.get(tag.name);
      if (d?.action !== 'delete' || tag.digest === null) continue;
      const owner = keptDigestOwner.get(tag.digest);
      if (owner !== undefined)
        decisions.set(tag.name, {
          action: 'keep',
          reason: 'shared_digest',
          detail: `same digest as kept tag "${owner}"`,
        });
    }
  }

  const out: TagDecision[] = [];
  const kept = emptyKeptByReason();
  let toDelete = 0;
  for (const tag of tags) {
    const d = decisions.get(tag.name) ?? { action: 'keep' as const, reason: 'no_delete_rule' as const, detail: '' };
    if (d.action === 'delete') toDelete += 1;
    else if (d.reason !== null) kept[d.reason] += 1;
    out.push({
      name: tag.name,
      digest: tag.digest,
      size: tag.size,
      lastPushed: tag.lastPushed,
      lastPulled: tag.lastPulled,
      action: d.action,
      reason: d.action === 'delete' ? null : d.reason,
      detail: d.detail,
    });
  }
  const storage = freedStorage(tags, new Set(out.filter((t) => t.action === 'delete').map((t) => t.name)));
  return {
    namespace: input.namespace,
    repository: input.repository,
    tags: out,
    total: tags.length,
    toDelete,
    kept,
    ...storage,
  };
}

/** Digests that no remaining tag references once `deleted` are gone, and their bytes. */
export function freedStorage(
  tags: readonly TagRow[],
  deleted: ReadonlySet<string>,
): { freedDigests: number; freedBytes: number; unknownSizeDigests: number } {
  const remaining = new Set<string>();
  for (const t of tags) if (!deleted.has(t.name) && t.digest) remaining.add(t.digest);
  const freed = new Map<string, number | null>();
  for (const t of tags) {
    if (!deleted.has(t.name) || !t.digest || remaining.has(t.digest)) continue;
    const known = freed.get(t.digest);
    if (known === undefined || known === null) freed.set(t.digest, t.size);
  }
  let freedBytes = 0;
  let unknownSizeDigests = 0;
  for (const size of freed.values()) {
    if (size === null) unknownSizeDigests += 1;
    else freedBytes += size;
  }
  return { freedDigests: freed.size, freedBytes, unknownSizeDigests };
}

/** Safety stop: would this repository lose more than `maxPercent`% of its tags, or all of them? */
export function safetyStop(
  evaluation: Pick<RepositoryEvaluation, 'total' | 'toDelete'>,
  maxPercent: number,
): string | null {
  const { total, toDelete } = evaluation;
  if (total === 0 || toDelete === 0) return null;
  if (toDelete >= total) return `would delete all ${total} tags`;
  if (toDelete * 100 > total * maxPercent) {
    return `would delete ${toDelete} of ${total} tags (${Math.round((toDelete * 1000) / total) / 10}%, more than ${maxPercent}%)`;
  }
  return null;
}
