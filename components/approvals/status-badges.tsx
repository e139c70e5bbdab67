import { Badge, type BadgeVariant } from '@/components/ui/badge';
import type { DeletionItemStatus, DeletionRequestSummaryDTO } from '@/lib/services/deletions/types';

const PHASE: Record<DeletionRequestSummaryDTO['phase'], { label: string; variant: BadgeVariant }> = {
  pending: { label: 'Pending approval', variant: 'info' },
  approved: { label: 'Approved', variant: 'accent' },
  running: { label: 'Running', variant: 'accent' },
  completed: { label: 'Completed', variant: 'success' },
  rejected: { label: 'Rejected', variant: 'danger' },
  cancelled: { label: 'Cancelled', variant: 'neutral' },
  expired: { label: 'Expired', variant: 'warning' },
};

/** A request's state in words. */
export function RequestPhaseBadge({ phase }: { phase: DeletionRequestSummaryDTO['phase'] }) {
  const p = PHASE[phase];
  return (
    <Badge variant={p.variant} data-testid="request-status" data-status={phase}>
      {p.label}
    </Badge>
  );
}

const ITEM: Record<DeletionItemStatus, { label: string; variant: BadgeVariant }> = {
  pending: { label: 'Waiting', variant: 'neutral' },
  in_flight: { label: 'Deleting…', variant: 'accent' },
  deleted: { label: 'Deleted', variant: 'success' },
  already_gone: { label: 'Already gone', variant: 'neutral' },
  skipped_changed: { label: 'Skipped: changed', variant: 'warning' },
  failed: { label: 'Failed', variant: 'danger' },
  cancelled: { label: 'Cancelled', variant: 'neutral' },
};

/** One tag's outcome in words. */
export function ItemStatusBadge({ status }: { status: DeletionItemStatus }) {
  const s = ITEM[status];
  return (
    <Badge variant={s.variant} data-testid="item-status" data-status={status}>
      {s.label}
    </Badge>
  );
}

export const ITEM_STATUS_LABELS: Record<DeletionItemStatus, string> = Object.fromEntries(
  Object.entries(ITEM).map(([k, v]) => [k, v.label]),
) as Record<DeletionItemStatus, string>;
