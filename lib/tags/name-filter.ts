// Tag-name matching: plain substring, glob, or /regex/. Pure and client-safe; the deletion feature
// reuses globToRegExp for protected-tag patterns.

export type NameFilterKind = 'all' | 'substring' | 'glob' | 'regex';

export type NameMatcher =
  | { ok: true; kind: NameFilterKind; test: (name: string) => boolean; source: string }
  | { ok: false; kind: 'regex' | 'glob'; error: string; source: string };

const GLOB_CHARS = /[*?[\]{}]/;
// Tag names are at most 128 characters; a longer pattern cannot be meant seriously.
const MAX_PATTERN = 512;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export interface GlobOptions {
  caseInsensitive?: boolean;
}

/**
 * Converts a glob to an anchored RegExp: `*` any run of characters, `?` one character,
 * `[abc]`/`[a-z]`/`[!a]` a character class, `{a,b}` alternatives, `\x` a literal x.
 * Throws a plain Error with a readable message on an unbalanced `[` or `{`.
 */
export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob.charAt(i);
    if (c === '\\') {
      i += 1;
      if (i >= glob.length) throw new Error('the pattern ends with a lone "\\"');
      out += escapeRegExp(glob.charAt(i));
    } else if (c === '*') {
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) throw new Error('a "[" has no matching "]"');
      let body = glob.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      // Keep ranges (a-z) but escape everything else that is special inside a class.
      const cls = body.replace(/[\\\]^[]/g, '\\$&');
      out += `[${negate ? '^' : ''}${cls}]`;
      i = close;
    } else if (c === '{') {
      braceDepth += 1;
      out += '(?:';
    } else if (c === '}' && braceDepth > 0) {
      braceDepth -= 1;
      out += ')';
    } else if (c === ',' && braceDepth > 0) {
      out += '|';
    } else {
      out += escapeRegExp(c);
    }
  }
  if (braceDepth > 0) throw new Error('a "{" has no matching "}"');
  return new RegExp(`^${out}$`, options.caseInsensitive ? 'i' : '');
}

/** True when `text` would be read as a glob (contains *, ?, [ ], { }). */
export function looksLikeGlob(text: string): boolean {
  return GLOB_CHARS.test(text);
}

/** Splits `/body/flags` into parts, or null when `text` is not written as a regex. */
export function parseRegexLiteral(text: string): { body: string; flags: string } | null {
  if (text.length < 2 || !text.startsWith('/')) return null;
  const last = text.lastIndexOf('/');
  if (last <= 0) return null;
  const flags = text.slice(last + 1);
  if (!/^[a-z]*$/.test(flags)) return null;
  return { body: text.slice(1, last), flags };
}

/**
 * Compiles what a user typed into a tag-name matcher. `/…/flags` is a regex (only the `i`, `s`,
 * `u` and `v` flags make sense and are allowed); text with glob characters is an anchored glob
 * (case-insensitive); anything else is a case-insensitive substring. An invalid pattern returns
 * `{ ok: false, error }` with a message meant to be shown next to the input.
 */
export function compileNameFilter(input: string): NameMatcher {
  const source = input.trim();
  if (source === '') return { ok: true, kind: 'all', test: () => true, source };
  if (source.length > MAX_PATTERN) {
    return { ok: false, kind: 'regex', source, error: `The pattern is too long (${source.length} characters; at most ${MAX_PATTERN}).` };
  }
  const literal = parseRegexLiteral(source);
  if (literal !== null) {
    const bad = literal.flags.replace(/[isuv]/g, '');
    if (bad !== '') {
      return { ok: false, kind: 'regex', source, error: `Invalid regular expression flag "${bad.charAt(0)}": only i, s, u and v are allowed.` };
    }
    if (literal.body === '') {
      return { ok: false, kind: 'regex', source, error: 'Invalid regular expression: the pattern between the slashes is empty.' };
    }
    try {
      const re = new RegExp(literal.body, literal.flags);
      return { ok: true, kind: 'regex', source, test: (name) => re.test(name) };
    } catch (err) {
      const detail = err instanceof Error ? err.message.replace(/^Invalid regular expression:\s*/, '') : String(err);
      return { ok: false, kind: 'regex', source, error: `Invalid regular expression: ${detail}` };
    }
  }
  if (looksLikeGlob(source)) {
    try {
      const re = globToRegExp(source, { caseInsensitive: true });
      return { ok: true, kind: 'glob', source, test: (name) => re.test(name) };
    } catch (err) {
      return { ok: false, kind: 'glob', source, error: `Invalid pattern: ${err instanceof Error ? err.message : String(err)}.` };
    }
  }
  const needle = source.toLowerCase();
  return { ok: true, kind: 'substring', source, test: (name) => name.toLowerCase().includes(needle) };
}
