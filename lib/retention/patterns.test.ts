import { describe, expect, it } from 'vitest';
import { compilePattern } from './patterns';

function err(p: string) {
  const c = compilePattern(p);
  if (c.ok) throw new Error(`expected ${p} to be invalid`);
  return c;
}
function ok(p: string) {
  const c = compilePattern(p);
  if (!c.ok) throw new Error(`expected ${p} to compile: ${c.message}`);
  return c;
}

describe('compilePattern', () => {
  it('treats plain text as an exact name, never a substring', () => {
    const c = ok('latest');
    expect(c.kind).toBe('exact');
    expect(c.test('latest')).toBe(true);
    expect(c.test('latest-2')).toBe(false);
  });

  it('compiles anchored, case-sensitive globs', () => {
    const c = ok('v1.*');
    expect(c.test('v1.2')).toBe(true);
    expect(c.test('v10')).toBe(false);
    expect(c.test('V1.2')).toBe(false);
    expect(ok('{dev,main}-?').test('main-1')).toBe(true);
    expect(ok('build-[0-9]*').test('build-7x')).toBe(true);
  });

  it('compiles /regex/flags', () => {
    const c = ok('/^v\\d+$/');
    expect(c.kind).toBe('regex');
    expect(c.test('v12')).toBe(true);
    expect(c.test('v1.2')).toBe(false);
    expect(ok('/^PR-/i').test('pr-1')).toBe(true);
  });

  it('points at the problem of an invalid glob', () => {
    expect(err('v[12')).toMatchObject({ position: 1, message: expect.stringContaining('"["') });
    expect(err('{a,b')).toMatchObject({ position: 0 });
    expect(err('a\\')).toMatchObject({ position: 1 });
  });

  it('points at the problem of an invalid regex', () => {
    expect(err('/(abc/')).toMatchObject({ position: 1, message: expect.stringContaining('never closed') });
    expect(err('/abc)/')).toMatchObject({ position: 4 });
    expect(err('/*abc/')).toMatchObject({ position: 1, message: expect.stringContaining('nothing to repeat') });
    expect(err('/a[bc/')).toMatchObject({ position: 2 });
    expect(err('/abc/g')).toMatchObject({ position: 5, message: expect.stringContaining('"g"') });
    expect(err('/abc')).toMatchObject({ position: 4 });
    expect(err('//')).toMatchObject({ position: 1 });
    expect(err('/a(?x)/')).toMatchObject({ position: 2 });
  });

  it('refuses nested quantifiers (catastrophic backtracking)', () => {
    expect(err('/(a+)+$/')).toMatchObject({ position: 5, message: expect.stringContaining('exponential') });
    expect(err('/((ab)*c)*/')).toMatchObject({ position: 9 });
    expect(ok('/(ab)+c*/').test('ababc')).toBe(true);
    expect(ok('/(a|b)?x/').test('ax')).toBe(true);
  });

  it('refuses empty and overlong patterns', () => {
    expect(err('   ')).toMatchObject({ position: 0 });
    expect(err('a'.repeat(300)).message).toMatch(/too long/);
  });
});
