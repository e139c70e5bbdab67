// Turns a bulk spec and the repositories' current descriptions into preview rows: what each
// repository would get, which rows are unchanged and which break Hub's limits. Pure and client-safe.

import { compileNameFilter } from '@/lib/tags/name-filter';
import { checkLimits } from './limits';
import { compileChange, type CompiledChange } from './transforms';
import {
  DESCRIPTION_FIELDS,
  type BulkDescriptionSpec,
  type DescriptionField,
  type DescriptionPatch,
  type PreviewRow,
  type RepoDescriptionContext,
} from './types';

export type CompiledSpec =
  | { ok: true; changes: Partial<Record<DescriptionField, CompiledChange>> }
  | { ok: false; errors: Record<string, string> };

/**
 * Validates both fields' changes. Error keys are `description.find`, `fullDescription.template`, …;
 * `changes` is the error key when neither field changes.
 */
export function compileSpec(spec: Pick<BulkDescriptionSpec, DescriptionField>): CompiledSpec {
  const errors: Record<string, string> = {};
  const changes: Partial<Record<DescriptionField, CompiledChange>> = {};
  for (const field of DESCRIPTION_FIELDS) {
    const compiled = compileChange(spec[field]);
    if (!compiled.ok) {
      for (const [key, message] of Object.entries(compiled.errors)) errors[`${field}.${key}`] = message;
    } else if (compiled.touches) {
      changes[field] = compiled.apply;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (Object.keys(changes).length === 0) {
    return { ok: false, errors: { changes: 'Choose a change for the short description, the full description, or both.' } };
  }
  return { ok: true, changes };
}

/** Plans one repository: the new values of the fields that change, and any limit they break. */
export function planRow(changes: Partial<Record<DescriptionField, CompiledChange>>, repo: RepoDescriptionContext): PreviewRow {
  const after: DescriptionPatch = {};
  for (const field of DESCRIPTION_FIELDS) {
    const apply = changes[field];
    if (apply === undefined) continue;
    const current = repo[field] ?? '';
    const next = apply(current, repo);
    if (next !== current) after[field] = next;
  }
  const problems = checkLimits(after);
  const before = { description: repo.description, fullDescription: repo.fullDescription };
  const base = { namespace: repo.namespace, name: repo.name, before, after };
  if (problems.length > 0) return { ...base, outcome: 'invalid', problems };
  return { ...base, outcome: Object.keys(after).length === 0 ? 'unchanged' : 'change', problems: [] };
}

/** Plans every repository, in the given order. */
export function planBulk(changes: Partial<Record<DescriptionField, CompiledChange>>, repos: RepoDescriptionContext[]): PreviewRow[] {
  return repos.map((repo) => planRow(changes, repo));
}

export interface PreviewSummary {
  total: number;
  change: number;
  unchanged: number;
  invalid: number;
}

/** Counts rows by outcome. */
export function summarizePreview(rows: PreviewRow[]): PreviewSummary {
  const summary: PreviewSummary = { total: rows.length, change: 0, unchanged: 0, invalid: 0 };
  for (const row of rows) summary[row.outcome] += 1;
  return summary;
}

// Hub repository names: lowercase letters, digits, and . _ - inside; namespaces the same (2–255 chars total).
const REPO_PART = /^[a-z0-9](?:[a-z0-9._-]{0,253}[a-z0-9])?$/;

/** Splits "namespace/name" (or a bare name, using `defaultNamespace`); null when malformed. */
export function parseRepoRef(ref: string, defaultNamespace?: string): { namespace: string; name: string } | null {
  const trimmed = ref.trim().toLowerCase();
  if (trimmed === '') return null;
  const slash = trimmed.indexOf('/');
  const namespace = slash === -1 ? defaultNamespace?.toLowerCase() : trimmed.slice(0, slash);
  const name = slash === -1 ? trimmed : trimmed.slice(slash + 1);
  if (namespace === undefined || !REPO_PART.test(namespace) || !REPO_PART.test(name)) return null;
  return { namespace, name };
}

/** Parses `?repos=a,b/c` into unique refs, with the entries it could not read. */
export function parseRepoList(input: string | string[], defaultNamespace?: string): { refs: { namespace: string; name: string }[]; invalid: string[] } {
  const raw = (Array.isArray(input) ? input : [input]).flatMap((s) => s.split(/[\s,]+/)).filter((s) => s.trim() !== '');
  const refs: { namespace: string; name: string }[] = [];
  const seen = new Set<string>();
  const invalid: string[] = [];
  for (const entry of raw) {
    const ref = parseRepoRef(entry, defaultNamespace);
    if (ref === null) {
      invalid.push(entry);
      continue;
    }
    const key = `${ref.namespace}/${ref.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      refs.push(ref);
    }
  }
  return { refs, invalid };
}

/** Compiles a repository-name filter (substring, glob or /regex/), reusing the tag filter rules. */
export function compileRepoNameFilter(pattern: string): { ok: true; test: (name: string) => boolean } | { ok: false; error: string } {
  const matcher = compileNameFilter(pattern);
  if (!matcher.ok) return { ok: false, error: matcher.error };
  return { ok: true, test: matcher.test };
}
