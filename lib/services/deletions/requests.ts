import 'server-only';
// Deletion requests: the safety preview, creating a request (manual or from a retention policy),
// re-submitting one, and reading them back. The server always recomputes the safety summary from
// Hub data it read itself; the client only names tags.
import { recordAudit } from '@/lib/audit';
import { db, type Db } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/client';
import { AppError } from '@/lib/errors';
import { isHubError, type HubClient } from '@/lib/hub';
import type { TagRow } from '@/lib/tags/types';
import { TAG_NAME_PATTERN, type DeletionSelectionInput } from '@/lib/validations/deletions';
import { toBrowseError, toTagRow } from '../browse';
import { capabilityFor, parseCapabilities } from '../capabilities';
import { getHubClientForInstance } from '../hub-clients';
import { enqueueWebhookEvent } from '../webhooks';
import {
  assertCan,
  auditActor,
  countsFrom,
  itemSelect,
  ms,
  parseSummary,
  repoRef,
  requestNotFound,
  toDecisionDTO,
  toItemDTO,
  type DeletionActor,
  type Tx,
} from './common';
import { expireDueRequests, expireIfDue } from './decisions';
import { requestWebhookData } from './events';
import { dispatchWebhookDeliveries } from './queues';
import { computeSafetySummary } from './safety';
import type {
  BlockedTag,
  DeletionPreviewDTO,
  DeletionProgressDTO,
  DeletionRequestDetailDTO,
  DeletionRequestStatus,
  DeletionRequestSummaryDTO,
  SafetySummary,
} from './types';
import { hasPermission } from '@/lib/auth/permissions';

// ---- settings ------------------------------------------------------------------------------------

export interface DeletionSettingsValues {
  requestTtlHours: number;
  recentPullDays: number;
}

export const DEFAULT_DELETION_SETTINGS: DeletionSettingsValues = { requestTtlHours: 72, recentPullDays: 7 };

/** The instance's deletion settings (defaults when none were saved). */
export async function getDeletionSettings(instanceId: string, client: Tx | Db = db): Promise<DeletionSettingsValues> {
  const row = await client.deletionSettings.findUnique({ where: { instanceId }, select: { requestTtlHours: true, recentPullDays: true } });
  return row ?? DEFAULT_DELETION_SETTINGS;
}

/** Saves how long requests stay open and what counts as "recently pulled" for an instance. */
export async function updateDeletionSettings(
  actor: DeletionActor,
  input: { instanceId: string; requestTtlHours: number; recentPullDays: number },
): Promise<DeletionSettingsValues> {
  assertCan(actor, 'instances.manage');
  await loadInstance(input.instanceId);
  return db.$transaction(async (tx) => {
    const values = { requestTtlHours: input.requestTtlHours, recentPullDays: input.recentPullDays };
    await tx.deletionSettings.upsert({ where: { instanceId: input.instanceId }, create: { instanceId: input.instanceId, ...values }, update: values });
    await recordAudit(tx, { actor: auditActor(actor), action: 'deletion.settings_updated', instanceId: input.instanceId, details: { ...values } });
    return values;
  });
}

// ---- shared helpers ------------------------------------------------------------------------------

interface InstanceForDeletion {
  id: string;
  name: string;
  username: string;
  namespaces: string[];
  protectedTagPatterns: string[];
  requiredApprovals: number;
  capabilities: unknown;
  status: string;
}

async function loadInstance(instanceId: string, client: Tx | Db = db): Promise<InstanceForDeletion> {
  const row = await client.instance.findUnique({
    where: { id: instanceId },
    select: { id: true, name: true, username: true, namespaces: true, protectedTagPatterns: true, requiredApprovals: true, capabilities: true, status: true },
  });
  if (row === null) throw new AppError('not_found', 'That Docker Hub instance does not exist (it may have been deleted).');
  return row;
}

function deleteCapabilityProblem(instance: InstanceForDeletion): string | null {
  const decision = capabilityFor({ capabilities: parseCapabilities(instance.capabilities), status: instance.status }, 'deleteTags');
  return decision.allowed ? null : (decision.reason ?? "This instance's token cannot delete tags.");
}

