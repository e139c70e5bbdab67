import { describe, expect, it } from 'vitest';
import { compileNameFilter, globToRegExp, parseRegexLiteral } from './name-filter';

const names = ['v1.0', 'v1.2.3', 'v10.0', 'V1-rc1', 'latest', 'v2.0', 'nightly-2025-01-01', 'v1x0'];

function match(pattern: string): string[] {
  const m = compileNameFilter(pattern);
  if (!m.ok) throw new Error(m.error);
  return names.filter((n) => m.test(n));
}

describe('compileNameFilter', () => {
  it('matches everything when empty or blank', () => {
    expect(match('')).toEqual(names);
    expect(match('   ')).toEqual(names);
  });

  it('treats plain text as a case-insensitive substring', () => {
    expect(compileNameFilter('rc').ok && compileNameFilter('rc').kind).toBe('substring');
    expect(match('v1')).toEqual(['v1.0', 'v1.2.3', 'v10.0', 'V1-rc1', 'v1x0']);
    expect(match('LATE')).toEqual(['latest']);
  });

  it('treats a dot literally in substrings', () => {
    expect(match('v1.0')).toEqual(['v1.0']);
  });

  it('reads * ? [] {} as an anchored glob', () => {
    expect(compileNameFilter('v1.*').ok && compileNameFilter('v1.*').kind).toBe('glob');
    expect(match('v1.*')).toEqual(['v1.0', 'v1.2.3']);
    expect(match('v?.0')).toEqual(['v1.0', 'v2.0']);
    expect(match('v[12].0')).toEqual(['v1.0', 'v2.0']);
    expect(match('v[!1].0')).toEqual(['v2.0']);
    expect(match('{latest,nightly-*}')).toEqual(['latest', 'nightly-2025-01-01']);
    expect(match('*rc*')).toEqual(['V1-rc1']);
  });

  it('reports an unbalanced glob as a message', () => {
    const m = compileNameFilter('v[1');
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.error).toMatch(/"\[" has no matching "\]"/);
    const b = compileNameFilter('{a,b');
    expect(b.ok).toBe(false);
  });

  it('reads /…/ as a regular expression with flags', () => {
    expect(match('/^v1\\.\\d+$/')).toEqual(['v1.0']);
    expect(match('/^v\\d+\\.0$/')).toEqual(['v1.0', 'v10.0', 'v2.0']);
    expect(match('/^v1-/i')).toEqual(['V1-rc1']);
    expect(match('/^v1-/')).toEqual([]);
  });

  it('returns a readable message for an invalid regex instead of throwing', () => {
    const m = compileNameFilter('/v1.(/');
    expect(m.ok).toBe(false);
    if (!m.ok) {
      expect(m.kind).toBe('regex');
      expect(m.error).toMatch(/^Invalid regular expression: /);
    }
    const flags = compileNameFilter('/abc/g');
    expect(flags.ok).toBe(false);
    if (!flags.ok) expect(flags.error).toMatch(/flag "g"/);
    const empty = compileNameFilter('//');
    expect(empty.ok).toBe(false);
  });

  it('is stateless across calls (no lastIndex surprises)', () => {
    const m = compileNameFilter('/v1/i');
    if (!m.ok) throw new Error(m.error);
    expect([m.test('v1'), m.test('v1'), m.test('v1')]).toEqual([true, true, true]);
  });

  it('refuses absurdly long patterns', () => {
    expect(compileNameFilter('a'.repeat(600)).ok).toBe(false);
  });
});

describe('globToRegExp', () => {
  it('is case-sensitive unless asked', () => {
    expect(globToRegExp('latest').test('Latest')).toBe(false);
    expect(globToRegExp('latest', { caseInsensitive: true }).test('Latest')).toBe(true);
  });
  it('escapes regex specials and honours backslash escapes', () => {
    expect(globToRegExp('a+b').test('a+b')).toBe(true);
    expect(globToRegExp('a+b').test('aab')).toBe(false);
    expect(globToRegExp('v\\*').test('v*')).toBe(true);
    expect(globToRegExp('v\\*').test('v1')).toBe(false);
  });
});

describe('parseRegexLiteral', () => {
  it('splits body and flags', () => {
    expect(parseRegexLiteral('/a/b/i')).toEqual({ body: 'a/b', flags: 'i' });
    expect(parseRegexLiteral('/abc')).toBeNull();
    expect(parseRegexLiteral('abc')).toBeNull();
  });
});
