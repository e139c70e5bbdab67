import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TagRow } from '@/lib/tags/types';
import { evaluateRepository, freedStorage, hasDeletingRule, safetyStop, type EvaluatorPolicy } from './evaluate';
import { compileInstanceProtected, compilePattern } from './patterns';
import { DEFAULT_RULES, type RetentionRules } from './types';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 15, 12);

function tag(
  name: string,
  pushedDaysAgo: number | null,
  pulledDaysAgo: number | null,
  digest: string | null = `sha256:${name}`,
  size: number | null = 100,
): TagRow {
  return {
    name,
    digest,
    architectures: ['linux/amd64'],
    size,
    lastPushed: pushedDaysAgo === null ? null : NOW - pushedDaysAgo * DAY,
    lastPulled: pulledDaysAgo === null ? null : NOW - pulledDaysAgo * DAY,
    status: 'active',
    pusher: null,
  };
}

function policy(rules: Partial<RetentionRules>, name = 'P', id = name): EvaluatorPolicy {
  return { id, name, rules: { ...DEFAULT_RULES, ...rules } };
}

function run(
  tags: TagRow[],
  policies: EvaluatorPolicy[],
  instanceProtected: string[] = ['latest'],
  alreadyRequested?: Set<string>,
) {
  return evaluateRepository({
    namespace: 'acme',
    repository: 'web',
    tags,
    policies,
    instanceProtected,
    now: NOW,
    ...(alreadyRequested ? { alreadyRequested } : {}),
  });
}

const deleted = (e: ReturnType<typeof run>) =>
  e.tags
    .filter((t) => t.action === 'delete')
    .map((t) => t.name)
    .sort();