function assertNamespace(instance: InstanceForDeletion, namespace: string): void {
  const namespaces = [instance.username, ...instance.namespaces];
  if (!namespaces.includes(namespace)) {
    throw new AppError('not_found', `"${namespace}" is not a namespace of instance ${instance.name}.`);
  }
}

function assertTagNames(tags: readonly string[]): void {
  if (tags.length === 0) throw new AppError('validation', 'Select at least one tag to delete.', { items: ['Select at least one tag to delete.'] });
  const bad = tags.filter((t) => !TAG_NAME_PATTERN.test(t));
  if (bad.length > 0) {
    const shown = bad.slice(0, 3).map((t) => `"${t.slice(0, 60)}"`).join(', ');
    const message = `${shown} ${bad.length === 1 ? 'is not a valid Docker tag' : 'are not valid Docker tags'}: a tag is 1 to 128 letters, digits, _, . or -, not starting with . or -.`;
    throw new AppError('validation', message, { items: [message] });
  }
}

/** Turns the table's selection into one repository and its tag names; refuses mixed repositories. */
export function resolveSelection(input: DeletionSelectionInput): { namespace: string; repository: string; tags: string[] } {
  if (input.items.length === 0) throw new AppError('validation', 'Select at least one tag to delete.', { items: ['Select at least one tag to delete.'] });
  const repos = [...new Set(input.items.map((i) => repoRef(i.namespace, i.repository)))];
  if (repos.length > 1) {
    const message = `All tags of one request must come from one repository; this selection has tags from ${repos.slice(0, 3).join(', ')}${repos.length > 3 ? ' and more' : ''}.`;
    throw new AppError('validation', message, { items: [message] });
  }
  const first = input.items[0] as (typeof input.items)[number];
  const tags = [...new Set(input.items.map((i) => i.tag))];
  assertTagNames(tags);
  return { namespace: first.namespace, repository: first.repository, tags };
}

async function readAllTags(client: HubClient, namespace: string, repository: string): Promise<TagRow[]> {
  try {
    const tags = await client.listAllTags(namespace, repository);
    return tags.map(toTagRow);
  } catch (err) {
    if (isHubError(err, 'not_found')) throw new AppError('not_found', `Docker Hub has no repository ${repoRef(namespace, repository)} (or this token cannot see it).`);
    throw toBrowseError(err);
  }
}

/** What the repository page needs for its "Request deletion" button. */
export async function getDeletionContext(
  actor: DeletionActor,
  instanceId: string,
): Promise<{ canRequest: boolean; disabledReason: string | null; protectedPatterns: string[] }> {
  const instance = await loadInstance(instanceId);
  return {
    canRequest: hasPermission(actor, 'deletions.request'),
    disabledReason: deleteCapabilityProblem(instance),
    protectedPatterns: instance.protectedTagPatterns,
  };
}

// ---- preview and create --------------------------------------------------------------------------

/** The safety summary of a selection, from fresh Hub data, before a request is submitted. */
export async function previewDeletion(actor: DeletionActor, input: DeletionSelectionInput, deps: { hubClient?: (instanceId: string) => Promise<HubClient> } = {}): Promise<DeletionPreviewDTO> {
  assertCan(actor, 'deletions.request');
  const selection = resolveSelection(input);
  const instance = await loadInstance(input.instanceId);
  assertNamespace(instance, selection.namespace);
  const settings = await getDeletionSettings(instance.id);
  const client = await (deps.hubClient ?? getHubClientForInstance)(instance.id);
  const tags = await readAllTags(client, selection.namespace, selection.repository);
  const summary = computeSafetySummary({
    namespace: selection.namespace,
    repository: selection.repository,
    selected: selection.tags,
    tags,
    protectedPatterns: instance.protectedTagPatterns,
    recentPullDays: settings.recentPullDays,
    now: Date.now(),
  });
  return { instanceId: instance.id, instanceName: instance.name, summary, capabilityProblem: deleteCapabilityProblem(instance) };
}

