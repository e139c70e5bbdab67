// Checks a policy as written: every pattern compiles (with the position of the problem), numbers
// are sane, the schedule parses. Also the warnings that do not block saving (a policy with no rule
// that could ever delete). Pure and client-safe: the editor runs it as you type, the server runs
// it again before saving anything.
import { checkCron } from './cron';
import { hasDeletingRule } from './evaluate';
import { compilePattern } from './patterns';
import { MAX_DAYS, MAX_KEEP_NEWEST, MAX_PATTERNS, type PolicyFieldError, type RetentionPolicySpec } from './types';

const NAMESPACE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export interface PolicyCheck {
  errors: PolicyFieldError[];
  warnings: string[];
}

function checkPatterns(field: string, patterns: readonly string[], errors: PolicyFieldError[]): void {
  if (patterns.length > MAX_PATTERNS) {
    errors.push({ field, message: `At most ${MAX_PATTERNS} patterns.`, position: null });
    return;
  }
  patterns.forEach((p, i) => {
    const c = compilePattern(p);
    if (!c.ok) errors.push({ field: `${field}.${i}`, message: c.message, position: c.position });
  });
}

function checkDays(
  field: string,
  label: string,
  value: number | null,
  errors: PolicyFieldError[],
  min = 1,
  max = MAX_DAYS,
): void {
  if (value === null) return;
  if (!Number.isFinite(value) || !Number.isInteger(value))
    errors.push({ field, message: `${label} must be a whole number.`, position: null });
  else if (value < min) errors.push({ field, message: `${label} must be at least ${min}.`, position: null });
  else if (value > max)
    errors.push({ field, message: `${label} must be at most ${max.toLocaleString('en-US')}.`, position: null });
}

/** Errors (block saving) and warnings (shown, don't block) of a policy. */
export function checkPolicySpec(spec: RetentionPolicySpec, now: number): PolicyCheck {
  const errors: PolicyFieldError[] = [];
  const warnings: string[] = [];
  const name = spec.name.trim();
  if (name === '') errors.push({ field: 'name', message: 'Give the policy a name.', position: null });
  else if (name.length > 100) errors.push({ field: 'name', message: 'At most 100 characters.', position: 100 });
  if (!NAMESPACE.test(spec.scope.namespace))
    errors.push({ field: 'scope.namespace', message: 'Choose a namespace of this instance.', position: null });
  checkPatterns('scope.repoInclude', spec.scope.repoInclude, errors);
  checkPatterns('scope.repoExclude', spec.scope.repoExclude, errors);
  checkPatterns('rules.tagInclude', spec.rules.tagInclude, errors);
  checkPatterns('rules.tagExclude', spec.rules.tagExclude, errors);
  checkPatterns('rules.protectedPatterns', spec.rules.protectedPatterns, errors);
  checkDays('rules.pushedOlderThanDays', 'Days since last push', spec.rules.pushedOlderThanDays, errors);
  checkDays('rules.pulledOlderThanDays', 'Days since last pull', spec.rules.pulledOlderThanDays, errors);
  checkDays('rules.keepNewest', 'Newest tags to keep', spec.rules.keepNewest, errors, 1, MAX_KEEP_NEWEST);
  checkDays('safetyMaxDeletePercent', 'The safety stop share', spec.safetyMaxDeletePercent, errors, 1, 100);
  if (spec.schedule.cron !== null) {
    const cron = checkCron(spec.schedule.cron, spec.schedule.timezone, now);
    if (!cron.ok)
      errors.push({
        field: cron.field === 'timezone' ? 'schedule.timezone' : 'schedule.cron',
        message: cron.message,
        position: cron.position,
      });
  } else if (spec.schedule.timezone.trim() === '') {
    errors.push({ field: 'schedule.timezone', message: 'Choose a time zone.', position: null });
  }

  if (!hasDeletingRule(spec.rules)) {
    warnings.push(
      'This policy has no rule that could ever delete a tag: add a tag include pattern, an age rule or "keep the newest N".',
    );
  } else if (spec.rules.tagInclude.length > 0) {
    const protectedExact = new Set(spec.rules.protectedPatterns.map((p) => p.trim()));
    if (spec.rules.tagInclude.every((p) => protectedExact.has(p.trim()))) {
      warnings.push('Every tag this policy includes is also protected, so it can never delete anything.');
    }
  }
  if (spec.safetyMaxDeletePercent === 100)
    warnings.push('The safety stop only holds runs that would delete every tag of a repository.');
  return { errors, warnings };
}
