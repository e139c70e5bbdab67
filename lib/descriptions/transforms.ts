// The bulk-edit transforms: set, find & replace (literal or regex with $1…), prepend, append and a
// template with {{placeholders}}. Pure and client-safe: the form previews with the same code the
// server uses to plan the job.

import type { DescriptionChange, DescriptionField, RepoDescriptionContext } from './types';

/** Longest find pattern / template we accept (a guard against pathological input, not a Hub limit). */
export const MAX_PATTERN_LENGTH = 1_000;
/** Longest replacement/prepend/append/set text; Hub's own limits are checked on the result. */
export const MAX_TEXT_LENGTH = 30_000;

export const TEMPLATE_PLACEHOLDERS = ['name', 'namespace', 'description', 'short_description'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export const PLACEHOLDER_HELP: Record<TemplatePlaceholder, string> = {
  name: 'the repository name',
  namespace: 'the namespace (user or organisation)',
  description: "the field's current value",
  short_description: 'the current short description',
};

/** A change ready to apply to one repository's current value. */
export type CompiledChange = (current: string, repo: RepoDescriptionContext) => string;

export type CompileResult =
  | { ok: true; apply: CompiledChange; touches: boolean }
  | { ok: false; errors: Record<string, string> };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Number of capture groups in `re` (the classic trick: an alternation that always matches ""). */
function captureGroupCount(source: string, flags: string): number {
  const probe = new RegExp(`${source}|`, flags.replace('g', ''));
  const match = probe.exec('');
  return match === null ? 0 : match.length - 1;
}

/** Named groups in `source`, e.g. (?<year>\d+) -> ['year']. */
function namedGroups(source: string, flags: string): string[] {
  const probe = new RegExp(`${source}|`, flags.replace('g', ''));
  const match = probe.exec('');
  return match?.groups === undefined ? [] : Object.keys(match.groups);
}

/** Checks `$1`, `$<name>` references in a replacement against the pattern's groups. */
function replacementProblem(replacement: string, groups: number, names: string[]): string | null {
  const refs = /\$(\$|&|`|'|<([^>]*)>|(\d{1,2}))/g;
  for (let m = refs.exec(replacement); m !== null; m = refs.exec(replacement)) {
    if (m[2] !== undefined) {
      if (!names.includes(m[2])) {
        return names.length === 0
          ? `The replacement uses $<${m[2]}> but the pattern has no named groups.`
          : `The replacement uses $<${m[2]}> but the pattern's named groups are ${names.join(', ')}.`;
      }
    } else if (m[3] !== undefined) {
      // JavaScript reads "$12" as group 12 when it exists, otherwise as group 1 followed by "2".
      const two = Number(m[3]);
      const one = Number(m[3].charAt(0));
      const index = m[3].length === 2 && two <= groups ? two : one;
      if (index === 0) continue; // "$0" is literal text in JavaScript replacements
      if (index > groups) {
        return groups === 0
          ? `The replacement uses $${index} but the pattern has no capture groups ( … ).`
          : `The replacement uses $${index} but the pattern has only ${groups} capture group${groups === 1 ? '' : 's'}.`;
      }
    }
  }
  return null;
}

export type RegexCompile = { ok: true; re: RegExp } | { ok: false; error: string };

/** Compiles a user's find pattern (global; case-insensitive unless asked), with a readable error. */
export function compileFindRegex(source: string, caseSensitive: boolean): RegexCompile {
  if (source === '') return { ok: false, error: 'Enter the text or pattern to find.' };
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, error: `The pattern is too long (${source.length} characters; at most ${MAX_PATTERN_LENGTH}).` };
  }
  try {
    return { ok: true, re: new RegExp(source, caseSensitive ? 'g' : 'gi') };
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^Invalid regular expression:\s*/, '') : String(err);
    return { ok: false, error: `Invalid regular expression: ${detail}` };
  }
}

export type TemplatePart = { text: string } | { placeholder: TemplatePlaceholder };

/** Splits a template into text and placeholders; unknown or unclosed placeholders are errors. */
export function parseTemplate(template: string): { ok: true; parts: TemplatePart[] } | { ok: false; error: string } {
  if (template.length > MAX_TEXT_LENGTH) {
    return { ok: false, error: `The template is too long (${template.length} characters).` };
  }
  const parts: TemplatePart[] = [];
  const unknown: string[] = [];
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open === -1) {
      if (rest.includes('}}')) return { ok: false, error: 'The template has a "}}" without a matching "{{".' };
      if (rest !== '') parts.push({ text: rest });
      break;
    }
    const before = rest.slice(0, open);
    if (before.includes('}}')) return { ok: false, error: 'The template has a "}}" without a matching "{{".' };
    if (before !== '') parts.push({ text: before });
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) return { ok: false, error: `A placeholder is not closed: "${rest.slice(open, open + 20)}" needs "}}".` };
    const name = rest.slice(open + 2, close).trim();
    if ((TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      parts.push({ placeholder: name as TemplatePlaceholder });
    } else {
      unknown.push(name === '' ? '{{}}' : `{{${name}}}`);
    }
    rest = rest.slice(close + 2);
  }
  if (unknown.length > 0) {
    const list = [...new Set(unknown)].join(', ');
    return {
      ok: false,
      error: `Unknown placeholder${unknown.length === 1 ? '' : 's'} ${list}. Use ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`,
    };
  }
  return { ok: true, parts };
}