export interface CreateDeletionRequestInput {
  instanceId: string;
  namespace: string;
  repository: string;
  /** Tag names to delete (one repository). */
  tags: readonly string[];
  /** Required; policies pass a generated one ("Retention policy X: keep 10 newest"). */
  reason: string;
  /** 'manual' (default): an ADMIN's request. 'policy': generated by a retention policy. */
  source?: 'manual' | 'policy';
  /** Required when source is 'policy'. */
  policyId?: string;
  /**
   * Policy runs only: every tag of the repository as the policy read it from Hub moments ago
   * (TagRow[], e.g. from listAllTags + toTagRow). Manual requests always read Hub afresh.
   */
  snapshot?: readonly TagRow[];
  /** The request this one re-submits. */
  resubmittedFromId?: string;
}

export interface CreatedDeletionRequest {
  id: string;
  tagCount: number;
  /** Tags left out (policy requests) — manual requests with blocked tags are refused instead. */
  blocked: BlockedTag[];
  summary: SafetySummary;
  expiresAt: number;
}

/**
 * Creates a pending deletion request with a per-tag snapshot (digest, architectures, size, last
 * pushed, last pulled) and the safety summary, recomputed here from Hub data. Manual requests
 * need `deletions.request` and are refused when any tag is blocked (protected, gone, no digest);
 * policy requests (actor may be null) leave blocked tags out. Audit event and webhook outbox rows
 * are written in the same transaction.
 */
export async function createDeletionRequest(
  actor: DeletionActor | null,
  input: CreateDeletionRequestInput,
  deps: { hubClient?: (instanceId: string) => Promise<HubClient> } = {},
): Promise<CreatedDeletionRequest> {
  const source = input.source ?? 'manual';
  if (source === 'manual') {
    if (actor === null) throw new AppError('unauthenticated', 'Sign in to request a deletion.');
    assertCan(actor, 'deletions.request');
    if (input.snapshot !== undefined) throw new AppError('validation', 'Manual requests are always checked against fresh Docker Hub data.');
  } else if (!input.policyId) {
    throw new AppError('validation', 'A policy request needs the policy id.');
  }
  const reason = input.reason.trim();
  if (reason === '') throw new AppError('validation', 'Give a reason for deleting these tags.', { reason: ['Give a reason for deleting these tags.'] });
  const tagNames = [...new Set(input.tags)];
  assertTagNames(tagNames);
  const instance = await loadInstance(input.instanceId);
  assertNamespace(instance, input.namespace);
  const capabilityProblem = deleteCapabilityProblem(instance);
  if (capabilityProblem !== null) throw new AppError('forbidden', capabilityProblem);
  const settings = await getDeletionSettings(instance.id);

  const tags = input.snapshot ?? (await readAllTags(await (deps.hubClient ?? getHubClientForInstance)(instance.id), input.namespace, input.repository));
  const now = Date.now();
  const summary = computeSafetySummary({
    namespace: input.namespace,
    repository: input.repository,
    selected: tagNames,
    tags,
    protectedPatterns: instance.protectedTagPatterns,
    recentPullDays: settings.recentPullDays,
    now,
  });
  if (source === 'manual' && summary.blocked.length > 0) {
    const list = summary.blocked.map((b) => `${b.tag} (${b.detail})`).join('; ');
    const message = `These tags cannot be requested: ${list}. Remove them from the selection and try again.`;
    throw new AppError('validation', message, { items: [message] });
  }
  if (summary.requestable.length === 0) {
    throw new AppError('validation', 'None of the selected tags can be deleted.', { items: ['None of the selected tags can be deleted.'] });
  }

  const expiresAt = new Date(now + settings.requestTtlHours * 3_600_000);
  const { created, deliveries } = await db.$transaction(async (tx) => {
    const request = await tx.deletionRequest.create({
      data: {
        instanceId: instance.id,
        namespace: input.namespace,
        repository: input.repository,
        source,
        policyId: input.policyId ?? null,
        requesterId: actor?.id ?? null,
        requesterEmail: actor?.email ?? null,
        reason,
        requiredApprovals: Math.max(1, instance.requiredApprovals),
        createdAt: new Date(now),
        expiresAt,
        summary: summary as unknown as Prisma.InputJsonValue,
        resubmittedFromId: input.resubmittedFromId ?? null,
      },
      select: { id: true, namespace: true, repository: true, reason: true, requesterEmail: true, source: true, status: true, expiresAt: true },
    });
    await tx.deletionItem.createMany({
      data: summary.requestable.map((t) => ({
        requestId: request.id,
        tag: t.tag,
        digest: t.digest,
        architectures: t.architectures,
        size: t.size === null ? null : BigInt(Math.round(t.size)),
        lastPushed: t.lastPushed === null ? null : new Date(t.lastPushed),
        lastPulled: t.lastPulled === null ? null : new Date(t.lastPulled),
        warnings: t.warnings,
      })),
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'deletion.requested',
      instanceId: instance.id,
      repository: repoRef(input.namespace, input.repository),
      details: {
        requestId: request.id,
        source,
        ...(input.policyId ? { policyId: input.policyId } : {}),
        ...(input.resubmittedFromId ? { resubmittedFromId: input.resubmittedFromId } : {}),
        reason,
        tagCount: summary.requestable.length,
        tags: summary.requestable.slice(0, 500).map((t) => ({ tag: t.tag, digest: t.digest })),
        blocked: summary.blocked.map((b) => ({ tag: b.tag, reason: b.reason })),
        sharedDigest: summary.sharedDigest.length,
        recentlyPulled: summary.recentlyPulled.length,
        freedBytes: summary.storage.freedBytes,
        expiresAt: expiresAt.toISOString(),
      },
    });
    const deliveries = await enqueueWebhookEvent(tx, {
      instanceId: instance.id,
      event: 'request.created',
      data: requestWebhookData({ ...request, tagCount: summary.requestable.length }),
    });
    return { created: request, deliveries };
  });
  await dispatchWebhookDeliveries(deliveries);
  return { id: created.id, tagCount: summary.requestable.length, blocked: summary.blocked, summary, expiresAt: expiresAt.getTime() };
}

