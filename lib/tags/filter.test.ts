import { describe, expect, it } from 'vitest';
import { buildDigestIndex, shortDigest, siblingsOf } from './digest-groups';
import { architectureCounts, compileTagFilter, filterTags, isEmptyFilter } from './filter';
import type { TagFilter, TagRow } from './types';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 15);
const D = (c: string): string => `sha256:${c.repeat(64)}`;

function tag(name: string, over: Partial<TagRow> = {}): TagRow {
  return {
    name,
    digest: D('a'),
    architectures: ['linux/amd64'],
    size: 1000,
    lastPushed: NOW - DAY,
    lastPulled: NOW - DAY,
    status: 'active',
    pusher: 'alice',
    ...over,
  };
}

const tags: TagRow[] = [
  tag('latest', { digest: D('1'), lastPushed: NOW - 1 * DAY, lastPulled: NOW - 1 * DAY, architectures: ['linux/amd64', 'linux/arm64'] }),
  tag('v1.0', { digest: D('2'), lastPushed: NOW - 400 * DAY, lastPulled: null }),
  tag('v1.1', { digest: D('3'), lastPushed: NOW - 200 * DAY, lastPulled: NOW - 150 * DAY }),
  tag('v1.2', { digest: D('1'), lastPushed: NOW - 1 * DAY, lastPulled: NOW - 2 * DAY, architectures: ['linux/amd64', 'linux/arm64'] }),
  tag('v2.0-rc1', { digest: D('4'), lastPushed: NOW - 30 * DAY, lastPulled: null, architectures: ['linux/arm/v7'] }),
  tag('old', { digest: null, lastPushed: null, lastPulled: null, architectures: [] }),
];
const index = buildDigestIndex(tags);

function names(filter: TagFilter): string[] {
  const r = filterTags(tags, filter, index);
  if (!r.ok) throw new Error(r.error);
  return r.rows.map((t) => t.name);
}

describe('filterTags', () => {
  it('returns everything for an empty filter', () => {
    expect(isEmptyFilter({})).toBe(true);
    expect(names({})).toEqual(tags.map((t) => t.name));
  });

  it('filters by glob, substring and regex names', () => {
    expect(names({ name: 'v1.*' })).toEqual(['v1.0', 'v1.1', 'v1.2']);
    expect(names({ name: 'rc' })).toEqual(['v2.0-rc1']);
    expect(names({ name: '/^v\\d\\.\\d$/' })).toEqual(['v1.0', 'v1.1', 'v1.2']);
  });

  it('filters by pushed before / after (bounds: after inclusive, before exclusive)', () => {
    expect(names({ pushedBefore: NOW - 100 * DAY })).toEqual(['v1.0', 'v1.1']);
    expect(names({ pushedAfter: NOW - 30 * DAY })).toEqual(['latest', 'v1.2', 'v2.0-rc1']);
    expect(names({ pushedAfter: NOW - 300 * DAY, pushedBefore: NOW - 10 * DAY })).toEqual(['v1.1', 'v2.0-rc1']);
  });

  it('treats never pulled as a real value', () => {
    expect(names({ neverPulled: true })).toEqual(['v1.0', 'v2.0-rc1', 'old']);
    // pulled before X excludes never-pulled tags…
    expect(names({ pulledBefore: NOW - 100 * DAY })).toEqual(['v1.1']);
    // …unless "or never pulled" is ticked too.
    expect(names({ pulledBefore: NOW - 100 * DAY, neverPulled: true })).toEqual(['v1.0', 'v1.1', 'v2.0-rc1', 'old']);
  });

  it('filters by architecture (any of the chosen ones)', () => {
    expect(names({ architectures: ['linux/arm64'] })).toEqual(['latest', 'v1.2']);
    expect(names({ architectures: ['linux/arm64', 'linux/arm/v7'] })).toEqual(['latest', 'v1.2', 'v2.0-rc1']);
  });

  it('filters tags that share their digest with another tag', () => {
    expect(names({ sharedDigest: true })).toEqual(['latest', 'v1.2']);
  });

  it('filters by digest prefix with or without the algorithm', () => {
    expect(names({ digest: '3333333' })).toEqual(['v1.1']);
    expect(names({ digest: 'sha256:1111111111' })).toEqual(['latest', 'v1.2']);
  });

  it('combines every filter with AND', () => {
    expect(names({ name: 'v*', neverPulled: true, pushedBefore: NOW - 100 * DAY })).toEqual(['v1.0']);
    expect(names({ name: 'v1.*', sharedDigest: true, architectures: ['linux/arm64'] })).toEqual(['v1.2']);
    expect(names({ name: 'latest', neverPulled: true })).toEqual([]);
  });

  it('reports an invalid regex as a message and keeps rows', () => {
    const r = filterTags(tags, { name: '/v1[/' }, index);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe('name');
      expect(r.error).toMatch(/^Invalid regular expression/);
      expect(r.rows).toHaveLength(tags.length);
    }
  });

  it('reports a malformed digest', () => {
    const c = compileTagFilter({ digest: 'xyz' });
    expect(c.ok).toBe(false);
  });
});

describe('digest index', () => {
  it('groups only shared digests and counts their tags', () => {
    expect([...index.shared.keys()]).toEqual([D('1')]);
    expect(index.sharedTagCount).toBe(2);
    expect(siblingsOf(index, tags[0] as TagRow)).toEqual(['v1.2']);
    expect(siblingsOf(index, tags[1] as TagRow)).toEqual([]);
  });
  it('shortens digests like docker images', () => {
    expect(shortDigest(D('a'))).toBe('aaaaaaaaaaaa');
    expect(shortDigest(null)).toBe('');
  });
});

describe('architectureCounts', () => {
  it('counts tags per architecture', () => {
    expect(architectureCounts(tags)).toEqual([
      { architecture: 'linux/amd64', count: 4 },
      { architecture: 'linux/arm/v7', count: 1 },
      { architecture: 'linux/arm64', count: 2 },
    ]);
  });
});
