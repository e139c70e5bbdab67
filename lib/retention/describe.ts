// Words for policies: the scope test, a one-line summary of the rules, and the reason written on
// the deletion requests a run creates. Pure and client-safe.
import { compilePattern, firstMatch } from './patterns';
import type { RetentionPolicySpec, RetentionRules, RetentionScope } from './types';

/** Whether a policy's scope covers `namespace/repository`. Invalid patterns match nothing. */
export function scopeCovers(scope: RetentionScope, namespace: string, repository: string): boolean {
  if (scope.namespace !== namespace) return false;
  if (scope.repoInclude.length > 0 && firstMatch(scope.repoInclude.map(compilePattern), repository) === null)
    return false;
  return firstMatch(scope.repoExclude.map(compilePattern), repository) === null;
}

/** A compiled scope test for many repositories. */
export function scopeMatcher(scope: RetentionScope): (namespace: string, repository: string) => boolean {
  const include = scope.repoInclude.map(compilePattern);
  const exclude = scope.repoExclude.map(compilePattern);
  return (namespace, repository) =>
    namespace === scope.namespace &&
    (include.length === 0 || firstMatch(include, repository) !== null) &&
    firstMatch(exclude, repository) === null;
}

function list(patterns: readonly string[]): string {
  return patterns.map((p) => `"${p}"`).join(', ');
}

/** The rules in words, each a short clause: ['tags matching "pr-*"', 'pushed more than 30 days ago', …]. */
export function describeRules(rules: RetentionRules): string[] {
  const out: string[] = [];
  if (rules.tagInclude.length > 0) out.push(`tags matching ${list(rules.tagInclude)}`);
  if (rules.tagExclude.length > 0) out.push(`except ${list(rules.tagExclude)}`);
  if (rules.pushedOlderThanDays !== null) out.push(`pushed more than ${rules.pushedOlderThanDays} days ago`);
  if (rules.pulledOlderThanDays !== null) out.push(`not pulled in ${rules.pulledOlderThanDays} days (or never)`);
  if (rules.keepNewest !== null) out.push(`keeping the newest ${rules.keepNewest} per repository`);
  if (rules.protectedPatterns.length > 0) out.push(`protecting ${list(rules.protectedPatterns)}`);
  if (rules.keepSharedDigest) out.push('keeping tags that share a digest with a kept tag');
  return out;
}

/** The scope in words: `acme/*` minus exclusions. */
export function describeScope(scope: RetentionScope): string {
  const inc =
    scope.repoInclude.length === 0
      ? `${scope.namespace}/*`
      : scope.repoInclude.map((p) => `${scope.namespace}/${p}`).join(', ');
  return scope.repoExclude.length === 0 ? inc : `${inc} except ${scope.repoExclude.join(', ')}`;
}

/** The reason of a policy-generated deletion request. */
export function generatedReason(
  policy: Pick<RetentionPolicySpec, 'name' | 'rules'>,
  tagCount: number,
  run: { trigger: 'schedule' | 'manual'; at: number },
): string {
  const when = new Date(run.at).toISOString().replace('T', ' ').slice(0, 16);
  const how = run.trigger === 'schedule' ? 'scheduled run' : 'run started by hand';
  return `Retention policy "${policy.name}" (${how}, ${when} UTC): ${tagCount} ${tagCount === 1 ? 'tag' : 'tags'} selected by ${describeRules(policy.rules).join('; ')}.`;
}