/** The tags table's "Request deletion": one repository's selected tags with a reason. */
export async function createDeletionRequestFromSelection(
  actor: DeletionActor,
  input: DeletionSelectionInput & { reason: string },
  deps: { hubClient?: (instanceId: string) => Promise<HubClient> } = {},
): Promise<CreatedDeletionRequest> {
  assertCan(actor, 'deletions.request');
  const selection = resolveSelection(input);
  return createDeletionRequest(actor, { instanceId: input.instanceId, ...selection, reason: input.reason }, deps);
}

const RESUBMITTABLE: readonly DeletionRequestStatus[] = ['expired', 'rejected', 'cancelled'];

/**
 * Creates a new pending request from an expired, rejected or cancelled one: same instance,
 * repository and tags (those not already deleted), checked against fresh Hub data.
 */
export async function resubmitDeletionRequest(
  actor: DeletionActor,
  input: { requestId: string; reason?: string | undefined },
  deps: { hubClient?: (instanceId: string) => Promise<HubClient> } = {},
): Promise<CreatedDeletionRequest> {
  assertCan(actor, 'deletions.request');
  await expireIfDue(input.requestId);
  const original = await db.deletionRequest.findUnique({
    where: { id: input.requestId },
    select: {
      id: true,
      instanceId: true,
      namespace: true,
      repository: true,
      reason: true,
      status: true,
      items: { select: { tag: true, status: true }, orderBy: { tag: 'asc' } },
    },
  });
  if (original === null) throw requestNotFound();
  if (!RESUBMITTABLE.includes(original.status)) {
    throw new AppError('conflict', `Only expired, rejected or cancelled requests can be re-submitted; this one is ${original.status}.`);
  }
  const tags = original.items.filter((i) => i.status !== 'deleted' && i.status !== 'already_gone').map((i) => i.tag);
  if (tags.length === 0) throw new AppError('conflict', 'Every tag of this request is already gone; there is nothing to re-submit.');
  return createDeletionRequest(
    actor,
    {
      instanceId: original.instanceId,
      namespace: original.namespace,
      repository: original.repository,
      tags,
      reason: input.reason ?? original.reason,
      resubmittedFromId: original.id,
    },
    deps,
  );
}

