// A small word/character diff for the bulk preview and the history panel. Pure and client-safe.
//
// Strategy: strip the common prefix and suffix (most edits are local), run an LCS over the
// remaining tokens when that is cheap, otherwise report the middle as one replacement. Adjacent
// one-word replacements are refined to characters so "v1.2" -> "v1.3" highlights just the digit.

export type DiffOp = 'equal' | 'insert' | 'delete';

export interface DiffPart {
  op: DiffOp;
  text: string;
}

export interface DiffOptions {
  /** 'word' (default): words, whitespace runs and punctuation are tokens. 'char': every character. */
  granularity?: 'word' | 'char';
  /** Largest LCS table (tokens × tokens) computed; beyond it the middle is one replacement. */
  maxCells?: number;
}

const DEFAULT_MAX_CELLS = 250_000;

/** Splits text into word, whitespace and single-punctuation tokens (concatenation gives the input back). */
export function tokenize(text: string, granularity: 'word' | 'char' = 'word'): string[] {
  if (granularity === 'char') return Array.from(text);
  return text.match(/[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

function push(parts: DiffPart[], op: DiffOp, text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (last !== undefined && last.op === op) last.text += text;
  else parts.push({ op, text });
}

function lcsDiff(a: string[], b: string[], out: DiffPart[]): void {
  const n = a.length;
  const m = b.length;
  // dp[i][j] = LCS length of a[i..] and b[j..], flattened.
  const width = m + 1;
  const dp = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      dp[i * width + j] = a[i] === b[j] ? (dp[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(dp[(i + 1) * width + j] ?? 0, dp[i * width + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  // Deletions before insertions inside a changed run reads best ("old" then "new").
  let del = '';
  let ins = '';
  const flush = () => {
    push(out, 'delete', del);
    push(out, 'insert', ins);
    del = '';
    ins = '';
  };
  while (i < n && j < m) {
    const ai = a[i] ?? '';
    const bj = b[j] ?? '';
    if (ai === bj) {
      flush();
      push(out, 'equal', ai);
      i += 1;
      j += 1;
    } else if ((dp[(i + 1) * width + j] ?? 0) >= (dp[i * width + j + 1] ?? 0)) {
      del += ai;
      i += 1;
    } else {
      ins += bj;
      j += 1;
    }
  }
  while (i < n) del += a[i++] ?? '';
  while (j < m) ins += b[j++] ?? '';
  flush();
}

function refineToChars(parts: DiffPart[], maxCells: number): DiffPart[] {
  const out: DiffPart[] = [];
  for (let k = 0; k < parts.length; k += 1) {
    const part = parts[k];
    const next = parts[k + 1];
    if (part === undefined) continue;
    if (part.op === 'delete' && next?.op === 'insert' && part.text.length <= 40 && next.text.length <= 40 && !/\s/.test(part.text + next.text)) {
      const inner = diffText(part.text, next.text, { granularity: 'char', maxCells });
      const equalChars = inner.filter((p) => p.op === 'equal').reduce((s, p) => s + p.text.length, 0);
      // Only worth it when a good share of the word survives; otherwise show whole words.
      if (equalChars * 2 >= Math.min(part.text.length, next.text.length)) {
        for (const p of inner) push(out, p.op, p.text);
        k += 1;
        continue;
      }
    }
    push(out, part.op, part.text);
  }
  return out;
}

/**
 * Folds whitespace-only equal stretches that sit between two changes into the change, and groups
 * each changed run as one deletion followed by one insertion: "Service 1 (old)" → "Edited in Hub"
 * reads as one replacement instead of three interleaved word swaps.
 */
function cleanupSemantic(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    push(out, 'delete', del);
    push(out, 'insert', ins);
    del = '';
    ins = '';
  };
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i];
    if (part === undefined) continue;
    if (part.op === 'delete') del += part.text;
    else if (part.op === 'insert') ins += part.text;
    else if (/^\s+$/.test(part.text) && (del !== '' || ins !== '') && i + 1 < parts.length && parts[i + 1]?.op !== 'equal') {
      del += part.text;
      ins += part.text;
    } else {
      flush();
      push(out, 'equal', part.text);
    }
  }
  flush();
  return out;
}

/** Diffs `before` against `after`. Concatenating equal+delete parts gives `before`; equal+insert gives `after`. */
export function diffText(before: string, after: string, options: DiffOptions = {}): DiffPart[] {
  const granularity = options.granularity ?? 'word';
  const maxCells = options.maxCells ?? DEFAULT_MAX_CELLS;
  if (before === after) return before === '' ? [] : [{ op: 'equal', text: before }];
  const a = tokenize(before, granularity);
  const b = tokenize(after, granularity);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const parts: DiffPart[] = [];
  push(parts, 'equal', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length <= maxCells) {
    lcsDiff(midA, midB, parts);
  } else {
    push(parts, 'delete', midA.join(''));
    push(parts, 'insert', midB.join(''));
  }
  push(parts, 'equal', a.slice(endA).join(''));
  return granularity === 'word' ? refineToChars(cleanupSemantic(parts), maxCells) : parts;
}

/** Shortens long unchanged stretches to `context` characters either side of a change ("…" marks a cut). */
export function condenseDiff(parts: DiffPart[], context = 60): DiffPart[] {
  return parts.map((part, index) => {
    if (part.op !== 'equal' || part.text.length <= context * 2 + 1) return part;
    const first = index === 0;
    const last = index === parts.length - 1;
    if (first && last) return part;
    if (first) return { op: 'equal', text: `…${part.text.slice(-context)}` };
    if (last) return { op: 'equal', text: `${part.text.slice(0, context)}…` };
    return { op: 'equal', text: `${part.text.slice(0, context)} … ${part.text.slice(-context)}` };
  });
}

/** Characters inserted and deleted (for "+12 −3" badges). */
export function diffStats(parts: DiffPart[]): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const p of parts) {
    if (p.op === 'insert') inserted += p.text.length;
    else if (p.op === 'delete') deleted += p.text.length;
  }
  return { inserted, deleted };
}
