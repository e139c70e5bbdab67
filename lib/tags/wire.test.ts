import { describe, expect, it } from 'vitest';
import { tagViewFromParams, tagViewToParams, resolveTagView, EMPTY_TAG_VIEW } from './view-state';
import { decodeTags, encodeTags } from './wire';
import { formatBytes, formatRelative } from './format';
import type { TagRow } from './types';

const rows: TagRow[] = [
  { name: 'a', digest: 'sha256:1', architectures: ['linux/amd64', 'linux/arm64'], size: 5, lastPushed: 10, lastPulled: null, status: 'active', pusher: 'alice' },
  { name: 'b', digest: null, architectures: ['linux/amd64'], size: null, lastPushed: null, lastPulled: 3, status: null, pusher: null },
];

describe('wire format', () => {
  it('round-trips rows with shared dictionaries', () => {
    const wire = encodeTags(rows);
    expect(wire.archs).toEqual(['linux/amd64', 'linux/arm64']);
    expect(wire.users).toEqual(['alice']);
    expect(decodeTags(JSON.parse(JSON.stringify(wire)))).toEqual(rows);
  });
});

describe('view state', () => {
  it('round-trips through URL params and omits defaults', () => {
    expect(tagViewToParams(EMPTY_TAG_VIEW).toString()).toBe('');
    const view = { ...EMPTY_TAG_VIEW, name: 'v1.*', neverPulled: true, architectures: ['linux/arm64'], pulledBefore: '90d', sort: { key: 'name' as const, direction: 'asc' as const } };
    const params = tagViewToParams(view);
    expect(tagViewFromParams(params)).toEqual(view);
  });
  it('resolves date inputs and reports bad ones', () => {
    const r = resolveTagView({ ...EMPTY_TAG_VIEW, pushedBefore: '1d', pulledBefore: 'soon' }, 86_400_000 * 10);
    expect(r.filter.pushedBefore).toBe(86_400_000 * 9);
    expect(r.filter.pulledBefore).toBeNull();
    expect(r.errors.pulledBefore).toMatch(/not a date/);
  });
});

describe('format', () => {
  it('formats bytes and relative times', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(null)).toBe('—');
    expect(formatRelative(0, 3 * 86_400_000)).toBe('3 days ago');
    expect(formatRelative(0, 10_000)).toBe('just now');
  });
});