// ---- reading -------------------------------------------------------------------------------------

const summarySelect = {
  id: true,
  instanceId: true,
  namespace: true,
  repository: true,
  source: true,
  policyId: true,
  requesterId: true,
  requesterEmail: true,
  reason: true,
  status: true,
  requiredApprovals: true,
  createdAt: true,
  expiresAt: true,
  finishedAt: true,
  executionQueuedAt: true,
  resubmittedFromId: true,
  _count: { select: { items: true, decisions: { where: { decision: 'approve' } } } },
} as const;

type SummaryRow = {
  id: string;
  instanceId: string;
  namespace: string;
  repository: string;
  source: 'manual' | 'policy';
  policyId: string | null;
  requesterId: string | null;
  requesterEmail: string | null;
  reason: string;
  status: DeletionRequestStatus;
  requiredApprovals: number;
  createdAt: Date;
  expiresAt: Date;
  finishedAt: Date | null;
  executionQueuedAt: Date | null;
  resubmittedFromId: string | null;
  _count: { items: number; decisions: number };
};

function phaseOf(r: Pick<SummaryRow, 'status' | 'finishedAt' | 'executionQueuedAt'>): DeletionRequestSummaryDTO['phase'] {
  if (r.status === 'approved' && r.finishedAt === null) return 'running';
  return r.status;
}

function toSummaryDTO(r: SummaryRow, instanceName: string): DeletionRequestSummaryDTO {
  return {
    id: r.id,
    instanceId: r.instanceId,
    instanceName,
    namespace: r.namespace,
    repository: r.repository,
    source: r.source,
    policyId: r.policyId,
    requesterId: r.requesterId,
    requesterEmail: r.requesterEmail,
    reason: r.reason,
    status: r.status,
    phase: phaseOf(r),
    tagCount: r._count.items,
    requiredApprovals: r.requiredApprovals,
    approvals: r._count.decisions,
    createdAt: r.createdAt.getTime(),
    expiresAt: r.expiresAt.getTime(),
    finishedAt: ms(r.finishedAt),
    resubmittedFromId: r.resubmittedFromId,
  };
}

