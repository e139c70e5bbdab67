import { describe, expect, it } from 'vitest';
import { condenseDiff, diffStats, diffText, tokenize, type DiffPart } from './diff';

const side = (parts: DiffPart[], which: 'before' | 'after') =>
  parts.filter((p) => p.op === 'equal' || p.op === (which === 'before' ? 'delete' : 'insert')).map((p) => p.text).join('');

describe('diffText', () => {
  it('returns one equal part for identical text and nothing for two empty strings', () => {
    expect(diffText('same', 'same')).toEqual([{ op: 'equal', text: 'same' }]);
    expect(diffText('', '')).toEqual([]);
  });
  it('highlights a replaced word', () => {
    expect(diffText('The quick fox', 'The slow fox')).toEqual([
      { op: 'equal', text: 'The ' },
      { op: 'delete', text: 'quick' },
      { op: 'insert', text: 'slow' },
      { op: 'equal', text: ' fox' },
    ]);
  });
  it('reads a rewrite as one replacement, not interleaved word swaps', () => {
    expect(diffText('Service 1 (old)', 'Edited in Hubkeeper')).toEqual([
      { op: 'delete', text: 'Service 1 (old)' },
      { op: 'insert', text: 'Edited in Hubkeeper' },
    ]);
    expect(diffText('keep this and that', 'keep those or these')).toEqual([
      { op: 'equal', text: 'keep ' },
      { op: 'delete', text: 'this and that' },
      { op: 'insert', text: 'those or these' },
    ]);
  });
  it('refines a small in-word change to characters', () => {
    expect(diffText('uses v1.2 now', 'uses v1.3 now')).toEqual([
      { op: 'equal', text: 'uses v1.' },
      { op: 'delete', text: '2' },
      { op: 'insert', text: '3' },
      { op: 'equal', text: ' now' },
    ]);
    const parts = diffText('colour', 'color');
    expect(parts).toEqual([
      { op: 'equal', text: 'colo' },
      { op: 'delete', text: 'u' },
      { op: 'equal', text: 'r' },
    ]);
  });
  it('shows insertions and deletions at the ends', () => {
    expect(diffText('Web', '[old] Web')).toEqual([
      { op: 'insert', text: '[old] ' },
      { op: 'equal', text: 'Web' },
    ]);
    expect(diffText('Web image', 'Web')).toEqual([
      { op: 'equal', text: 'Web' },
      { op: 'delete', text: ' image' },
    ]);
    expect(diffText('', 'new')).toEqual([{ op: 'insert', text: 'new' }]);
  });
  it('always reconstructs both sides', () => {
    const cases: [string, string][] = [
      ['a b c d e', 'a x c y e'],
      ['# Title\n\nSome text here.\n', '# Title\n\nOther text there.\n\nFooter'],
      ['héllo wörld 🚀', 'hello world 🚀!'],
      ['one two three', 'three two one'],
    ];
    for (const [a, b] of cases) {
      for (const granularity of ['word', 'char'] as const) {
        const parts = diffText(a, b, { granularity });
        expect(side(parts, 'before')).toBe(a);
        expect(side(parts, 'after')).toBe(b);
      }
    }
  });
  it('falls back to one replacement for huge middles', () => {
    const a = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
    const b = Array.from({ length: 600 }, (_, i) => `x${i}`).join(' ');
    const parts = diffText(`start ${a} end`, `start ${b} end`, { maxCells: 1000 });
    expect(parts.map((p) => p.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
    expect(side(parts, 'after')).toBe(`start ${b} end`);
  });
});

describe('condenseDiff / diffStats / tokenize', () => {
  it('cuts long unchanged stretches', () => {
    const long = 'x'.repeat(500);
    const parts = condenseDiff(diffText(`${long} a ${long}`, `${long} b ${long}`), 10);
    expect(parts[0]?.text.startsWith('…')).toBe(true);
    expect(parts[parts.length - 1]?.text.endsWith('…')).toBe(true);
  });
  it('counts inserted and deleted characters', () => {
    expect(diffStats(diffText('The quick fox', 'The slow fox'))).toEqual({ inserted: 4, deleted: 5 });
  });
  it('tokenizes words, spaces and punctuation losslessly', () => {
    expect(tokenize('Hi, there!')).toEqual(['Hi', ',', ' ', 'there', '!']);
  });
});
