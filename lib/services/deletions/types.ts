// DTOs of the deletion feature. Types only (no server imports): shared by the services, the
// route handlers and the client components.

export type DeletionRequestStatus = 'pending' | 'approved' | 'completed' | 'rejected' | 'cancelled' | 'expired';
export type DeletionItemStatus = 'pending' | 'in_flight' | 'deleted' | 'already_gone' | 'skipped_changed' | 'failed' | 'cancelled';
export type DeletionSource = 'manual' | 'policy';
export type TagWarning = 'shared_digest' | 'recently_pulled';
export type BlockReason = 'protected' | 'not_found' | 'no_digest';

/** One tag that would be (or was) requested, as read from Hub. Times are ms epoch. */
export interface SafetyTag {
  tag: string;
  digest: string;
  architectures: string[];
  size: number | null;
  lastPushed: number | null;
  lastPulled: number | null;
  warnings: TagWarning[];
  /** Tags that keep this digest alive (only for shared_digest). */
  sharedWith: string[];
}

export interface BlockedTag {
  tag: string;
  reason: BlockReason;
  /** In words, e.g. 'matches protected pattern "latest"'. */
  detail: string;
}

/** What the requester sees before submitting (and what the approver sees), recomputed by the server. */
export interface SafetySummary {
  namespace: string;
  repository: string;
  /** Tags that can be requested. */
  requestable: SafetyTag[];
  /** Tags that cannot be requested. */
  blocked: BlockedTag[];
  /** Requestable tags whose digest is also used by a tag that stays: deleting them frees no storage. */
  sharedDigest: { tag: string; sharedWith: string[] }[];
  /** Requestable tags pulled within the last `recentPullDays` days. */
  recentlyPulled: { tag: string; lastPulled: number }[];
  recentPullDays: number;
  protectedPatterns: string[];
  /** Digests no remaining tag references once the requestable tags are gone, and their bytes. */
  storage: { freedDigests: number; freedBytes: number; unknownSizeDigests: number };
  /** Tags in the repository when the summary was computed. */
  repositoryTagCount: number;
  computedAt: number;
}

export interface DeletionItemDTO {
  id: string;
  tag: string;
  digest: string;
  architectures: string[];
  size: number | null;
  lastPushed: number | null;
  lastPulled: number | null;
  warnings: TagWarning[];
  status: DeletionItemStatus;
  attempts: number;
  finishedAt: number | null;
  confirmedByReread: boolean;
  outcomeReason: string | null;
  currentDigest: string | null;
}

export interface DeletionDecisionDTO {
  approverId: string;
  approverEmail: string;
  decision: 'approve' | 'reject';
  comment: string | null;
  at: number;
}

export type ItemCounts = Record<DeletionItemStatus, number>;

export interface DeletionRequestSummaryDTO {
  id: string;
  instanceId: string;
  instanceName: string;
  namespace: string;
  repository: string;
  source: DeletionSource;
  policyId: string | null;
  requesterId: string | null;
  requesterEmail: string | null;
  reason: string;
  status: DeletionRequestStatus;
  /** 'running' while an approved request is executing; otherwise equals status. */
  phase: DeletionRequestStatus | 'running';
  tagCount: number;
  requiredApprovals: number;
  approvals: number;
  createdAt: number;
  expiresAt: number;
  finishedAt: number | null;
  resubmittedFromId: string | null;
}

export interface DeletionRequestDetailDTO extends DeletionRequestSummaryDTO {
  items: DeletionItemDTO[];
  decisions: DeletionDecisionDTO[];
  counts: ItemCounts;
  summary: SafetySummary | null;
  approvedAt: number | null;
  rejectedAt: number | null;
  expiredAt: number | null;
  cancelledAt: number | null;
  cancelledByEmail: string | null;
  cancelComment: string | null;
  executionStartedAt: number | null;
  /** What the viewer may do now (the server checks again on every action). */
  can: { approve: boolean; reject: boolean; cancel: boolean; resubmit: boolean };
  /** Why the viewer cannot approve, when they hold the permission (e.g. own request). */
  approveBlockedReason: string | null;
}

/** Progress polled by the request page while execution runs. */
export interface DeletionProgressDTO {
  id: string;
  status: DeletionRequestStatus;
  phase: DeletionRequestStatus | 'running';
  counts: ItemCounts;
  finishedAt: number | null;
  items: Pick<DeletionItemDTO, 'id' | 'tag' | 'status' | 'attempts' | 'finishedAt' | 'confirmedByReread' | 'outcomeReason' | 'currentDigest'>[];
}

export interface DeletionPreviewDTO {
  instanceId: string;
  instanceName: string;
  summary: SafetySummary;
  /** Set when the instance's token cannot delete tags (request refused). */
  capabilityProblem: string | null;
}
