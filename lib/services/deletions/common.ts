import 'server-only';
// Shared pieces of the deletion services: who is acting, permission checks, the wording of
// refusals, reading database rule violations (raised by this feature's triggers) as AppErrors,
// and row -> DTO conversion.
import { hasPermission, type Permission } from '@/lib/auth/permissions';
import type { Prisma } from '@/lib/db/generated/client';
import { AppError, forbiddenError } from '@/lib/errors';
import type { DeletionDecisionDTO, DeletionItemDTO, DeletionItemStatus, DeletionRequestStatus, ItemCounts, SafetySummary, TagWarning } from './types';

export type Tx = Prisma.TransactionClient;

/** The person acting (CurrentUser fits). */
export interface DeletionActor {
  id: string;
  email: string;
  roles: readonly string[];
  active?: boolean;
}

export function assertCan(actor: DeletionActor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw forbiddenError();
}

export function auditActor(actor: DeletionActor | null | undefined): { id: string; email: string } | null {
  return actor ? { id: actor.id, email: actor.email } : null;
}

export const FINAL_ITEM_STATUSES: readonly DeletionItemStatus[] = ['deleted', 'already_gone', 'skipped_changed', 'failed', 'cancelled'];
export const OPEN_ITEM_STATUSES = ['pending', 'in_flight'] as const;

const DECIDED_WORD: Record<DeletionRequestStatus, string> = {
  pending: 'pending',
  approved: 'approved',
  completed: 'approved',
  rejected: 'rejected',
  cancelled: 'cancelled',
  expired: 'expired',
};

/** "This request was already approved/rejected/cancelled/expired" (the loser of a race sees this). */
export function alreadyDecidedError(status: DeletionRequestStatus): AppError {
  return new AppError('conflict', `This request was already ${DECIDED_WORD[status]}.`);
}

export function requestNotFound(): AppError {
  return new AppError('not_found', 'That deletion request does not exist.');
}

const RULE_MESSAGES: Record<string, string> = {
  hk_self_approval: "You requested this deletion, so you can't approve it; another approver has to.",
  hk_expired: 'This request has expired; re-submit it to start a new approval.',
  hk_not_approved: 'This request is not approved, so nothing may be deleted.',
  hk_approvals: 'This request does not have enough approvals yet.',
};

/** Finds a `hk_<rule>` marker raised by one of this feature's triggers anywhere in an error. */
export function dbRuleOf(err: unknown): string | null {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): string | null => {
    if (value === null || value === undefined || depth > 4 || seen.has(value)) return null;
    if (typeof value === 'string') return /\b(hk_[a-z_]+)\b/.exec(value)?.[1] ?? null;
    if (typeof value !== 'object') return null;
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const key of ['message', 'cause', 'meta', 'originalMessage', 'detail']) {
      const found = visit(record[key], depth + 1);
      if (found !== null) return found;
    }
    return null;
  };
  return visit(err, 0);
}

/** A Prisma unique-constraint violation (P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

/** Maps a trigger's rule violation to the AppError users see; other errors pass through. */
export function translateDbError(err: unknown): unknown {
  const rule = dbRuleOf(err);
  if (rule === null) return err;
  const known = RULE_MESSAGES[rule];
  if (known !== undefined) return new AppError(rule === 'hk_self_approval' ? 'forbidden' : 'conflict', known);
  if (rule === 'hk_not_pending') {
    const status = /is (approved|completed|rejected|cancelled|expired)/.exec(String((err as Error).message ?? ''))?.[1];
    return status ? alreadyDecidedError(status as DeletionRequestStatus) : new AppError('conflict', 'This request was already decided.');
  }
  return new AppError('conflict', 'That change is not allowed for this request in its current state.');
}

export function emptyCounts(): ItemCounts {
  return { pending: 0, in_flight: 0, deleted: 0, already_gone: 0, skipped_changed: 0, failed: 0, cancelled: 0 };
}

export function countsFrom(rows: { status: string; _count: { _all: number } }[]): ItemCounts {
  const counts = emptyCounts();
  for (const r of rows) counts[r.status as DeletionItemStatus] = r._count._all;
  return counts;
}

export function ms(d: Date | null | undefined): number | null {
  return d ? d.getTime() : null;
}

export interface ItemRow {
  id: string;
  tag: string;
  digest: string;
  architectures: string[];
  size: bigint | null;
  lastPushed: Date | null;
  lastPulled: Date | null;
  warnings: string[];
  status: DeletionItemStatus;
  attempts: number;
  finishedAt: Date | null;
  confirmedByReread: boolean;
  outcomeReason: string | null;
  currentDigest: string | null;
}

export const itemSelect = {
  id: true,
  tag: true,
  digest: true,
  architectures: true,
  size: true,
  lastPushed: true,
  lastPulled: true,
  warnings: true,
  status: true,
  attempts: true,
  finishedAt: true,
  confirmedByReread: true,
  outcomeReason: true,
  currentDigest: true,
} as const;

export function toItemDTO(row: ItemRow): DeletionItemDTO {
  return {
    id: row.id,
    tag: row.tag,
    digest: row.digest,
    architectures: row.architectures,
    size: row.size === null ? null : Number(row.size),
    lastPushed: ms(row.lastPushed),
    lastPulled: ms(row.lastPulled),
    warnings: row.warnings.filter((w): w is TagWarning => w === 'shared_digest' || w === 'recently_pulled'),
    status: row.status,
    attempts: row.attempts,
    finishedAt: ms(row.finishedAt),
    confirmedByReread: row.confirmedByReread,
    outcomeReason: row.outcomeReason,
    currentDigest: row.currentDigest,
  };
}

export function toDecisionDTO(row: { approverId: string; approverEmail: string; decision: 'approve' | 'reject'; comment: string | null; createdAt: Date }): DeletionDecisionDTO {
  return { approverId: row.approverId, approverEmail: row.approverEmail, decision: row.decision, comment: row.comment, at: row.createdAt.getTime() };
}

/** Reads a stored summary back (JSON written by this feature); null when unreadable. */
export function parseSummary(value: unknown): SafetySummary | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Partial<SafetySummary>;
  if (!Array.isArray(v.requestable) || !Array.isArray(v.blocked)) return null;
  return value as SafetySummary;
}

/** `acme/web` */
export function repoRef(namespace: string, repository: string): string {
  return `${namespace}/${repository}`;
}
