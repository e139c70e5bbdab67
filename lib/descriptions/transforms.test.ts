import { describe, expect, it } from 'vitest';
import { applyChange, compileChange, describeChange, parseTemplate } from './transforms';
import type { DescriptionChange, RepoDescriptionContext } from './types';

const repo: RepoDescriptionContext = { namespace: 'acme', name: 'web-api', description: 'Web API image', fullDescription: '# Web\nUses v1.2' };

function errorsOf(change: DescriptionChange): Record<string, string> {
  const result = compileChange(change);
  if (result.ok) throw new Error('expected an error');
  return result.errors;
}

describe('set', () => {
  it('replaces the value, including clearing it', () => {
    expect(applyChange({ kind: 'set', value: 'New' }, 'Old', repo)).toBe('New');
    expect(applyChange({ kind: 'set', value: '' }, 'Old', repo)).toBe('');
  });
});

describe('keep', () => {
  it('does not touch the field', () => {
    const result = compileChange({ kind: 'keep' });
    expect(result.ok && result.touches).toBe(false);
  });
});

describe('replace (literal)', () => {
  it('replaces every occurrence, case-sensitively', () => {
    expect(applyChange({ kind: 'replace', find: 'a', replace: 'b', regex: false, caseSensitive: true }, 'aAa', repo)).toBe('bAb');
  });
  it('replaces regardless of case when asked', () => {
    expect(applyChange({ kind: 'replace', find: 'api', replace: 'service', regex: false, caseSensitive: false }, 'Web API and api', repo)).toBe(
      'Web service and service',
    );
  });
  it('treats regex characters and $1 literally', () => {
    expect(applyChange({ kind: 'replace', find: 'v1.2 (old)', replace: '$1 new', regex: false, caseSensitive: true }, 'x v1.2 (old) v1x2 (old)', repo)).toBe(
      'x $1 new v1x2 (old)',
    );
    expect(applyChange({ kind: 'replace', find: '.', replace: '$&', regex: false, caseSensitive: false }, 'a.b', repo)).toBe('a$&b');
  });
  it('refuses an empty find', () => {
    expect(errorsOf({ kind: 'replace', find: '', replace: 'x', regex: false, caseSensitive: true }).find).toMatch(/Enter the text/);
  });
});

describe('replace (regex)', () => {
  it('supports capture groups', () => {
    expect(applyChange({ kind: 'replace', find: 'v(\\d+)\\.(\\d+)', replace: 'version $1-$2', regex: true, caseSensitive: true }, 'Uses v1.2 and v3.4', repo)).toBe(
      'Uses version 1-2 and version 3-4',
    );
  });
  it('supports named groups and $&', () => {
    expect(applyChange({ kind: 'replace', find: '(?<word>web)', replace: '[$<word>|$&]', regex: true, caseSensitive: false }, 'Web web', repo)).toBe(
      '[Web|Web] [web|web]',
    );
  });
  it('is case-sensitive unless told otherwise', () => {
    const change = { kind: 'replace', find: 'api', replace: 'X', regex: true } as const;
    expect(applyChange({ ...change, caseSensitive: true }, 'API api', repo)).toBe('API X');
    expect(applyChange({ ...change, caseSensitive: false }, 'API api', repo)).toBe('X X');
  });
  it('can be applied repeatedly (no lastIndex leakage)', () => {
    const compiled = compileChange({ kind: 'replace', find: 'a', replace: 'b', regex: true, caseSensitive: true });
    if (!compiled.ok) throw new Error('compile');
    expect(compiled.apply('aa', repo)).toBe('bb');
    expect(compiled.apply('aa', repo)).toBe('bb');
  });
  it('reports an invalid regex in words', () => {
    expect(errorsOf({ kind: 'replace', find: '(unclosed', replace: '', regex: true, caseSensitive: true }).find).toMatch(/^Invalid regular expression/);
  });
  it('reports references to groups that do not exist', () => {
    expect(errorsOf({ kind: 'replace', find: 'a(b)', replace: '$2', regex: true, caseSensitive: true }).replace).toMatch(/only 1 capture group/);
    expect(errorsOf({ kind: 'replace', find: 'ab', replace: '$1', regex: true, caseSensitive: true }).replace).toMatch(/no capture groups/);
    expect(errorsOf({ kind: 'replace', find: '(?<a>x)', replace: '$<b>', regex: true, caseSensitive: true }).replace).toMatch(/named groups are a/);
  });
  it('accepts $$ as a literal dollar', () => {
    expect(applyChange({ kind: 'replace', find: 'cost', replace: '$$5', regex: true, caseSensitive: true }, 'cost', repo)).toBe('$5');
  });
});

describe('prepend / append', () => {
  it('adds text before or after', () => {
    expect(applyChange({ kind: 'prepend', text: '[deprecated] ' }, 'Web', repo)).toBe('[deprecated] Web');
    expect(applyChange({ kind: 'append', text: '\n\nMaintained by acme.' }, '# Web', repo)).toBe('# Web\n\nMaintained by acme.');
  });
  it('refuses empty text', () => {
    expect(errorsOf({ kind: 'append', text: '' }).text).toMatch(/Enter the text to append/);
  });
});

describe('template', () => {
  it('fills every placeholder', () => {
    expect(applyChange({ kind: 'template', template: '{{namespace}}/{{ name }}: {{description}} ({{short_description}})' }, 'current', repo)).toBe(
      'acme/web-api: current (Web API image)',
    );
  });
  it('uses the field value for {{description}}', () => {
    expect(applyChange({ kind: 'template', template: '{{description}}\n\nFooter' }, '# Web', repo)).toBe('# Web\n\nFooter');
  });
  it('rejects unknown placeholders, naming them and the allowed ones', () => {
    const err = errorsOf({ kind: 'template', template: 'Hi {{nmae}} {{tag}} {{nmae}}' }).template;
    expect(err).toContain('{{nmae}}, {{tag}}');
    expect(err).toContain('{{name}}');
  });
  it('rejects unclosed and stray braces', () => {
    expect(errorsOf({ kind: 'template', template: 'Hi {{name' }).template).toMatch(/not closed/);
    expect(errorsOf({ kind: 'template', template: 'Hi name}}' }).template).toMatch(/without a matching/);
    expect(errorsOf({ kind: 'template', template: '{{}}' }).template).toMatch(/Unknown placeholder/);
  });
  it('keeps plain text with single braces', () => {
    const parsed = parseTemplate('{json: {a}}');
    expect(parsed.ok).toBe(false);
    expect(applyChange({ kind: 'template', template: 'a {b} c' }, '', repo)).toBe('a {b} c');
  });
});

describe('describeChange', () => {
  it('summarises each kind', () => {
    expect(describeChange({ kind: 'set', value: '' })).toBe('clear');
    expect(describeChange({ kind: 'replace', find: 'a', replace: 'b', regex: true, caseSensitive: false })).toBe('replace /a/i with "b"');
    expect(describeChange({ kind: 'append', text: 'x' })).toBe('append "x"');
  });
});
