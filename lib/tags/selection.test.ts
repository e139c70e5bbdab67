import { describe, expect, it } from 'vitest';
import { applySelectionClick, pruneSelection, selectAllMatching } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('selection', () => {
  it('toggles a single row', () => {
    const s = applySelectionClick(new Set(), order, 'b', null, false);
    expect([...s]).toEqual(['b']);
    expect([...applySelectionClick(s, order, 'b', 'b', false)]).toEqual([]);
  });
  it('selects a range with shift, in either direction', () => {
    expect([...applySelectionClick(new Set(['b']), order, 'd', 'b', true)].sort()).toEqual(['b', 'c', 'd']);
    expect([...applySelectionClick(new Set(['d']), order, 'a', 'd', true)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
  it('deselects a range when the target was selected', () => {
    const all = new Set(order);
    expect([...applySelectionClick(all, order, 'd', 'b', true)].sort()).toEqual(['a', 'e']);
  });
  it('falls back to a single toggle when the anchor is not visible', () => {
    expect([...applySelectionClick(new Set(), order, 'c', 'zzz', true)]).toEqual(['c']);
  });
  it('selects all matching and prunes missing names', () => {
    const s = selectAllMatching(new Set(['x']), ['a', 'b']);
    expect([...s].sort()).toEqual(['a', 'b', 'x']);
    expect([...pruneSelection(s, new Set(['a', 'b']))].sort()).toEqual(['a', 'b']);
  });
});
