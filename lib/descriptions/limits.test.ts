import { describe, expect, it } from 'vitest';
import { checkLimits, FULL_DESCRIPTION_MAX_BYTES, limitProblem, SHORT_DESCRIPTION_MAX, usageLabel, utf8Length } from './limits';

describe('limits', () => {
  it('accepts exactly 100 characters and refuses 101', () => {
    expect(limitProblem('description', 'a'.repeat(SHORT_DESCRIPTION_MAX))).toBeNull();
    expect(limitProblem('description', 'a'.repeat(SHORT_DESCRIPTION_MAX + 1))).toMatch(/101 characters; Docker Hub allows at most 100/);
  });
  it('counts the full description in UTF-8 bytes', () => {
    expect(utf8Length('aé€🚀')).toBe(1 + 2 + 3 + 4);
    expect(utf8Length('a'.repeat(10))).toBe(Buffer.byteLength('a'.repeat(10)));
    const atLimit = 'a'.repeat(FULL_DESCRIPTION_MAX_BYTES);
    expect(limitProblem('fullDescription', atLimit)).toBeNull();
    // 12,500 two-byte characters = 25,000 bytes; one more character breaks the limit.
    expect(limitProblem('fullDescription', 'é'.repeat(12_501))).toMatch(/25,002 bytes/);
  });
  it('checks only the fields given', () => {
    expect(checkLimits({ description: 'ok' })).toEqual([]);
    expect(checkLimits({ description: 'x'.repeat(101), fullDescription: 'fine' }).map((v) => v.field)).toEqual(['description']);
  });
  it('labels usage for the counters', () => {
    expect(usageLabel('description', 'abc')).toMatchObject({ label: '3 / 100', over: false });
    expect(usageLabel('fullDescription', 'é')).toMatchObject({ used: 2, label: '2 / 25,000 bytes' });
  });
});