const reasonOf = (e: ReturnType<typeof run>, name: string) => e.tags.find((t) => t.name === name)?.reason;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('evaluateRepository', () => {
  const tags = [
    tag('latest', 1, 1, 'sha256:v3'),
    tag('v3', 1, 1, 'sha256:v3'),
    tag('v2', 40, 2),
    tag('v1', 100, null),
    tag('v0', 400, 200),
    tag('pr-1', 60, null),
    tag('pr-2', 50, 100),
    tag('old-nodigest', 500, null, null),
    tag('release-1', 300, null),
  ];

  it('gives every kept tag its reason, in order of precedence', () => {
    const e = run(tags, [
      policy({
        tagExclude: ['release-*'],
        pushedOlderThanDays: 30,
        pulledOlderThanDays: 30,
        keepNewest: 2,
        tagInclude: ['v*', 'pr-*', 'old-*', 'release-*'],
      }),
    ]);
    expect(reasonOf(e, 'latest')).toBe('protected');
    expect(reasonOf(e, 'release-1')).toBe('excluded_by_pattern');
    expect(reasonOf(e, 'v3')).toBe('within_newest');
    expect(reasonOf(e, 'v2')).toBe('within_newest');
    expect(reasonOf(e, 'v1')).toBe(null);
    expect(reasonOf(e, 'v0')).toBe(null);
    expect(reasonOf(e, 'pr-1')).toBe(null);
    expect(reasonOf(e, 'pr-2')).toBe(null);
    expect(reasonOf(e, 'old-nodigest')).toBe('no_digest');
    expect(e.toDelete).toBe(4);
    expect(e.kept.protected).toBe(1);
    expect(e.kept.within_newest).toBe(2);
  });

  it('reports too recent, pulled recently and not matched by include', () => {
    const e = run(tags, [policy({ tagInclude: ['v*'], pushedOlderThanDays: 30, pulledOlderThanDays: 7 })]);
    expect(reasonOf(e, 'v3')).toBe('too_recent');
    expect(reasonOf(e, 'v2')).toBe('pulled_recently');
    expect(reasonOf(e, 'pr-1')).toBe('not_matched_by_include');
    expect(deleted(e)).toEqual(['v0', 'v1']);
  });

  it('keeps a tag whose digest is shared with a kept tag, unless the policy turns that off', () => {
    const shared = [tag('latest', 1, 1, 'sha256:x'), tag('v9', 200, null, 'sha256:x'), tag('v8', 200, null)];
    const on = run(shared, [policy({ pushedOlderThanDays: 30 })]);
    expect(reasonOf(on, 'v9')).toBe('shared_digest');
    expect(on.tags.find((t) => t.name === 'v9')?.detail).toContain('"latest"');
    expect(deleted(on)).toEqual(['v8']);
    const off = run(shared, [policy({ pushedOlderThanDays: 30, keepSharedDigest: false })]);
    expect(deleted(off)).toEqual(['v8', 'v9']);
    // Nothing of sha256:x is freed: latest keeps it.
    expect(off.freedDigests).toBe(1);
  });

  it('deletes only what every covering policy agrees on, naming the policy that keeps a tag', () => {
    const a = policy({ pushedOlderThanDays: 30 }, 'A');
    const b = policy({ pushedOlderThanDays: 90, protectedPatterns: ['pr-*'] }, 'B');
    const e = run(tags, [a, b]);
    expect(deleted(e)).toEqual(['release-1', 'v0', 'v1']);
    expect(reasonOf(e, 'v2')).toBe('kept_by_other_policy');
    expect(e.tags.find((t) => t.name === 'pr-1')?.detail).toContain('policy "B": protected');
  });

  it('never selects anything for a policy without a deleting rule, or with no policy at all', () => {
    expect(run(tags, [policy({})]).toDelete).toBe(0);
    expect(reasonOf(run(tags, [policy({})]), 'v0')).toBe('no_delete_rule');
    expect(run(tags, []).toDelete).toBe(0);
    expect(hasDeletingRule(DEFAULT_RULES)).toBe(false);
  });

  it('leaves tags already in an open request out', () => {
    const e = run(tags, [policy({ pushedOlderThanDays: 30 })], ['latest'], new Set(['v0']));
    expect(reasonOf(e, 'v0')).toBe('already_requested');
  });

  it('uses the instance protected patterns as globs, like the deletion service', () => {
    const e = run(
      [tag('stable-1', 100, null), tag('x', 100, null)],
      [policy({ pushedOlderThanDays: 1, protectedPatterns: [] })],
      ['stable-*'],
    );
    expect(deleted(e)).toEqual(['x']);
  });

  it('counts storage that is really freed', () => {
    const t = [
      tag('a', 100, null, 'sha256:1', 10),
      tag('b', 100, null, 'sha256:1', 10),
      tag('c', 100, null, 'sha256:2', null),
      tag('d', 1, null, 'sha256:3', 5),
    ];
    expect(freedStorage(t, new Set(['a', 'b', 'c']))).toEqual({
      freedDigests: 2,
      freedBytes: 10,
      unknownSizeDigests: 1,
    });
    expect(freedStorage(t, new Set(['a']))).toEqual({ freedDigests: 0, freedBytes: 0, unknownSizeDigests: 0 });
  });

  it('never reads the clock', () => {
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('the evaluator read the clock');
    });
    expect(() => run(tags, [policy({ pushedOlderThanDays: 30, keepNewest: 1 })])).not.toThrow();
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('safetyStop', () => {
  it('holds more than the share, or everything', () => {
    expect(safetyStop({ total: 10, toDelete: 5 }, 50)).toBeNull();
    expect(safetyStop({ total: 10, toDelete: 6 }, 50)).toMatch(/6 of 10/);
    expect(safetyStop({ total: 3, toDelete: 3 }, 100)).toMatch(/all 3/);
    expect(safetyStop({ total: 0, toDelete: 0 }, 50)).toBeNull();
  });
});

// ---- properties ------------------------------------------------------------------------------------

const NAMES = [
  'latest',
  'v1',
  'v1.1',
  'v2',
  'v2.0.1',
  'main',
  'dev',
  'pr-1',
  'pr-2',
  'pr-10',
  'sha-abc',
  'release-1',
  'stable',
  'nightly',
  'build-7',
];
const PATTERNS = [
  'v*',
  'pr-*',
  'latest',
  'main',
  '*',
  'release-?',
  '/^v\\d+$/',
  '/pr-\\d{2}/',
  '{dev,main}',
  'build-[0-9]*',
  'sha-*',
  'nightly',
];

const tagArb: fc.Arbitrary<TagRow> = fc.record({
  name: fc.constantFrom(...NAMES),
  digest: fc.option(fc.constantFrom('sha256:a', 'sha256:b', 'sha256:c', 'sha256:d', 'sha256:e'), {
    nil: null,
    freq: 8,
  }),
  architectures: fc.constant(['linux/amd64']),
  size: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null, freq: 6 }),
  lastPushed: fc.option(fc.integer({ min: NOW - 800 * DAY, max: NOW }), { nil: null, freq: 10 }),
  lastPulled: fc.option(fc.integer({ min: NOW - 800 * DAY, max: NOW }), { nil: null, freq: 3 }),
  status: fc.constant('active'),
  pusher: fc.constant(null),
});

