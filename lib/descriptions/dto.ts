// DTOs of the descriptions feature (services, route handlers, server actions) and the React Query
// key factories. Types and plain functions only: client-safe.
import type { DiffPart } from './diff';
import type { BulkDescriptionSpec, DescriptionField, PreviewOutcome } from './types';

export interface DescriptionCapabilityDTO {
  /** Whether the instance's token can change descriptions (capabilityFor 'writeDescriptions'). */
  allowed: boolean;
  reason: string | null;
}

export interface DescriptionEditorDTO {
  instanceId: string;
  namespace: string;
  repository: string;
  description: string;
  fullDescription: string;
  capability: DescriptionCapabilityDTO;
}

export interface DescriptionUpdateResultDTO {
  namespace: string;
  repository: string;
  description: string;
  fullDescription: string;
  changed: DescriptionField[];
  changeId: string | null;
}

export interface DescriptionChangeDTO {
  id: string;
  at: string;
  actorEmail: string | null;
  fields: DescriptionField[];
  description: { before: string | null; after: string | null; diff: DiffPart[] } | null;
  fullDescription: { beforeBytes: number; afterBytes: number; diff: DiffPart[] } | null;
  bulkJobId: string | null;
}

export interface PreviewFieldDTO {
  /** Short description: full values; full description: only the condensed diff (values can be 25 kB). */
  before?: string;
  after?: string;
  diff: DiffPart[];
  changed: boolean;
  beforeBytes?: number;
  afterBytes?: number;
}

export interface PreviewRowDTO {
  namespace: string;
  name: string;
  outcome: PreviewOutcome;
  problems: { field: DescriptionField; message: string }[];
  description: PreviewFieldDTO | null;
  fullDescription: PreviewFieldDTO | null;
}

export interface BulkPreviewDTO {
  /** Stored preview; applying it creates the job from exactly these rows. */
  draftId: string;
  rows: PreviewRowDTO[];
  summary: { total: number; change: number; unchanged: number; invalid: number };
  /** Selected repositories Hub does not know (or this token cannot see). */
  missing: string[];
}

export type BulkJobStatusName = 'draft' | 'queued' | 'running' | 'cancelling' | 'cancelled' | 'finished' | 'failed';
export type BulkItemStatusName = 'pending' | 'updated' | 'unchanged' | 'failed' | 'skipped_changed' | 'cancelled';

export interface BulkJobCountsDTO {
  total: number;
  done: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: number;
  cancelled: number;
  excluded: number;
}

export interface BulkJobSummaryDTO {
  id: string;
  status: BulkJobStatusName;
  createdAt: string;
  createdByEmail: string;
  summary: string;
  counts: BulkJobCountsDTO;
  undoOfJobId: string | null;
  finishedAt: string | null;
}

export interface BulkItemDTO {
  namespace: string;
  repository: string;
  status: BulkItemStatusName;
  error: string | null;
  fields: DescriptionField[];
  finishedAt: string | null;
}

export interface BulkJobDTO extends BulkJobSummaryDTO {
  instanceId: string;
  spec: BulkDescriptionSpec | null;
  startedAt: string | null;
  /** ms epoch until which the worker waits for Hub's rate limit (null when not waiting). */
  rateLimitedUntil: number | null;
  etaSeconds: number | null;
  error: string | null;
  items: BulkItemDTO[];
  /** Id of the job that undid this one, if any. */
  undoneByJobId: string | null;
  canCancel: boolean;
  canRetryFailed: boolean;
  canUndo: boolean;
}

export const descriptionKeys = {
  all: ['descriptions'] as const,
  editor: (instanceId: string, namespace: string, repository: string) => ['descriptions', 'editor', instanceId, namespace, repository] as const,
  history: (instanceId: string, namespace: string, repository: string) => ['descriptions', 'history', instanceId, namespace, repository] as const,
  jobs: (instanceId: string) => ['descriptions', 'jobs', instanceId] as const,
  job: (instanceId: string, jobId: string) => ['descriptions', 'jobs', instanceId, jobId] as const,
};

export const descriptionUrls = {
  editor: (instanceId: string, namespace: string, repository: string) =>
    `/api/descriptions/${encodeURIComponent(instanceId)}/repositories/${encodeURIComponent(namespace)}/${encodeURIComponent(repository)}`,
  history: (instanceId: string, namespace: string, repository: string) =>
    `/api/descriptions/${encodeURIComponent(instanceId)}/history/${encodeURIComponent(namespace)}/${encodeURIComponent(repository)}`,
  jobs: (instanceId: string) => `/api/descriptions/${encodeURIComponent(instanceId)}/jobs`,
  job: (instanceId: string, jobId: string) => `/api/descriptions/${encodeURIComponent(instanceId)}/jobs/${encodeURIComponent(jobId)}`,
  bulkPage: (instanceId: string, repos?: string[]) =>
    `/instances/${encodeURIComponent(instanceId)}/descriptions${repos && repos.length > 0 ? `?repos=${encodeURIComponent(repos.join(','))}` : ''}`,
  jobPage: (instanceId: string, jobId: string) => `/instances/${encodeURIComponent(instanceId)}/descriptions/jobs/${encodeURIComponent(jobId)}`,
};
