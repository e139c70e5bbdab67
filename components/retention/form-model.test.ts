import { describe, expect, it } from 'vitest';
import { checkPolicySpec } from '@/lib/retention';
import { errorsByInput, formToSpec, newPolicyForm, specToForm } from './form-model';

describe('policy form model', () => {
  it('round-trips a spec and maps pattern errors to their line', () => {
    const form = {
      ...newPolicyForm('acme'),
      name: 'x',
      tagInclude: 'pr-*\n\n  /a(b/  ',
      pushedOlderThanDays: '30',
      keepNewest: 'abc',
    };
    const spec = formToSpec(form);
    expect(spec.rules.tagInclude).toEqual(['pr-*', '/a(b/']);
    expect(spec.rules.pushedOlderThanDays).toBe(30);
    expect(Number.isNaN(spec.rules.keepNewest)).toBe(true);
    const shown = errorsByInput(form, checkPolicySpec(spec, Date.UTC(2026, 0, 1)).errors);
    expect(shown.tagInclude).toEqual([
      { message: expect.stringContaining('never closed'), position: 2, line: 3, pattern: '/a(b/' },
    ]);
    expect(shown.keepNewest?.[0]?.message).toMatch(/whole number/);
    expect(specToForm(formToSpec({ ...form, keepNewest: '' }))).toMatchObject({
      tagInclude: 'pr-*\n/a(b/',
      pushedOlderThanDays: '30',
      keepNewest: '',
    });
  });
});
