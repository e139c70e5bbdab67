import { describe, expect, it } from 'vitest';
import { canonicalPolicy, duplicateNames, planImport, policyDiff } from './policy-code';
import { DEFAULT_RULES, type RetentionPolicySpec } from './types';
import { checkPolicySpec } from './validate';

const NOW = Date.UTC(2026, 0, 1);

function policy(name: string, overrides: Partial<RetentionPolicySpec['rules']> = {}): RetentionPolicySpec {
  return {
    name,
    enabled: true,
    scope: { namespace: 'acme', repoInclude: [], repoExclude: [] },
    rules: { ...DEFAULT_RULES, pushedOlderThanDays: 30, ...overrides },
    schedule: { cron: '0 3 * * 1', timezone: 'UTC' },
    safetyMaxDeletePercent: 50,
  };
}

describe('policies as code', () => {
  it('plans created / updated (with fields) / unchanged, and leaves the others untouched', () => {
    const existing = [policy('a'), policy('b'), policy('c')];
    const plan = planImport(existing, [policy('a'), policy('b', { keepNewest: 5 }), policy('d')]);
    expect(plan.items).toEqual([
      { name: 'a', change: 'unchanged', fields: [] },
      { name: 'b', change: 'updated', fields: ['rules.keepNewest'] },
      { name: 'd', change: 'created', fields: [] },
    ]);
    expect(plan.untouched).toEqual(['c']);
  });

  it('compares canonical forms (whitespace, blank patterns, cron spacing)', () => {
    const messy = {
      ...policy(' a '),
      rules: { ...policy('a').rules, tagInclude: [' pr-* ', ''] },
      schedule: { cron: '0  3 * * 1 ', timezone: 'UTC' },
    };
    const clean = { ...policy('a'), rules: { ...policy('a').rules, tagInclude: ['pr-*'] } };
    expect(policyDiff(messy, clean)).toEqual([]);
    expect(canonicalPolicy(messy).schedule.cron).toBe('0 3 * * 1');
  });

  it('finds duplicate names, case-insensitively', () => {
    expect(duplicateNames([{ name: 'A' }, { name: 'b' }, { name: 'a ' }])).toEqual(['a']);
  });
});

describe('checkPolicySpec', () => {
  it('accepts a sound policy', () => {
    expect(checkPolicySpec(policy('ok'), NOW)).toEqual({ errors: [], warnings: [] });
  });

  it('points at each bad field', () => {
    const bad: RetentionPolicySpec = {
      ...policy(''),
      scope: { namespace: 'Not A Namespace', repoInclude: ['[x'], repoExclude: [] },
      rules: {
        ...DEFAULT_RULES,
        tagExclude: ['ok', '/(/'],
        pushedOlderThanDays: 0,
        pulledOlderThanDays: 36_501,
        keepNewest: 1.5,
      },
      schedule: { cron: '* * * * *', timezone: 'Nowhere/Land' },
      safetyMaxDeletePercent: 0,
    };
    const fields = checkPolicySpec(bad, NOW).errors.map((e) => e.field);
    expect(fields).toEqual([
      'name',
      'scope.namespace',
      'scope.repoInclude.0',
      'rules.tagExclude.1',
      'rules.pushedOlderThanDays',
      'rules.pulledOlderThanDays',
      'rules.keepNewest',
      'safetyMaxDeletePercent',
      'schedule.timezone',
    ]);
  });

  it('warns about a policy that can never delete', () => {
    const none = { ...policy('x'), rules: { ...DEFAULT_RULES } };
    expect(checkPolicySpec(none, NOW).warnings[0]).toMatch(/no rule that could ever delete/);
    const shadowed = { ...policy('x'), rules: { ...DEFAULT_RULES, tagInclude: ['latest'], pushedOlderThanDays: null } };
    expect(checkPolicySpec(shadowed, NOW).warnings[0]).toMatch(/also protected/);
  });
});
