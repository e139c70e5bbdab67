// Client-safe shapes of the retention feature: a policy as people write it (and as it is exported
// as code), the evaluator's per-tag decisions, and the DTOs the pages show.

/** Which repositories a policy covers: one namespace, repositories by include/exclude patterns. */
export interface RetentionScope {
  namespace: string;
  /** Glob or `/regex/flags`; empty = every repository of the namespace. */
  repoInclude: string[];
  repoExclude: string[];
}

/** The rules, combined with AND. A tag is selected only when every rule that is set agrees. */
export interface RetentionRules {
  /** Tag name patterns (glob or `/regex/`); empty = every tag. */
  tagInclude: string[];
  tagExclude: string[];
  /** Selected only when last pushed more than this many days ago (null = no push-age rule). */
  pushedOlderThanDays: number | null;
  /** Selected only when last pulled more than this many days ago, or never pulled (null = no pull rule). */
  pulledOlderThanDays: number | null;
  /** The newest N tags (by last push) among those the tag patterns select are always kept. */
  keepNewest: number | null;
  /** Never deleted, on top of the instance's protected patterns. */
  protectedPatterns: string[];
  /** Keep a tag whose digest is also used by a tag that is kept (deleting it frees nothing). */
  keepSharedDigest: boolean;
}

export interface RetentionSchedule {
  /** Five-field cron expression (minute hour day-of-month month day-of-week), or null for manual runs only. */
  cron: string | null;
  /** IANA time zone the cron expression is read in. */
  timezone: string;
}

/** A policy as written by people (the editor's form and the JSON export). */
export interface RetentionPolicySpec {
  name: string;
  enabled: boolean;
  scope: RetentionScope;
  rules: RetentionRules;
  schedule: RetentionSchedule;
  /** A run that would delete more than this share (percent) of a repository's tags is held. */
  safetyMaxDeletePercent: number;
}

export const DEFAULT_RULES: RetentionRules = {
  tagInclude: [],
  tagExclude: [],
  pushedOlderThanDays: null,
  pulledOlderThanDays: null,
  keepNewest: null,
  protectedPatterns: ['latest'],
  keepSharedDigest: true,
};

export const DEFAULT_SAFETY_MAX_DELETE_PERCENT = 50;
export const MAX_DAYS = 36_500;
export const MAX_KEEP_NEWEST = 10_000;
export const MAX_PATTERNS = 50;

/** Why a tag is kept. Order here is the order of precedence when several apply. */
export type KeepReason =
  | 'protected'
  | 'excluded_by_pattern'
  | 'not_matched_by_include'
  | 'no_delete_rule'
  | 'within_newest'
  | 'too_recent'
  | 'pulled_recently'
  | 'no_digest'
  | 'kept_by_other_policy'
  | 'already_requested'
  | 'shared_digest';

export const KEEP_REASONS: readonly KeepReason[] = [
  'protected',
  'excluded_by_pattern',
  'not_matched_by_include',
  'no_delete_rule',
  'within_newest',
  'too_recent',
  'pulled_recently',
  'no_digest',
  'kept_by_other_policy',
  'already_requested',
  'shared_digest',
];

/** Short labels shown in the tester's table and the run history. */
export const KEEP_REASON_LABELS: Record<KeepReason, string> = {
  protected: 'protected',
  excluded_by_pattern: 'excluded by pattern',
  not_matched_by_include: 'not matched by include pattern',
  no_delete_rule: 'no rule selects it',
  within_newest: 'within newest N',
  too_recent: 'too recent',
  pulled_recently: 'pulled recently',
  no_digest: 'no digest',
  kept_by_other_policy: 'kept by another policy',
  already_requested: 'already in an open request',
  shared_digest: 'shares digest with kept tag',
};

export type KeptByReason = Record<KeepReason, number>;

export function emptyKeptByReason(): KeptByReason {
  return Object.fromEntries(KEEP_REASONS.map((r) => [r, 0])) as KeptByReason;
}

/** The evaluator's verdict on one tag. */
export interface TagDecision {
  name: string;
  digest: string | null;
  size: number | null;
  lastPushed: number | null;
  lastPulled: number | null;
  action: 'delete' | 'keep';
  /** Null when deleted. */
  reason: KeepReason | null;
  /** In words: 'matches protected pattern "latest"', 'pushed 120 days ago, never pulled'. */
  detail: string;
}

export interface RepositoryEvaluation {
  namespace: string;
  repository: string;
  tags: TagDecision[];
  total: number;
  toDelete: number;
  kept: KeptByReason;
  /** Digests no remaining tag references once the deletions are done, and their bytes. */
  freedDigests: number;
  freedBytes: number;
  /** Freed digests whose size Hub did not report. */
  unknownSizeDigests: number;
}

/** An invalid field of a policy, pointed at in place. */
export interface PolicyFieldError {
  /** Dotted path, e.g. `rules.tagInclude.1`, `scope.repoExclude.0`, `schedule.cron`. */
  field: string;
  message: string;
  /** 0-based character offset in the field's text, when the problem has one. */
  position: number | null;
}
