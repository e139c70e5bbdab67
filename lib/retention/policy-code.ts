// Policies as code: the JSON document an export writes and an import reads, and the plan of an
// import (created / updated / unchanged per policy, matched by name). Pure and client-safe.
import type { RetentionPolicySpec } from './types';

export const POLICY_DOCUMENT_FORMAT = 'hubkeeper.retention/v1';

export interface PolicyDocument {
  format: typeof POLICY_DOCUMENT_FORMAT;
  exportedAt: string;
  /** The instance the policies came from (informational; an import applies to the instance it is run on). */
  instance: string;
  policies: RetentionPolicySpec[];
}

export type ImportChange = 'created' | 'updated' | 'unchanged';

export interface ImportPlanItem {
  name: string;
  change: ImportChange;
  /** For updates: the fields that differ, e.g. ['rules.keepNewest', 'schedule.cron']. */
  fields: string[];
}

export interface ImportPlan {
  items: ImportPlanItem[];
  /** Policies of the instance the file does not mention: left as they are. */
  untouched: string[];
}

/** A policy in canonical form (trimmed, key order fixed) so equal policies compare equal. */
export function canonicalPolicy(p: RetentionPolicySpec): RetentionPolicySpec {
  const list = (xs: readonly string[]) => xs.map((x) => x.trim()).filter((x) => x !== '');
  return {
    name: p.name.trim(),
    enabled: p.enabled,
    scope: {
      namespace: p.scope.namespace,
      repoInclude: list(p.scope.repoInclude),
      repoExclude: list(p.scope.repoExclude),
    },
    rules: {
      tagInclude: list(p.rules.tagInclude),
      tagExclude: list(p.rules.tagExclude),
      pushedOlderThanDays: p.rules.pushedOlderThanDays,
      pulledOlderThanDays: p.rules.pulledOlderThanDays,
      keepNewest: p.rules.keepNewest,
      protectedPatterns: list(p.rules.protectedPatterns),
      keepSharedDigest: p.rules.keepSharedDigest,
    },
    schedule: {
      cron: p.schedule.cron === null ? null : p.schedule.cron.trim().replace(/\s+/g, ' ') || null,
      timezone: p.schedule.timezone.trim(),
    },
    safetyMaxDeletePercent: p.safetyMaxDeletePercent,
  };
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
}

/** The dotted fields where two policies differ (after canonicalisation). */
export function policyDiff(a: RetentionPolicySpec, b: RetentionPolicySpec): string[] {
  const fa = new Map<string, string>();
  const fb = new Map<string, string>();
  flatten(canonicalPolicy(a), '', fa);
  flatten(canonicalPolicy(b), '', fb);
  const keys = new Set([...fa.keys(), ...fb.keys()]);
  return [...keys].filter((k) => fa.get(k) !== fb.get(k)).sort();
}

/** What importing `incoming` into an instance holding `existing` would do. */
export function planImport(
  existing: readonly RetentionPolicySpec[],
  incoming: readonly RetentionPolicySpec[],
): ImportPlan {
  const byName = new Map(existing.map((p) => [p.name.trim(), p]));
  const items: ImportPlanItem[] = incoming.map((p) => {
    const current = byName.get(p.name.trim());
    if (current === undefined) return { name: p.name.trim(), change: 'created', fields: [] };
    const fields = policyDiff(current, p);
    return { name: p.name.trim(), change: fields.length === 0 ? 'unchanged' : 'updated', fields };
  });
  const mentioned = new Set(incoming.map((p) => p.name.trim()));
  return { items, untouched: existing.map((p) => p.name.trim()).filter((n) => !mentioned.has(n)) };
}

/** Names used more than once in a document (an import refuses them). */
export function duplicateNames(policies: readonly Pick<RetentionPolicySpec, 'name'>[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const p of policies) {
    const n = p.name.trim().toLowerCase();
    if (seen.has(n)) dups.add(p.name.trim());
    seen.add(n);
  }
  return [...dups];
}