const tagsArb = fc.uniqueArray(tagArb, { selector: (t) => t.name, maxLength: NAMES.length });
const patternsArb = (max: number) => fc.uniqueArray(fc.constantFrom(...PATTERNS), { maxLength: max });
const daysArb = fc.option(fc.integer({ min: 1, max: 700 }), { nil: null });

const rulesArb: fc.Arbitrary<RetentionRules> = fc.record({
  tagInclude: patternsArb(2),
  tagExclude: patternsArb(2),
  pushedOlderThanDays: daysArb,
  pulledOlderThanDays: daysArb,
  keepNewest: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
  protectedPatterns: patternsArb(2),
  keepSharedDigest: fc.boolean(),
});
const instanceProtectedArb = fc.uniqueArray(fc.constantFrom('latest', 'stable', 'v1*', 'release-*'), { maxLength: 2 });
const policiesArb = fc
  .array(rulesArb, { minLength: 1, maxLength: 3 })
  .map((rs) => rs.map((r, i) => policy(r, `P${i}`)));

function evaluate(tags: TagRow[], policies: EvaluatorPolicy[], instanceProtected: string[]) {
  return evaluateRepository({ namespace: 'acme', repository: 'web', tags, policies, instanceProtected, now: NOW });
}
function deletedSet(tags: TagRow[], policies: EvaluatorPolicy[], instanceProtected: string[]): Set<string> {
  return new Set(
    evaluate(tags, policies, instanceProtected)
      .tags.filter((t) => t.action === 'delete')
      .map((t) => t.name),
  );
}

/** A restriction that adds to a rule set: each can only keep more. */
const restrictionArb: fc.Arbitrary<(r: RetentionRules) => RetentionRules> = fc.oneof(
  fc.constantFrom(...PATTERNS).map((p) => (r: RetentionRules) => ({ ...r, tagExclude: [...r.tagExclude, p] })),
  fc
    .constantFrom(...PATTERNS)
    .map((p) => (r: RetentionRules) => ({ ...r, protectedPatterns: [...r.protectedPatterns, p] })),
  fc
    .constantFrom(...PATTERNS)
    .map((p) => (r: RetentionRules) => (r.tagInclude.length === 0 ? { ...r, tagInclude: [p] } : r)),
  fc
    .integer({ min: 1, max: 700 })
    .map((d) => (r: RetentionRules) => ({ ...r, pushedOlderThanDays: Math.max(d, r.pushedOlderThanDays ?? 0) })),
  fc
    .integer({ min: 1, max: 700 })
    .map((d) => (r: RetentionRules) => ({ ...r, pulledOlderThanDays: Math.max(d, r.pulledOlderThanDays ?? 0) })),
  fc
    .integer({ min: 1, max: 8 })
    .map((n) => (r: RetentionRules) => ({ ...r, keepNewest: Math.max(n, r.keepNewest ?? 0) })),
  fc.constant((r: RetentionRules) => ({ ...r, keepSharedDigest: true })),
);

