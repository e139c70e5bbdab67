import 'server-only';
// Tag deletions behind approvals: the public surface of lib/services/deletions/.
export {
  createDeletionRequest,
  createDeletionRequestFromSelection,
  DEFAULT_DELETION_SETTINGS,
  getDeletionContext,
  getDeletionProgress,
  getDeletionRequest,
  getDeletionSettings,
  listDeletionRequests,
  previewDeletion,
  resolveSelection,
  resubmitDeletionRequest,
  updateDeletionSettings,
  type CreateDeletionRequestInput,
  type CreatedDeletionRequest,
  type DeletionSettingsValues,
  type ListDeletionRequestsQuery,
} from './deletions/requests';
export {
  approveDeletionRequest,
  cancelDeletionRequest,
  expireDueRequests,
  expireIfDue,
  rejectDeletionRequest,
  type ApproveResult,
  type CancelResult,
} from './deletions/decisions';
export { executeDeletionRequest, tryLockExecution, type ExecutionOutcome, type ExecutorDeps } from './deletions/executor';
export { findStalledExecutions, startDeletionSweeper, stopDeletionSweeper, sweepDeletions } from './deletions/sweep';
export { computeSafetySummary, protectedPatternFor } from './deletions/safety';
export type { DeletionActor } from './deletions/common';
export type * from './deletions/types';
