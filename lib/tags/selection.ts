// Row selection helpers for the tags table (click, shift-click ranges, select all matching).

/**
 * Applies a click on `target` to `selected`. With `range` (shift held) and an `anchor` present in
 * `order`, every row between anchor and target (inclusive, in the visible order) gets the target's
 * new state; otherwise only the target toggles. Returns a new Set.
 */
export function applySelectionClick(
  selected: ReadonlySet<string>,
  order: readonly string[],
  target: string,
  anchor: string | null,
  range: boolean,
): Set<string> {
  const next = new Set(selected);
  const select = !selected.has(target);
  if (range && anchor !== null) {
    const from = order.indexOf(anchor);
    const to = order.indexOf(target);
    if (from !== -1 && to !== -1) {
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      for (let i = lo; i <= hi; i += 1) {
        const name = order[i];
        if (name === undefined) continue;
        if (select) next.add(name);
        else next.delete(name);
      }
      return next;
    }
  }
  if (select) next.add(target);
  else next.delete(target);
  return next;
}

/** Adds every name in `matching` to the selection. */
export function selectAllMatching(selected: ReadonlySet<string>, matching: readonly string[]): Set<string> {
  const next = new Set(selected);
  for (const name of matching) next.add(name);
  return next;
}

/** Keeps only names that still exist (after a reload some tags may be gone). */
export function pruneSelection(selected: ReadonlySet<string>, existing: ReadonlySet<string>): Set<string> {
  const next = new Set<string>();
  for (const name of selected) if (existing.has(name)) next.add(name);
  return next;
}