async function instanceNames(ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.instance.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface ListDeletionRequestsQuery {
  status?: DeletionRequestStatus | 'open' | 'all';
  instanceId?: string | undefined;
  mine?: boolean | undefined;
  take?: number;
}

/** Requests, newest first (pending ones oldest first, as an approval queue). */
export async function listDeletionRequests(actor: DeletionActor, query: ListDeletionRequestsQuery = {}): Promise<DeletionRequestSummaryDTO[]> {
  assertCan(actor, 'deletions.view');
  if (query.status === 'pending' || query.status === 'open') await expireDueRequests();
  const where: Prisma.DeletionRequestWhereInput = {};
  if (query.status === 'open') where.status = { in: ['pending', 'approved'] };
  else if (query.status !== undefined && query.status !== 'all') where.status = query.status;
  if (query.instanceId) where.instanceId = query.instanceId;
  if (query.mine) where.requesterId = actor.id;
  const rows = (await db.deletionRequest.findMany({
    where,
    select: summarySelect,
    orderBy: { createdAt: query.status === 'pending' ? 'asc' : 'desc' },
    take: Math.min(Math.max(query.take ?? 50, 1), 200),
  })) as SummaryRow[];
  const names = await instanceNames(rows.map((r) => r.instanceId));
  return rows.map((r) => toSummaryDTO(r, names.get(r.instanceId) ?? '(deleted instance)'));
}

/** One request with items, decisions, counts, summary and what `actor` may do with it. */
export async function getDeletionRequest(actor: DeletionActor, requestId: string): Promise<DeletionRequestDetailDTO> {
  assertCan(actor, 'deletions.view');
  await expireIfDue(requestId);
  const row = await db.deletionRequest.findUnique({
    where: { id: requestId },
    select: {
      ...summarySelect,
      summary: true,
      approvedAt: true,
      rejectedAt: true,
      expiredAt: true,
      cancelledAt: true,
      cancelledByEmail: true,
      cancelComment: true,
      executionStartedAt: true,
      items: { select: itemSelect, orderBy: { tag: 'asc' } },
      decisions: { select: { approverId: true, approverEmail: true, decision: true, comment: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  if (row === null) throw requestNotFound();
  const names = await instanceNames([row.instanceId]);
  const base = toSummaryDTO(row as SummaryRow, names.get(row.instanceId) ?? '(deleted instance)');
  const counts = countsFrom(
    Object.entries(
      row.items.reduce<Record<string, number>>((acc, i) => {
        acc[i.status] = (acc[i.status] ?? 0) + 1;
        return acc;
      }, {}),
    ).map(([status, n]) => ({ status, _count: { _all: n } })),
  );
  const mayApprove = hasPermission(actor, 'deletions.approve');
  const own = row.requesterId !== null && row.requesterId === actor.id;
  const decided = row.decisions.some((d) => d.approverId === actor.id);
  const pending = row.status === 'pending';
  let approveBlockedReason: string | null = null;
  if (mayApprove && pending) {
    if (own) approveBlockedReason = "You requested this deletion, so another approver has to decide on it.";
    else if (decided) approveBlockedReason = 'You already approved this request; it needs approvals from other people.';
  }
  const mayCancel = hasPermission(actor, 'deletions.request') || mayApprove;
  return {
    ...base,
    items: row.items.map(toItemDTO),
    decisions: row.decisions.map(toDecisionDTO),
    counts,
    summary: parseSummary(row.summary),
    approvedAt: ms(row.approvedAt),
    rejectedAt: ms(row.rejectedAt),
    expiredAt: ms(row.expiredAt),
    cancelledAt: ms(row.cancelledAt),
    cancelledByEmail: row.cancelledByEmail,
    cancelComment: row.cancelComment,
    executionStartedAt: ms(row.executionStartedAt),
    can: {
      approve: mayApprove && pending && !own && !decided,
      reject: mayApprove && pending && !own && !decided,
      cancel: mayCancel && (pending || (row.status === 'approved' && row.finishedAt === null)),
      resubmit: hasPermission(actor, 'deletions.request') && RESUBMITTABLE.includes(row.status),
    },
    approveBlockedReason,
  };
}

/** Live progress of a request (polled by the request page). */
export async function getDeletionProgress(actor: DeletionActor, requestId: string): Promise<DeletionProgressDTO> {
  assertCan(actor, 'deletions.view');
  const row = await db.deletionRequest.findUnique({
    where: { id: requestId },
    select: {
      id: true,
      status: true,
      finishedAt: true,
      executionQueuedAt: true,
      items: {
        select: { id: true, tag: true, status: true, attempts: true, finishedAt: true, confirmedByReread: true, outcomeReason: true, currentDigest: true },
        orderBy: { tag: 'asc' },
      },
    },
  });
  if (row === null) throw requestNotFound();
  const counts = countsFrom(
    Object.entries(
      row.items.reduce<Record<string, number>>((acc, i) => {
        acc[i.status] = (acc[i.status] ?? 0) + 1;
        return acc;
      }, {}),
    ).map(([status, n]) => ({ status, _count: { _all: n } })),
  );
  return {
    id: row.id,
    status: row.status,
    phase: phaseOf(row),
    counts,
    finishedAt: ms(row.finishedAt),
    items: row.items.map((i) => ({ ...i, finishedAt: ms(i.finishedAt) })),
  };
}
