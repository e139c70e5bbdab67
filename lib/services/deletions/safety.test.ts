import { describe, expect, it } from 'vitest';
import type { TagRow } from '@/lib/tags/types';
import { computeSafetySummary, protectedPatternFor } from './safety';

const NOW = Date.UTC(2026, 0, 31);
const DAY = 86_400_000;
const tag = (name: string, digest: string | null, extra: Partial<TagRow> = {}): TagRow => ({
  name,
  digest,
  architectures: ['linux/amd64'],
  size: 100,
  lastPushed: NOW - 30 * DAY,
  lastPulled: null,
  status: 'active',
  pusher: 'x',
  ...extra,
});

const base = { namespace: 'acme', repository: 'web', protectedPatterns: ['latest', 'release-*'], recentPullDays: 7, now: NOW };

describe('computeSafetySummary', () => {
  it('blocks protected, missing and digest-less tags', () => {
    const s = computeSafetySummary({
      ...base,
      selected: ['latest', 'release-1', 'gone', 'nodigest', 'ok'],
      tags: [tag('latest', 'sha256:a'), tag('release-1', 'sha256:b'), tag('nodigest', null), tag('ok', 'sha256:c')],
    });
    expect(s.blocked.map((b) => [b.tag, b.reason])).toEqual([
      ['latest', 'protected'],
      ['release-1', 'protected'],
      ['gone', 'not_found'],
      ['nodigest', 'no_digest'],
    ]);
    expect(s.requestable.map((t) => t.tag)).toEqual(['ok']);
  });

  it('a digest kept alive by a tag that stays frees nothing; deleting every name of it does', () => {
    const tags = [tag('a', 'sha256:x', { size: 500 }), tag('b', 'sha256:x', { size: 500 }), tag('c', 'sha256:y', { size: 70 })];
    const one = computeSafetySummary({ ...base, selected: ['a', 'c'], tags });
    expect(one.sharedDigest).toEqual([{ tag: 'a', sharedWith: ['b'] }]);
    expect(one.storage).toEqual({ freedDigests: 1, freedBytes: 70, unknownSizeDigests: 0 });
    const both = computeSafetySummary({ ...base, selected: ['a', 'b'], tags });
    expect(both.sharedDigest).toEqual([]);
    expect(both.storage).toEqual({ freedDigests: 1, freedBytes: 500, unknownSizeDigests: 0 });
  });

  it('a blocked tag keeps its digest alive', () => {
    const s = computeSafetySummary({ ...base, selected: ['v3', 'latest'], tags: [tag('v3', 'sha256:z'), tag('latest', 'sha256:z')] });
    expect(s.sharedDigest).toEqual([{ tag: 'v3', sharedWith: ['latest'] }]);
    expect(s.storage.freedDigests).toBe(0);
  });

  it('warns about recently pulled tags', () => {
    const s = computeSafetySummary({
      ...base,
      selected: ['hot', 'cold', 'never'],
      tags: [tag('hot', 'sha256:1', { lastPulled: NOW - DAY }), tag('cold', 'sha256:2', { lastPulled: NOW - 30 * DAY }), tag('never', 'sha256:3')],
    });
    expect(s.recentlyPulled).toEqual([{ tag: 'hot', lastPulled: NOW - DAY }]);
    expect(s.requestable.find((t) => t.tag === 'hot')?.warnings).toEqual(['recently_pulled']);
  });
});

describe('protectedPatternFor', () => {
  it('matches globs and treats a broken pattern as a literal', () => {
    expect(protectedPatternFor('v1.2', ['v*'])).toBe('v*');
    expect(protectedPatternFor('v1.2', ['v?.?'])).toBe('v?.?');
    expect(protectedPatternFor('main', ['v*', 'latest'])).toBeNull();
    expect(protectedPatternFor('[x', ['[x'])).toBe('[x');
  });
});
