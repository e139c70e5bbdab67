import { describe, expect, it } from 'vitest';
import { sortTags } from './sort';
import type { TagRow } from './types';

function tag(name: string, over: Partial<TagRow> = {}): TagRow {
  return { name, digest: null, architectures: [], size: null, lastPushed: null, lastPulled: null, status: null, pusher: null, ...over };
}

const tags = [
  tag('v1.10', { size: 30, lastPushed: 3, lastPulled: 5, digest: 'sha256:b', status: 'active', architectures: ['linux/arm64'] }),
  tag('v1.9', { size: 10, lastPushed: 1, lastPulled: null, digest: 'sha256:a', status: 'inactive', architectures: ['linux/amd64'] }),
  tag('latest', { size: null, lastPushed: 2, lastPulled: 9, digest: 'sha256:b', status: null }),
  tag('V1.2', { size: 20, lastPushed: null, lastPulled: 1, digest: null, status: 'active', architectures: ['linux/amd64', 'linux/arm64'] }),
];
const order = (key: Parameters<typeof sortTags>[1]['key'], direction: 'asc' | 'desc'): string[] => sortTags(tags, { key, direction }).map((t) => t.name);

describe('sortTags', () => {
  it('sorts names naturally and case-insensitively', () => {
    expect(order('name', 'asc')).toEqual(['latest', 'V1.2', 'v1.9', 'v1.10']);
    expect(order('name', 'desc')).toEqual(['v1.10', 'v1.9', 'V1.2', 'latest']);
  });
  it('keeps unknown sizes and push dates last in both directions', () => {
    expect(order('size', 'asc')).toEqual(['v1.9', 'V1.2', 'v1.10', 'latest']);
    expect(order('size', 'desc')).toEqual(['v1.10', 'V1.2', 'v1.9', 'latest']);
    expect(order('lastPushed', 'desc')).toEqual(['v1.10', 'latest', 'v1.9', 'V1.2']);
  });
  it('treats never pulled as the oldest pull', () => {
    expect(order('lastPulled', 'asc')).toEqual(['v1.9', 'V1.2', 'v1.10', 'latest']);
    expect(order('lastPulled', 'desc')).toEqual(['latest', 'v1.10', 'V1.2', 'v1.9']);
  });
  it('puts tags with the same digest next to each other, ties by name', () => {
    expect(order('digest', 'asc')).toEqual(['v1.9', 'latest', 'v1.10', 'V1.2']);
  });
  it('sorts status and architectures', () => {
    expect(order('status', 'asc')).toEqual(['V1.2', 'v1.10', 'v1.9', 'latest']);
    expect(order('architectures', 'asc')).toEqual(['v1.9', 'V1.2', 'v1.10', 'latest']);
  });
  it('does not mutate its input', () => {
    const before = tags.map((t) => t.name);
    sortTags(tags, { key: 'size', direction: 'asc' });
    expect(tags.map((t) => t.name)).toEqual(before);
  });
});
