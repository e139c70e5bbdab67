// Name patterns of retention policies: a glob (`v1.*`, `pr-?*`, `release-[0-9]*`, `{dev,test}-*`,
// anchored and case-sensitive like Docker names, the same semantics as the instance's protected
// patterns) or a `/regex/flags`. Unlike the tags table's filter, plain text is an exact name, never
// a substring: a retention rule must not match more than it says. Invalid patterns come back with
// a message and the character position to point at. Pure and client-safe.
import { globToRegExp, parseRegexLiteral } from '@/lib/tags/name-filter';

export type CompiledPattern =
  | { ok: true; kind: 'exact' | 'glob' | 'regex'; source: string; test: (name: string) => boolean }
  | { ok: false; source: string; message: string; position: number | null };

export const MAX_PATTERN_LENGTH = 256;
const ALLOWED_FLAGS = /^[isuv]*$/;
const GLOB_CHARS = /[*?[\]{}\\]/;

/** Compiles one pattern; `source` is trimmed (positions refer to the trimmed text). */
export function compilePattern(raw: string): CompiledPattern {
  const source = raw.trim();
  if (source === '') return { ok: false, source, message: 'The pattern is empty.', position: 0 };
  if (source.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      source,
      message: `The pattern is too long (${source.length} characters; at most ${MAX_PATTERN_LENGTH}).`,
      position: MAX_PATTERN_LENGTH,
    };
  }
  if (source.startsWith('/')) return compileRegex(source);
  if (!GLOB_CHARS.test(source)) return { ok: true, kind: 'exact', source, test: (name) => name === source };
  const problem = globProblem(source);
  if (problem !== null) return { ok: false, source, ...problem };
  try {
    const re = globToRegExp(source);
    return { ok: true, kind: 'glob', source, test: (name) => re.test(name) };
  } catch (err) {
    return {
      ok: false,
      source,
      message: `Invalid pattern: ${err instanceof Error ? err.message : String(err)}.`,
      position: null,
    };
  }
}

/** The first problem of a glob, mirroring globToRegExp's grammar, with its position. */
function globProblem(glob: string): { message: string; position: number } | null {
  const braces: number[] = [];
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob.charAt(i);
    if (c === '\\') {
      if (i + 1 >= glob.length)
        return { message: 'Invalid pattern: it ends with a lone "\\" (escape what?).', position: i };
      i += 1;
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) return { message: 'Invalid pattern: this "[" has no matching "]".', position: i };
      i = close;
    } else if (c === '{') {
      braces.push(i);
    } else if (c === '}' && braces.length > 0) {
      braces.pop();
    }
  }
  const open = braces.pop();
  if (open !== undefined) return { message: 'Invalid pattern: this "{" has no matching "}".', position: open };
  return null;
}

function compileRegex(source: string): CompiledPattern {
  const literal = parseRegexLiteral(source);
  if (literal === null) {
    const last = source.lastIndexOf('/');
    if (last <= 0) {
      return {
        ok: false,
        source,
        message: 'Invalid regular expression: a pattern starting with "/" needs a closing "/" (write /body/flags).',
        position: source.length,
      };
    }
    const flags = source.slice(last + 1);
    const bad = flags.search(/[^a-z]/);
    return {
      ok: false,
      source,
      message: `Invalid regular expression flag "${flags.charAt(bad)}": only i, s, u and v are allowed.`,
      position: last + 1 + Math.max(0, bad),
    };
  }
  const { body, flags } = literal;
  const flagsStart = source.length - flags.length;
  if (!ALLOWED_FLAGS.test(flags)) {
    const bad = flags.search(/[^isuv]/);
    return {
      ok: false,
      source,
      message: `Invalid regular expression flag "${flags.charAt(bad)}": only i, s, u and v are allowed.`,
      position: flagsStart + bad,
    };
  }
  const dup = [...flags].findIndex((f, i) => flags.indexOf(f) !== i);
  if (dup !== -1)
    return {
      ok: false,
      source,
      message: `Invalid regular expression: the flag "${flags.charAt(dup)}" is given twice.`,
      position: flagsStart + dup,
    };
  if (flags.includes('u') && flags.includes('v')) {
    return {
      ok: false,
      source,
      message: 'Invalid regular expression: the flags u and v cannot be combined.',
      position: flagsStart + flags.indexOf('v'),
    };
  }
  if (body === '')
    return {
      ok: false,
      source,
      message: 'Invalid regular expression: the pattern between the slashes is empty.',
      position: 1,
    };
  const scanned = scanRegex(body);
  let re: RegExp;
  try {
    re = new RegExp(body, flags);
  } catch (err) {
    const detail =
      err instanceof Error
        ? err.message.replace(/^Invalid regular expression:\s*(\/.*\/[a-z]*:\s*)?/, '')
        : String(err);
    const position = scanned.syntax === null ? null : scanned.syntax.position + 1;
    const message = scanned.syntax?.message ?? detail;
    return { ok: false, source, message: `Invalid regular expression: ${message}.`, position };
  }
  if (scanned.nested !== null) {
    return {
      ok: false,
      source,
      message:
        'This regular expression repeats a group that itself repeats (like (a+)+); that can take exponential time. Simplify it.',
      position: scanned.nested + 1,
    };
  }
  return { ok: true, kind: 'regex', source, test: (name) => re.test(name) };
}

