import { describe, expect, it } from 'vitest';
import { compileRepoNameFilter, compileSpec, parseRepoList, planBulk, summarizePreview } from './plan';
import type { RepoDescriptionContext } from './types';

const repos: RepoDescriptionContext[] = [
  { namespace: 'acme', name: 'web', description: 'Web image (old)', fullDescription: null },
  { namespace: 'acme', name: 'api', description: 'API', fullDescription: null },
  { namespace: 'acme', name: 'long', description: 'x'.repeat(95) + ' (old)', fullDescription: null },
];

describe('compileSpec', () => {
  it('prefixes errors with the field', () => {
    const compiled = compileSpec({ description: { kind: 'template', template: '{{bad}}' }, fullDescription: { kind: 'replace', find: '(', replace: '', regex: true, caseSensitive: true } });
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(Object.keys(compiled.errors).sort()).toEqual(['description.template', 'fullDescription.find']);
  });
  it('refuses a spec that changes nothing', () => {
    const compiled = compileSpec({ description: { kind: 'keep' }, fullDescription: { kind: 'keep' } });
    expect(compiled.ok ? null : compiled.errors.changes).toMatch(/Choose a change/);
  });
});

describe('planBulk', () => {
  it('marks changed, unchanged and over-limit rows', () => {
    const compiled = compileSpec({ description: { kind: 'replace', find: '(old)', replace: '(legacy, read-only)', regex: false, caseSensitive: true }, fullDescription: { kind: 'keep' } });
    if (!compiled.ok) throw new Error('compile');
    const rows = planBulk(compiled.changes, repos);
    expect(rows.map((r) => r.outcome)).toEqual(['change', 'unchanged', 'invalid']);
    expect(rows[0]?.after).toEqual({ description: 'Web image (legacy, read-only)' });
    expect(rows[1]?.after).toEqual({});
    expect(rows[2]?.problems[0]?.message).toMatch(/Docker Hub allows at most 100/);
    expect(summarizePreview(rows)).toEqual({ total: 3, change: 1, unchanged: 1, invalid: 1 });
  });
  it('treats an unread full description as empty for set/append and only records real changes', () => {
    const compiled = compileSpec({ description: { kind: 'keep' }, fullDescription: { kind: 'append', text: '\nfooter' } });
    if (!compiled.ok) throw new Error('compile');
    const [row] = planBulk(compiled.changes, [{ namespace: 'a', name: 'b', description: 'd', fullDescription: '# T' }]);
    expect(row?.after).toEqual({ fullDescription: '# T\nfooter' });
  });
});

describe('selection helpers', () => {
  it('parses ?repos= lists with a default namespace and reports bad entries', () => {
    expect(parseRepoList('web, acme/api,acme/web,Bad_Name!,other/x', 'acme')).toEqual({
      refs: [
        { namespace: 'acme', name: 'web' },
        { namespace: 'acme', name: 'api' },
        { namespace: 'other', name: 'x' },
      ],
      invalid: ['Bad_Name!'],
    });
  });
  it('filters names by glob and regex', () => {
    const glob = compileRepoNameFilter('web-*');
    const re = compileRepoNameFilter('/^api-\\d+$/');
    expect(glob.ok && glob.test('web-1') && !glob.test('api')).toBe(true);
    expect(re.ok && re.test('api-12') && !re.test('api-x')).toBe(true);
    const bad = compileRepoNameFilter('/(/');
    expect(bad.ok ? '' : bad.error).toMatch(/Invalid regular expression/);
  });
});
