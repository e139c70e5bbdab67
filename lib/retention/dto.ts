// DTOs the retention service returns to pages, actions and route handlers. Types only.
import type { ImportPlan } from './policy-code';
import type { KeptByReason, PolicyFieldError, RepositoryEvaluation, RetentionPolicySpec } from './types';

export interface RetentionInstanceDTO {
  id: string;
  name: string;
  namespaces: string[];
  /** Instance.protectedTagPatterns: never deleted by any policy. */
  protectedTagPatterns: string[];
  requiredApprovals: number;
  /** Null when the instance's token can delete tags; otherwise why runs cannot create requests. */
  deleteProblem: string | null;
}

export type RetentionRunStatus = 'queued' | 'running' | 'completed' | 'held' | 'failed';

export interface RetentionRunRequestDTO {
  id: string;
  status: string;
  tagCount: number;
  deleted: number;
  autoApproved: boolean;
}

export interface RetentionRunRepositoryDTO {
  namespace: string;
  repository: string;
  tagsEvaluated: number;
  toDelete: number;
  keptByReason: KeptByReason;
  freedBytes: number;
  held: boolean;
  heldReason: string | null;
  requests: RetentionRunRequestDTO[];
}

export interface RetentionRunDTO {
  id: string;
  policyId: string;
  trigger: 'schedule' | 'manual';
  slot: number | null;
  status: RetentionRunStatus;
  actorEmail: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  repositoriesEvaluated: number;
  tagsEvaluated: number;
  toDelete: number;
  keptByReason: KeptByReason;
  freedBytes: number;
  heldReasons: string[];
  error: string | null;
  repositories: RetentionRunRepositoryDTO[];
}

export interface RetentionPolicyDTO {
  id: string;
  instanceId: string;
  spec: RetentionPolicySpec;
  createdByEmail: string | null;
  createdAt: number;
  updatedAt: number;
  /** "Every Monday at 03:00 (UTC)" and the next runs, when scheduled and enabled. */
  schedulePreview: { description: string; next: number[] } | null;
  lastRun: Pick<
    RetentionRunDTO,
    'id' | 'status' | 'trigger' | 'createdAt' | 'finishedAt' | 'toDelete' | 'tagsEvaluated'
  > | null;
}

export interface TesterRepositoryDTO extends RepositoryEvaluation {
  /** Other enabled policies covering this repository (they must agree for a tag to go). */
  otherPolicies: string[];
  /** The safety stop would hold a run because of this repository. */
  safetyStop: string | null;
}

export interface TesterResultDTO {
  errors: PolicyFieldError[];
  warnings: string[];
  /** Repositories of the namespace the scope matches (all of them, by name). */
  matchedRepositories: string[];
  /** Repositories evaluated (the chosen one, or the first ones of the scope). */
  repositories: TesterRepositoryDTO[];
  /** More repositories match than were evaluated. */
  truncated: boolean;
  totals: {
    repositories: number;
    tags: number;
    toDelete: number;
    kept: KeptByReason;
    freedBytes: number;
    unknownSizeDigests: number;
  };
  evaluatedAt: number;
  /** When the Hub data was read (may be a few seconds old: the tester shares the browse cache). */
  fetchedAt: number;
}

export type SavePolicyResult =
  | { ok: true; policy: RetentionPolicyDTO; warnings: string[] }
  | { ok: false; errors: PolicyFieldError[]; warnings: string[] };

export interface RetentionSettingsDTO {
  instanceId: string;
  autoApprove: boolean;
  autoApproveMaxTags: number;
  autoApproveMaxBytes: number | null;
  /** Auto-approval only applies when the instance needs a single approval. */
  requiredApprovals: number;
}

export type ImportResult =
  | { ok: true; applied: boolean; plan: ImportPlan; warnings: string[] }
  | { ok: false; errors: { path: string; message: string; position: number | null }[] };