interface RegexScan {
  /** The first syntax problem found by the scanner (offset in `body`), if it recognised one. */
  syntax: { message: string; position: number } | null;
  /** Offset of a quantifier applied to a group that contains a quantifier (catastrophic backtracking). */
  nested: number | null;
}

const QUANTIFIER_START = /[*+?{]/;

/**
 * A small scanner over a regex body that finds where the usual mistakes are (unterminated group or
 * class, unmatched ")", nothing to repeat, trailing "\") and nested quantifiers. JavaScript's own
 * error messages say what is wrong but not where.
 */
function scanRegex(body: string): RegexScan {
  const groups: { start: number; hasQuantifier: boolean }[] = [];
  let syntax: RegexScan['syntax'] = null;
  let nested: number | null = null;
  // Can the next quantifier apply to something? False at the start, after "(", "|" or a quantifier.
  let atomBefore = false;
  let lastAtomWasGroupWithQuantifier = false;
  const fail = (message: string, position: number) => {
    syntax ??= { message, position };
  };
  for (let i = 0; i < body.length && syntax === null; i += 1) {
    const c = body.charAt(i);
    if (c === '\\') {
      if (i + 1 >= body.length) fail('the pattern ends with a lone "\\"', i);
      i += 1;
      atomBefore = true;
      lastAtomWasGroupWithQuantifier = false;
    } else if (c === '[') {
      let j = i + 1;
      if (body.charAt(j) === '^') j += 1;
      if (body.charAt(j) === ']') j += 1;
      while (j < body.length && body.charAt(j) !== ']') {
        if (body.charAt(j) === '\\') j += 1;
        j += 1;
      }
      if (j >= body.length) fail('this "[" has no matching "]"', i);
      i = j;
      atomBefore = true;
      lastAtomWasGroupWithQuantifier = false;
    } else if (c === '(') {
      if (body.charAt(i + 1) === '?') {
        const rest = body.slice(i + 2);
        if (!/^(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.test(rest))
          fail('"(?" must be followed by :, =, !, <=, <! or <name>', i);
      }
      groups.push({ start: i, hasQuantifier: false });
      atomBefore = false;
    } else if (c === ')') {
      const group = groups.pop();
      if (group === undefined) {
        fail('this ")" has no matching "("', i);
      } else {
        atomBefore = true;
        lastAtomWasGroupWithQuantifier = group.hasQuantifier;
        const parent = groups.at(-1);
        if (parent !== undefined && group.hasQuantifier) parent.hasQuantifier = true;
      }
    } else if (c === '|') {
      atomBefore = false;
    } else if (QUANTIFIER_START.test(c)) {
      if (c === '{' && !/^\{\d+(,\d*)?\}/.test(body.slice(i))) {
        // A brace that is not a quantifier is a literal in non-unicode mode.
        atomBefore = true;
        lastAtomWasGroupWithQuantifier = false;
        continue;
      }
      if (!atomBefore) {
        fail(`nothing to repeat before "${c}"`, i);
        break;
      }
      const start = i;
      if (c === '{') i = body.indexOf('}', i);
      if (body.charAt(i + 1) === '?') i += 1; // lazy
      const unbounded = c === '*' || c === '+' || (c === '{' && /,\}$|,\d{2,}\}$/.test(body.slice(start, i + 1)));
      if (lastAtomWasGroupWithQuantifier && unbounded) nested ??= start;
      const current = groups.at(-1);
      if (current !== undefined) current.hasQuantifier = true;
      atomBefore = false;
      lastAtomWasGroupWithQuantifier = false;
    } else {
      atomBefore = true;
      lastAtomWasGroupWithQuantifier = false;
    }
  }
  const open = groups.at(-1);
  if (syntax === null && open !== undefined) fail('this "(" is never closed', open.start);
  return { syntax, nested };
}

/** Compiles a list; `ok` only when every pattern compiles. */
export function compilePatterns(raw: readonly string[]): {
  ok: boolean;
  compiled: CompiledPattern[];
  test: (name: string) => boolean;
} {
  const compiled = raw.map(compilePattern);
  const good = compiled.filter((c): c is Extract<CompiledPattern, { ok: true }> => c.ok);
  return { ok: good.length === compiled.length, compiled, test: (name) => good.some((p) => p.test(name)) };
}

/** The first pattern of `patterns` that `name` matches (invalid ones never match), or null. */
export function firstMatch(patterns: readonly CompiledPattern[], name: string): string | null {
  for (const p of patterns) if (p.ok && p.test(name)) return p.source;
  return null;
}

/**
 * The instance's protected patterns, matched exactly as the deletion service matches them:
 * anchored case-sensitive globs; a pattern that does not parse protects its literal text.
 */
export function compileInstanceProtected(patterns: readonly string[]): CompiledPattern[] {
  const out: CompiledPattern[] = [];
  for (const raw of patterns) {
    const source = raw.trim();
    if (source === '') continue;
    try {
      const re = globToRegExp(source);
      out.push({ ok: true, kind: 'glob', source, test: (name) => re.test(name) });
    } catch {
      out.push({ ok: true, kind: 'exact', source, test: (name) => name === source });
    }
  }
  return out;
}