function newestFirst(a: TagRow, b: TagRow): number {
  const pa = a.lastPushed ?? Number.NEGATIVE_INFINITY;
  const pb = b.lastPushed ?? Number.NEGATIVE_INFINITY;
  if (pa !== pb) return pb - pa;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

describe('evaluator properties', () => {
  it('never selects a protected tag (instance or any covering policy)', () => {
    fc.assert(
      fc.property(tagsArb, policiesArb, instanceProtectedArb, (tags, policies, inst) => {
        const out = deletedSet(tags, policies, inst);
        const patterns = [
          ...compileInstanceProtected(inst),
          ...policies.flatMap((p) => p.rules.protectedPatterns.map(compilePattern)),
        ];
        for (const name of out)
          expect(
            patterns.some((p) => p.ok && p.test(name)),
            `${name} is protected`,
          ).toBe(false);
      }),
    );
  });

  it('never selects one of the newest N tags of the repository', () => {
    fc.assert(
      fc.property(tagsArb, policiesArb, instanceProtectedArb, (tags, policies, inst) => {
        const out = deletedSet(tags, policies, inst);
        const sorted = [...tags].sort(newestFirst);
        for (const p of policies) {
          const n = p.rules.keepNewest ?? 0;
          for (const t of sorted.slice(0, n)) expect(out.has(t.name), `${t.name} is among the newest ${n}`).toBe(false);
        }
      }),
    );
  });

  it('adding a rule never selects more tags', () => {
    fc.assert(
      fc.property(tagsArb, rulesArb, restrictionArb, instanceProtectedArb, (tags, rules, restrict, inst) => {
        fc.pre(hasDeletingRule(rules));
        const before = deletedSet(tags, [policy(rules)], inst);
        const after = deletedSet(tags, [policy(restrict(rules))], inst);
        for (const name of after) expect(before.has(name), `${name} newly selected`).toBe(true);
      }),
    );
  });

  it('adding a covering policy never selects more tags', () => {
    fc.assert(
      fc.property(tagsArb, policiesArb, rulesArb, instanceProtectedArb, (tags, policies, extra, inst) => {
        const before = deletedSet(tags, policies, inst);
        const after = deletedSet(tags, [...policies, policy(extra, 'extra')], inst);
        for (const name of after) expect(before.has(name)).toBe(true);
      }),
    );
  });

  it('keeps every tag whose digest is shared with a kept tag', () => {
    fc.assert(
      fc.property(tagsArb, policiesArb, instanceProtectedArb, (tags, policies, inst) => {
        fc.pre(policies.some((p) => p.rules.keepSharedDigest));
        const out = deletedSet(tags, policies, inst);
        const keptDigests = new Set(tags.filter((t) => !out.has(t.name) && t.digest !== null).map((t) => t.digest));
        for (const t of tags)
          if (out.has(t.name)) expect(keptDigests.has(t.digest), `${t.name} shares ${t.digest}`).toBe(false);
      }),
    );
  });

  it('only selects tags with a digest, and storage freed never counts a digest still in use', () => {
    fc.assert(
      fc.property(tagsArb, policiesArb, instanceProtectedArb, (tags, policies, inst) => {
        const e = evaluate(tags, policies, inst);
        const out = new Set(e.tags.filter((t) => t.action === 'delete').map((t) => t.name));
        for (const t of tags) if (out.has(t.name)) expect(t.digest).not.toBeNull();
        const remaining = new Set(tags.filter((t) => !out.has(t.name)).map((t) => t.digest));
        const freed = new Set(tags.filter((t) => out.has(t.name) && !remaining.has(t.digest)).map((t) => t.digest));
        expect(e.freedDigests).toBe(freed.size);
        expect(e.toDelete + Object.values(e.kept).reduce((a, b) => a + b, 0)).toBe(tags.length);
      }),
    );
  });

  it('is deterministic for a fixed clock, whatever the order of the tags', () => {
    fc.assert(
      fc.property(
        tagsArb.chain((t) =>
          fc.tuple(fc.constant(t), fc.shuffledSubarray(t, { minLength: t.length, maxLength: t.length })),
        ),
        policiesArb,
        instanceProtectedArb,
        ([tags, shuffled], policies, inst) => {
          expect(evaluate(tags, policies, inst)).toEqual(evaluate(tags, policies, inst));
          expect(deletedSet(shuffled, policies, inst)).toEqual(deletedSet(tags, policies, inst));
          const reasons = (ts: TagRow[]) =>
            Object.fromEntries(evaluate(ts, policies, inst).tags.map((t) => [t.name, t.reason]));
          expect(reasons(shuffled)).toEqual(reasons(tags));
        },
      ),
    );
  });
});