/** Renders parsed template parts for one repository; `current` is the field's current value. */
export function renderTemplate(parts: TemplatePart[], current: string, repo: RepoDescriptionContext): string {
  let out = '';
  for (const part of parts) {
    if ('text' in part) {
      out += part.text;
      continue;
    }
    switch (part.placeholder) {
      case 'name':
        out += repo.name;
        break;
      case 'namespace':
        out += repo.namespace;
        break;
      case 'description':
        out += current;
        break;
      case 'short_description':
        out += repo.description;
        break;
    }
  }
  return out;
}

function tooLong(field: string, text: string): Record<string, string> | null {
  return text.length > MAX_TEXT_LENGTH ? { [field]: `This text is too long (${text.length} characters).` } : null;
}

/**
 * Validates a change and returns a function that applies it. Errors are keyed by the change's
 * input (`find`, `replace`, `template`, `value`, `text`) so forms can show them in place.
 */
export function compileChange(change: DescriptionChange): CompileResult {
  switch (change.kind) {
    case 'keep':
      return { ok: true, touches: false, apply: (current) => current };
    case 'set': {
      const bad = tooLong('value', change.value);
      if (bad) return { ok: false, errors: bad };
      return { ok: true, touches: true, apply: () => change.value };
    }
    case 'prepend':
    case 'append': {
      if (change.text === '') return { ok: false, errors: { text: `Enter the text to ${change.kind}.` } };
      const bad = tooLong('text', change.text);
      if (bad) return { ok: false, errors: bad };
      const text = change.text;
      return {
        ok: true,
        touches: true,
        apply: change.kind === 'prepend' ? (current) => text + current : (current) => current + text,
      };
    }
    case 'replace': {
      const errors: Record<string, string> = {};
      const badReplace = tooLong('replace', change.replace);
      if (badReplace) Object.assign(errors, badReplace);
      if (!change.regex) {
        if (change.find === '') errors.find = 'Enter the text to find.';
        else if (change.find.length > MAX_PATTERN_LENGTH) errors.find = `The text to find is too long (at most ${MAX_PATTERN_LENGTH} characters).`;
        if (Object.keys(errors).length > 0) return { ok: false, errors };
        const { find, replace } = change;
        if (change.caseSensitive) return { ok: true, touches: true, apply: (current) => current.split(find).join(replace) };
        const re = new RegExp(escapeRegExp(find), 'gi');
        // A function replacer keeps "$1" in the replacement literal in literal mode.
        return { ok: true, touches: true, apply: (current) => current.replace(re, () => replace) };
      }
      const compiled = compileFindRegex(change.find, change.caseSensitive);
      if (!compiled.ok) {
        errors.find = compiled.error;
        return { ok: false, errors };
      }
      const problem = replacementProblem(
        change.replace,
        captureGroupCount(compiled.re.source, compiled.re.flags),
        namedGroups(compiled.re.source, compiled.re.flags),
      );
      if (problem !== null) errors.replace = problem;
      if (Object.keys(errors).length > 0) return { ok: false, errors };
      const { re } = compiled;
      const replacement = change.replace;
      return {
        ok: true,
        touches: true,
        apply: (current) => {
          re.lastIndex = 0;
          return current.replace(re, replacement);
        },
      };
    }
    case 'template': {
      const parsed = parseTemplate(change.template);
      if (!parsed.ok) return { ok: false, errors: { template: parsed.error } };
      const { parts } = parsed;
      return { ok: true, touches: true, apply: (current, repo) => renderTemplate(parts, current, repo) };
    }
  }
}

/** Applies a change to a value directly (throws on an invalid change; for tests and one-offs). */
export function applyChange(change: DescriptionChange, current: string, repo: RepoDescriptionContext): string {
  const compiled = compileChange(change);
  if (!compiled.ok) throw new Error(Object.values(compiled.errors).join(' '));
  return compiled.apply(current, repo);
}

/** True when applying `change` to `field` needs the current full description (not in list results). */
export function needsFullDescription(field: DescriptionField, change: DescriptionChange): boolean {
  // Any change of the README is compared against its current value before writing.
  return field === 'fullDescription' && change.kind !== 'keep';
}

/** One-line summary of a change, for job lists and the audit log. */
export function describeChange(change: DescriptionChange): string {
  const q = (s: string, max = 40) => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
  switch (change.kind) {
    case 'keep':
      return 'unchanged';
    case 'set':
      return change.value === '' ? 'clear' : `set to ${q(change.value)}`;
    case 'replace':
      return `replace ${change.regex ? `/${change.find}/${change.caseSensitive ? '' : 'i'}` : q(change.find)} with ${q(change.replace)}${!change.regex && !change.caseSensitive ? ' (any case)' : ''}`;
    case 'prepend':
      return `prepend ${q(change.text)}`;
    case 'append':
      return `append ${q(change.text)}`;
    case 'template':
      return `template ${q(change.template)}`;
  }
}
