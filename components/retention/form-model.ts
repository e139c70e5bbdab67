// The policy editor's form state (what the inputs hold, as text) and its conversion to a policy
// spec, plus where each error of lib/retention/validate.ts is shown. Pure.
import type { PolicyFieldError, RetentionPolicySpec } from '@/lib/retention';

export type PatternListKey = 'repoInclude' | 'repoExclude' | 'tagInclude' | 'tagExclude' | 'protectedPatterns';

export interface PolicyForm {
  name: string;
  enabled: boolean;
  namespace: string;
  /** One pattern per line. */
  repoInclude: string;
  repoExclude: string;
  tagInclude: string;
  tagExclude: string;
  protectedPatterns: string;
  pushedOlderThanDays: string;
  pulledOlderThanDays: string;
  keepNewest: string;
  keepSharedDigest: boolean;
  safetyMaxDeletePercent: string;
  scheduled: boolean;
  cron: string;
  timezone: string;
}

export const PATTERN_FIELDS: Record<PatternListKey, string> = {
  repoInclude: 'scope.repoInclude',
  repoExclude: 'scope.repoExclude',
  tagInclude: 'rules.tagInclude',
  tagExclude: 'rules.tagExclude',
  protectedPatterns: 'rules.protectedPatterns',
};

/** Non-empty lines with their 1-based line numbers. */
export function patternLines(text: string): { pattern: string; line: number }[] {
  return text
    .split('\n')
    .map((raw, i) => ({ pattern: raw.trim(), line: i + 1 }))
    .filter((l) => l.pattern !== '');
}

function parseCount(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  return /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
}

export function formToSpec(form: PolicyForm): RetentionPolicySpec {
  const list = (text: string) => patternLines(text).map((l) => l.pattern);
  return {
    name: form.name,
    enabled: form.enabled,
    scope: { namespace: form.namespace, repoInclude: list(form.repoInclude), repoExclude: list(form.repoExclude) },
    rules: {
      tagInclude: list(form.tagInclude),
      tagExclude: list(form.tagExclude),
      pushedOlderThanDays: parseCount(form.pushedOlderThanDays),
      pulledOlderThanDays: parseCount(form.pulledOlderThanDays),
      keepNewest: parseCount(form.keepNewest),
      protectedPatterns: list(form.protectedPatterns),
      keepSharedDigest: form.keepSharedDigest,
    },
    schedule: { cron: form.scheduled ? form.cron : null, timezone: form.timezone },
    safetyMaxDeletePercent: parseCount(form.safetyMaxDeletePercent) ?? Number.NaN,
  };
}

export function specToForm(spec: RetentionPolicySpec): PolicyForm {
  const num = (n: number | null) => (n === null ? '' : String(n));
  return {
    name: spec.name,
    enabled: spec.enabled,
    namespace: spec.scope.namespace,
    repoInclude: spec.scope.repoInclude.join('\n'),
    repoExclude: spec.scope.repoExclude.join('\n'),
    tagInclude: spec.rules.tagInclude.join('\n'),
    tagExclude: spec.rules.tagExclude.join('\n'),
    protectedPatterns: spec.rules.protectedPatterns.join('\n'),
    pushedOlderThanDays: num(spec.rules.pushedOlderThanDays),
    pulledOlderThanDays: num(spec.rules.pulledOlderThanDays),
    keepNewest: num(spec.rules.keepNewest),
    keepSharedDigest: spec.rules.keepSharedDigest,
    safetyMaxDeletePercent: String(spec.safetyMaxDeletePercent),
    scheduled: spec.schedule.cron !== null,
    cron: spec.schedule.cron ?? '0 3 * * 1',
    timezone: spec.schedule.timezone,
  };
}

export function newPolicyForm(namespace: string): PolicyForm {
  return {
    name: '',
    enabled: true,
    namespace,
    repoInclude: '',
    repoExclude: '',
    tagInclude: '',
    tagExclude: '',
    protectedPatterns: 'latest',
    pushedOlderThanDays: '',
    pulledOlderThanDays: '',
    keepNewest: '',
    keepSharedDigest: true,
    safetyMaxDeletePercent: '50',
    scheduled: false,
    cron: '0 3 * * 1',
    timezone: 'UTC',
  };
}

export interface ShownError {
  message: string;
  /** For pattern lists: the line and the pattern as typed. */
  line?: number;
  pattern?: string;
  position: number | null;
}

/** Errors grouped by the input that shows them (pattern lists resolve list index → line). */
export function errorsByInput(form: PolicyForm, errors: readonly PolicyFieldError[]): Record<string, ShownError[]> {
  const out: Record<string, ShownError[]> = {};
  const push = (key: string, e: ShownError) => (out[key] ??= []).push(e);
  for (const e of errors) {
    const list = (Object.entries(PATTERN_FIELDS) as [PatternListKey, string][]).find(
      ([, path]) => e.field === path || e.field.startsWith(`${path}.`),
    );
    if (list !== undefined) {
      const [key, path] = list;
      const index = e.field === path ? null : Number(e.field.slice(path.length + 1));
      const line = index === null ? undefined : patternLines(form[key])[index];
      push(key, {
        message: e.message,
        position: e.position,
        ...(line ? { line: line.line, pattern: line.pattern } : {}),
      });
      continue;
    }
    // 'scope.namespace' → 'namespace', 'schedule.cron' → 'cron', 'rules.keepNewest' → 'keepNewest'.
    push(e.field.split('.').at(-1) ?? e.field, { message: e.message, position: e.position });
  }
  return out;
}
