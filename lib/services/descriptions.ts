import 'server-only';
// Description editing: single edits, bulk previews, the bulk job engine (run by the pg-boss
// handler in lib/jobs/handlers/descriptions.ts), undo, retry and history. Every public function
// authorizes the actor, scopes by instance in the `where` clause and returns small DTOs.
//
// Bulk jobs are resumable: each repository's outcome is committed in its own transaction, a write
// is marked `attemptedAt` just before it is sent, and before writing a repository its current
// descriptions are read again; a repository whose value moved since the preview is skipped.
// One runner at a time holds a lease on the job (renewed by a heartbeat); a killed runner's lease
// expires and the next delivery (pg-boss retry or the recovery cron) takes over.
import { randomUUID } from 'node:crypto';
import { recordAudit, type Tx } from '@/lib/audit';
import { hasPermission, type Permission } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/client';
import { condenseDiff, diffText } from '@/lib/descriptions/diff';
import type {
  BulkItemDTO,
  BulkItemStatusName,
  BulkJobDTO,
  BulkJobStatusName,
  BulkJobSummaryDTO,
  BulkPreviewDTO,
  DescriptionChangeDTO,
  DescriptionEditorDTO,
  DescriptionUpdateResultDTO,
  PreviewFieldDTO,
  PreviewRowDTO,
} from '@/lib/descriptions/dto';
import { utf8Length } from '@/lib/descriptions/limits';
import { compileRepoNameFilter, compileSpec, parseRepoRef, planBulk, summarizePreview } from '@/lib/descriptions/plan';
import { doneCount, etaSeconds } from '@/lib/descriptions/progress';
import { describeChange } from '@/lib/descriptions/transforms';
import {
  DESCRIPTION_FIELDS,
  FIELD_LABELS,
  type BulkDescriptionSpec,
  type DescriptionField,
  type DescriptionPatch,
  type DescriptionValues,
  type PreviewRow,
  type RepoDescriptionContext,
} from '@/lib/descriptions/types';
import { AppError, isAppError } from '@/lib/errors';
import { isHubError, type DescriptionUpdate, type HubClient, type HubClientOptions, type HubLogger, type HubRepository } from '@/lib/hub';
import { ensureQueue, getBoss, sendJob, type JobDefinition } from '@/lib/jobs/boss';
import { logger } from '@/lib/logger';
import { renderMarkdown } from '@/lib/markdown';
import { MAX_BULK_REPOSITORIES, type BulkPreviewInput, type UpdateDescriptionInput } from '@/lib/validations/descriptions';
import { cacheKeys } from './browse';
import { capabilityFor, parseCapabilities, type CapabilityDecision } from './capabilities';
import { getHubClientForInstance, hubClientDefaults } from './hub-clients';
import { invalidateHubCache } from './hub-cache';
import { registerPendingWorkCanceller } from './instances';

/** The actor as the services need it (CurrentUser fits). */
export interface DescriptionActor {
  id: string;
  email: string;
  roles: readonly string[];
  active?: boolean;
}

// ---- queues --------------------------------------------------------------------------------------

/** The bulk job queue. Short expiry: a delivery whose worker died is retried after a minute. */
export const BULK_QUEUE: Pick<JobDefinition<{ jobId: string }>, 'queue' | 'options'> = {
  queue: 'descriptions-bulk',
  options: { expireInSeconds: 60, retryLimit: 50, retryDelay: 5 },
};

/** Every minute: re-sends bulk jobs whose runner vanished (lease expired) or that were never picked up. */
export const RECOVER_QUEUE: Pick<JobDefinition<object>, 'queue' | 'options'> = {
  queue: 'descriptions-recover',
  options: { expireInSeconds: 60, retryLimit: 0 },
};

/** A runner's lease on a job; renewed by the heartbeat well before it runs out. */
const LEASE_MS = 20_000;
const HEARTBEAT_MS = 2_000;
/** One delivery works at most this long, then hands over to a fresh delivery (keeps pg-boss expiry short). */
const DEFAULT_RUN_BUDGET_MS = 40_000;
/** Drafts (stored previews) older than this are deleted. */
const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;
/** A Hub call pending longer than this is reported as a rate-limit wait (the client throttles silently). */
const SLOW_CALL_MS = 1_500;

const ACTIVE_STATUSES = ['queued', 'running', 'cancelling'] as const;
/** Token-wide refusals: every further repository would fail the same way, so the job stops. */
const TOKEN_WIDE_CODES = new Set(['unauthorized', 'insufficient_scope', 'pat_not_allowed', 'oat_not_allowed']);

// ---- helpers -------------------------------------------------------------------------------------

function authorize(actor: DescriptionActor | null | undefined, permission: Permission): DescriptionActor {
  if (!actor || !hasPermission(actor, permission)) throw new AppError('forbidden', "You don't have permission to do this.");
  return actor;
}

const HUB_FIELD_NAMES: Record<string, DescriptionField> = { description: 'description', full_description: 'fullDescription' };

/** A Hub failure as an AppError carrying the client's user-facing message (which names the token that would work). */
export function toDescriptionError(err: unknown): unknown {
  if (isAppError(err)) return err;
  if (isHubError(err)) {
    const fieldErrors: Record<string, string[]> = {};
    for (const [key, messages] of Object.entries(err.fieldErrors ?? {})) {
      const field = HUB_FIELD_NAMES[key];
      if (field !== undefined) fieldErrors[field] = [err.message];
      else if (key !== '_') fieldErrors[key] = messages;
    }
    return new AppError(`hub_${err.code}`, err.message, Object.keys(fieldErrors).length > 0 ? fieldErrors : undefined);
  }
  return err;
}

const instanceSelect = { id: true, name: true, username: true, namespaces: true, status: true, capabilities: true } as const;
type InstanceRow = { id: string; name: string; username: string; namespaces: string[]; status: string; capabilities: unknown };

async function loadInstance(instanceId: string): Promise<InstanceRow> {
  const row = await db.instance.findUnique({ where: { id: instanceId }, select: instanceSelect });
  if (row === null) throw new AppError('not_found', 'That Docker Hub instance does not exist (it may have been deleted).');
  return row;
}

function namespacesOf(instance: InstanceRow): string[] {
  return [...new Set([instance.username, ...instance.namespaces].filter((n) => n !== ''))];
}

/** Whether the instance's token may write descriptions, with the reason when not. */
export function writeDecision(instance: { capabilities: unknown; status: string }): CapabilityDecision {
  return capabilityFor({ capabilities: parseCapabilities(instance.capabilities), status: instance.status }, 'writeDescriptions');
}

function assertCanWrite(instance: InstanceRow): void {
  const decision = writeDecision(instance);
  if (!decision.allowed) throw new AppError('forbidden_capability', decision.reason ?? 'This instance cannot edit descriptions.');
}

function assertNamespace(instance: InstanceRow, namespace: string): void {
  const namespaces = namespacesOf(instance);
  if (!namespaces.includes(namespace)) {
    throw new AppError('not_found', `"${namespace}" is not a namespace of instance ${instance.name}. Its namespaces are: ${namespaces.join(', ')}.`, {
      namespace: ['unknown namespace'],
    });
  }
}

function valuesOf(repo: HubRepository): { description: string; fullDescription: string } {
  return { description: repo.description ?? '', fullDescription: repo.fullDescription ?? '' };
}

function forgetCached(instanceId: string, namespace: string, repository: string): void {
  invalidateHubCache(instanceId, cacheKeys.repository(namespace, repository));
  invalidateHubCache(instanceId, `repos:${namespace}:`);
}

function auditActor(actor: { id: string; email: string } | null): { id: string; email: string } | null {
  return actor === null ? null : { id: actor.id, email: actor.email };
}

/** Audit details of one repository's change: short values in full, README only by size. */
function changeDetails(before: DescriptionPatch, after: DescriptionPatch, extra: Record<string, string> = {}): Prisma.InputJsonValue {
  const details: Record<string, string | number | string[]> = { fields: Object.keys(after), ...extra };
  if (after.description !== undefined) {
    details.descriptionBefore = before.description ?? '';
    details.descriptionAfter = after.description;
  }
  if (after.fullDescription !== undefined) {
    details.fullDescriptionBytesBefore = utf8Length(before.fullDescription ?? '');
    details.fullDescriptionBytesAfter = utf8Length(after.fullDescription);
  }
  return details;
}

async function recordChange(
  tx: Tx,
  input: {
    instanceId: string;
    namespace: string;
    repository: string;
    before: DescriptionPatch;
    after: DescriptionPatch;
    actor: { id: string; email: string } | null;
    actorEmail: string | null;
    bulkJobId?: string;
  },
): Promise<string> {
  const fields = DESCRIPTION_FIELDS.filter((f) => input.after[f] !== undefined);
  const change = await tx.descriptionChange.create({
    data: {
      instanceId: input.instanceId,
      namespace: input.namespace,
      repository: input.repository,
      fields,
      descriptionBefore: input.after.description !== undefined ? (input.before.description ?? '') : null,
      descriptionAfter: input.after.description ?? null,
      fullDescriptionBefore: input.after.fullDescription !== undefined ? (input.before.fullDescription ?? '') : null,
      fullDescriptionAfter: input.after.fullDescription ?? null,
      actorId: input.actor?.id ?? null,
      actorEmail: input.actorEmail,
      bulkJobId: input.bulkJobId ?? null,
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor: auditActor(input.actor),
    action: 'description.updated',
    instanceId: input.instanceId,
    repository: `${input.namespace}/${input.repository}`,
    details: changeDetails(input.before, input.after, input.bulkJobId === undefined ? {} : { bulkJobId: input.bulkJobId }),
  });
  return change.id;
}

/** The instance as the description pages need it: name, namespaces and whether its token may write. */
export async function getDescriptionsInstance(
  actor: DescriptionActor,
  instanceId: string,
): Promise<{ id: string; name: string; namespaces: string[]; capability: CapabilityDecision }> {
  authorize(actor, 'repositories.view');
  const instance = await loadInstance(instanceId);
  return { id: instance.id, name: instance.name, namespaces: namespacesOf(instance), capability: writeDecision(instance) };
}

// ---- single edit ---------------------------------------------------------------------------------

/** The editor's starting point: the current descriptions read fresh from Hub, and whether the token may write. */
export async function getDescriptionEditor(actor: DescriptionActor, instanceId: string, namespace: string, repository: string): Promise<DescriptionEditorDTO> {
  authorize(actor, 'descriptions.edit');
  const instance = await loadInstance(instanceId);
  assertNamespace(instance, namespace);
  const decision = writeDecision(instance);
  try {
    const client = await getHubClientForInstance(instanceId);
    const repo = await client.getRepository(namespace, repository);
    return { instanceId, namespace, repository, ...valuesOf(repo), capability: { allowed: decision.allowed, reason: decision.reason } };
  } catch (err) {
    throw toDescriptionError(err);
  }
}

/**
 * Saves one repository's descriptions. Refuses (conflict) when Hub's current value differs from
 * what the editor was opened with, so a concurrent edit is never overwritten silently.
 */
export async function updateRepositoryDescription(actor: DescriptionActor, input: UpdateDescriptionInput): Promise<DescriptionUpdateResultDTO> {
  authorize(actor, 'descriptions.edit');
  const instance = await loadInstance(input.instanceId);
  assertNamespace(instance, input.namespace);
  assertCanWrite(instance);
  try {
    const client = await getHubClientForInstance(input.instanceId);
    const current = valuesOf(await client.getRepository(input.namespace, input.repository));
    const wanted: DescriptionPatch = {};
    if (input.description !== undefined) wanted.description = input.description;
    if (input.fullDescription !== undefined) wanted.fullDescription = input.fullDescription;
    if (input.expected !== undefined) {
      const moved = DESCRIPTION_FIELDS.filter((f) => wanted[f] !== undefined && input.expected?.[f] !== current[f]);
      if (moved.length > 0) {
        throw new AppError(
          'conflict',
          `The ${moved.map((f) => FIELD_LABELS[f].toLowerCase()).join(' and ')} changed on Docker Hub after you opened the editor. Reload to see the current text, then make your change again.`,
        );
      }
    }
    const patch: DescriptionPatch = {};
    for (const f of DESCRIPTION_FIELDS) {
      const value = wanted[f];
      if (value !== undefined && value !== current[f]) patch[f] = value;
    }
    if (Object.keys(patch).length === 0) {
      return { namespace: input.namespace, repository: input.repository, ...current, changed: [], changeId: null };
    }
    const update: DescriptionUpdate = {};
    if (patch.description !== undefined) update.description = patch.description;
    if (patch.fullDescription !== undefined) update.full_description = patch.fullDescription;
    const result = await client.updateRepositoryDescriptions(input.namespace, input.repository, update);
    const written: DescriptionPatch = {};
    if (patch.description !== undefined) written.description = result.description ?? patch.description;
    if (patch.fullDescription !== undefined) written.fullDescription = result.fullDescription ?? patch.fullDescription;
    const changeId = await db.$transaction((tx) =>
      recordChange(tx, {
        instanceId: input.instanceId,
        namespace: input.namespace,
        repository: input.repository,
        before: current,
        after: written,
        actor,
        actorEmail: actor.email,
      }),
    );
    forgetCached(input.instanceId, input.namespace, input.repository);
    return {
      namespace: input.namespace,
      repository: input.repository,
      description: written.description ?? current.description,
      fullDescription: written.fullDescription ?? current.fullDescription,
      changed: DESCRIPTION_FIELDS.filter((f) => written[f] !== undefined),
      changeId,
    };
  } catch (err) {
    throw toDescriptionError(err);
  }
}

/** Renders Markdown exactly as the repository page does (sanitised HTML), for the editor's preview. */
export function renderDescriptionPreview(actor: DescriptionActor, markdown: string): { html: string } {
  authorize(actor, 'descriptions.edit');
  return { html: renderMarkdown(markdown) };
}

// ---- history -------------------------------------------------------------------------------------

/** Description changes of one repository, newest first. */
export async function listDescriptionHistory(
  actor: DescriptionActor,
  instanceId: string,
  namespace: string,
  repository: string,
  options: { limit?: number } = {},
): Promise<DescriptionChangeDTO[]> {
  authorize(actor, 'repositories.view');
  const rows = await db.descriptionChange.findMany({
    where: { instanceId, namespace, repository },
    orderBy: { at: 'desc' },
    take: Math.min(Math.max(options.limit ?? 50, 1), 200),
  });
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actorEmail: row.actorEmail,
    fields: row.fields.filter((f): f is DescriptionField => f === 'description' || f === 'fullDescription'),
    description:
      row.descriptionAfter === null
        ? null
        : { before: row.descriptionBefore, after: row.descriptionAfter, diff: diffText(row.descriptionBefore ?? '', row.descriptionAfter) },
    fullDescription:
      row.fullDescriptionAfter === null
        ? null
        : {
            beforeBytes: utf8Length(row.fullDescriptionBefore ?? ''),
            afterBytes: utf8Length(row.fullDescriptionAfter),
            diff: condenseDiff(diffText(row.fullDescriptionBefore ?? '', row.fullDescriptionAfter)),
          },
    bulkJobId: row.bulkJobId,
  }));
}

// ---- bulk preview --------------------------------------------------------------------------------

function needsFullRead(spec: Pick<BulkDescriptionSpec, DescriptionField>): boolean {
  return spec.fullDescription.kind !== 'keep';
}

async function readRepos(client: HubClient, refs: { namespace: string; name: string }[], full: boolean): Promise<{ repos: RepoDescriptionContext[]; missing: string[] }> {
  const repos: RepoDescriptionContext[] = [];
  const missing: string[] = [];
  const byNamespace = new Map<string, string[]>();
  for (const ref of refs) byNamespace.set(ref.namespace, [...(byNamespace.get(ref.namespace) ?? []), ref.name]);
  const found = new Map<string, RepoDescriptionContext>();
  for (const [namespace, names] of byNamespace) {
    // Listing costs one request per 100 repositories, a read per repository one each.
    if (!full && names.length > 5) {
      const listed = await client.listAllRepositories(namespace);
      const index = new Map(listed.map((r) => [r.name, r]));
      for (const name of names) {
        const r = index.get(name);
        if (r !== undefined) found.set(`${namespace}/${name}`, { namespace, name, description: r.description ?? '', fullDescription: null });
      }
      continue;
    }
    await Promise.all(
      names.map(async (name) => {
        try {
          const r = await client.getRepository(namespace, name);
          found.set(`${namespace}/${name}`, { namespace, name, description: r.description ?? '', fullDescription: full ? (r.fullDescription ?? '') : null });
        } catch (err) {
          if (!isHubError(err, 'not_found')) throw err;
        }
      }),
    );
  }
  for (const ref of refs) {
    const repo = found.get(`${ref.namespace}/${ref.name}`);
    if (repo === undefined) missing.push(`${ref.namespace}/${ref.name}`);
    else repos.push(repo);
  }
  return { repos, missing };
}

function previewField(row: PreviewRow, field: DescriptionField): PreviewFieldDTO | null {
  const after = row.after[field];
  const before = row.before[field];
  if (field === 'description') {
    const value = before ?? '';
    return after === undefined ? { before: value, after: value, diff: diffText(value, value), changed: false } : { before: value, after, diff: diffText(value, after), changed: true };
  }
  if (before === null) return null;
  const next = after ?? before;
  return {
    diff: condenseDiff(diffText(before, next)),
    changed: after !== undefined,
    beforeBytes: utf8Length(before),
    afterBytes: utf8Length(next),
  };
}

function toPreviewRowDTO(row: PreviewRow, spec: Pick<BulkDescriptionSpec, DescriptionField>): PreviewRowDTO {
  return {
    namespace: row.namespace,
    name: row.name,
    outcome: row.outcome,
    problems: row.problems,
    description: previewField(row, 'description'),
    fullDescription: spec.fullDescription.kind === 'keep' ? null : previewField(row, 'fullDescription'),
  };
}

function specOf(input: BulkPreviewInput): BulkDescriptionSpec {
  return { selection: input.selection, description: input.description, fullDescription: input.fullDescription };
}

/**
 * Resolves the selection, reads the current descriptions, plans every repository and stores the
 * plan as a draft job, so "apply" runs exactly what was previewed.
 */
export async function previewBulkDescriptions(actor: DescriptionActor, input: BulkPreviewInput): Promise<BulkPreviewDTO> {
  authorize(actor, 'descriptions.edit');
  const instance = await loadInstance(input.instanceId);
  assertCanWrite(instance);
  const spec = specOf(input);
  const compiled = compileSpec(spec);
  if (!compiled.ok) {
    const fieldErrors: Record<string, string[]> = {};
    for (const [key, message] of Object.entries(compiled.errors)) (fieldErrors[key.split('.')[0] ?? 'description'] ??= []).push(message);
    throw new AppError('validation', Object.values(compiled.errors)[0] ?? 'Check the changes.', fieldErrors);
  }
  const full = needsFullRead(spec);
  let repos: RepoDescriptionContext[];
  let missing: string[] = [];
  try {
    const client = await getHubClientForInstance(input.instanceId, { overrides: descriptionClientOverrides() });
    if (spec.selection.mode === 'list') {
      const refs: { namespace: string; name: string }[] = [];
      const seen = new Set<string>();
      for (const entry of spec.selection.repositories) {
        const ref = parseRepoRef(entry, instance.username);
        if (ref === null || seen.has(`${ref.namespace}/${ref.name}`)) continue;
        seen.add(`${ref.namespace}/${ref.name}`);
        assertNamespace(instance, ref.namespace);
        refs.push(ref);
      }
      ({ repos, missing } = await readRepos(client, refs, full));
    } else {
      const { namespace, pattern } = spec.selection;
      assertNamespace(instance, namespace);
      const filter = compileRepoNameFilter(pattern);
      if (!filter.ok) throw new AppError('validation', filter.error, { selection: [filter.error] });
      const listed = (await client.listAllRepositories(namespace)).filter((r) => filter.test(r.name));
      if (listed.length > MAX_BULK_REPOSITORIES) {
        const message = `The filter matches ${listed.length} repositories; narrow it to at most ${MAX_BULK_REPOSITORIES}.`;
        throw new AppError('validation', message, { selection: [message] });
      }
      if (full) {
        ({ repos } = await readRepos(client, listed.map((r) => ({ namespace, name: r.name })), true));
      } else {
        repos = listed.map((r) => ({ namespace, name: r.name, description: r.description ?? '', fullDescription: null }));
      }
    }
  } catch (err) {
    throw toDescriptionError(err);
  }
  if (repos.length === 0) {
    const message =
      missing.length > 0
        ? `None of the selected repositories exist on Docker Hub (or this token cannot see them): ${missing.slice(0, 5).join(', ')}.`
        : 'No repositories match this selection.';
    throw new AppError('validation', message, { selection: [message] });
  }
  const rows = planBulk(compiled.changes, repos);
  const summary = summarizePreview(rows);
  const kept = rows.filter((r) => r.outcome !== 'invalid');
  const draft = await db.$transaction(async (tx) => {
    await tx.bulkDescriptionJob.deleteMany({ where: { status: 'draft', createdAt: { lt: new Date(Date.now() - DRAFT_TTL_MS) } } });
    const job = await tx.bulkDescriptionJob.create({
      data: {
        instanceId: input.instanceId,
        createdById: actor.id,
        createdByEmail: actor.email,
        spec: spec as unknown as Prisma.InputJsonValue,
        status: 'draft',
        total: kept.length,
        unchangedCount: summary.unchanged,
        excludedCount: summary.invalid,
      },
      select: { id: true },
    });
    await tx.bulkDescriptionItem.createMany({
      data: kept.map((row, position) => ({
        jobId: job.id,
        position,
        namespace: row.namespace,
        repository: row.name,
        previewBefore: row.before as unknown as Prisma.InputJsonValue,
        plannedAfter: row.after as Prisma.InputJsonValue,
        status: row.outcome === 'unchanged' ? 'unchanged' : 'pending',
        ...(row.outcome === 'unchanged' ? { finishedAt: new Date(), error: 'Already has this value; nothing to write.' } : {}),
      })),
    });
    return job;
  });
  return { draftId: draft.id, rows: rows.map((r) => toPreviewRowDTO(r, spec)), summary, missing };
}

// ---- bulk job lifecycle ----------------------------------------------------------------------------

let recoverScheduled = false;

/** Makes sure the recovery cron exists (idempotent; stored by pg-boss in the database). */
export async function ensureRecoverSchedule(): Promise<void> {
  if (recoverScheduled) return;
  const boss = await getBoss();
  await ensureQueue(boss, RECOVER_QUEUE);
  await boss.schedule(RECOVER_QUEUE.queue, '* * * * *', {}, { tz: 'UTC' });
  recoverScheduled = true;
}

async function enqueue(jobId: string): Promise<void> {
  await sendJob(BULK_QUEUE, { jobId });
  try {
    await ensureRecoverSchedule();
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not schedule description job recovery');
  }
}

/** Starts the job previewed as `draftId`. */
export async function applyBulkDescriptions(actor: DescriptionActor, input: { instanceId: string; draftId: string }): Promise<{ jobId: string }> {
  authorize(actor, 'descriptions.edit');
  const instance = await loadInstance(input.instanceId);
  assertCanWrite(instance);
  await db.$transaction(async (tx) => {
    const moved = await tx.bulkDescriptionJob.updateMany({
      where: { id: input.draftId, instanceId: input.instanceId, status: 'draft', createdById: actor.id },
      data: { status: 'queued' },
    });
    if (moved.count === 0) throw new AppError('not_found', 'This preview has expired or was already applied. Preview the change again.');
    const job = await tx.bulkDescriptionJob.findUniqueOrThrow({ where: { id: input.draftId } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'description.bulk_started',
      instanceId: input.instanceId,
      details: { jobId: job.id, summary: jobSummary(job.spec), repositories: job.total, excluded: job.excludedCount },
    });
  });
  await enqueue(input.draftId);
  return { jobId: input.draftId };
}

/** Asks a queued or running job to stop after the repository in hand; the rest become "cancelled". */
export async function cancelBulkJob(actor: DescriptionActor, input: { instanceId: string; jobId: string }): Promise<BulkJobDTO> {
  authorize(actor, 'descriptions.edit');
  const moved = await db.bulkDescriptionJob.updateMany({
    where: { id: input.jobId, instanceId: input.instanceId, status: { in: ['queued', 'running'] } },
    data: { status: 'cancelling' },
  });
  if (moved.count === 0) {
    const exists = await db.bulkDescriptionJob.count({ where: { id: input.jobId, instanceId: input.instanceId, status: { not: 'draft' } } });
    if (exists === 0) throw new AppError('not_found', 'That bulk edit does not exist.');
  } else {
    await db.$transaction((tx) =>
      recordAudit(tx, { actor: auditActor(actor), action: 'description.bulk_cancelled', instanceId: input.instanceId, details: { jobId: input.jobId } }),
    );
  }
  // Nobody runs it right now (queued, or its runner died): finish the cancellation here.
  await finalizeJob(input.jobId, { onlyIfIdle: true });
  return getBulkJob(actor, input);
}

/** Puts a finished job's failed repositories back in line and runs the job again. */
export async function retryFailedBulkJob(actor: DescriptionActor, input: { instanceId: string; jobId: string }): Promise<{ jobId: string; retried: number }> {
  authorize(actor, 'descriptions.edit');
  assertCanWrite(await loadInstance(input.instanceId));
  const retried = await db.$transaction(async (tx) => {
    const job = await tx.bulkDescriptionJob.findFirst({ where: { id: input.jobId, instanceId: input.instanceId, status: { not: 'draft' } } });
    if (job === null) throw new AppError('not_found', 'That bulk edit does not exist.');
    if (!['finished', 'failed', 'cancelled'].includes(job.status)) throw new AppError('conflict', 'This bulk edit is still running; wait for it to finish.');
    const reset = await tx.bulkDescriptionItem.updateMany({ where: { jobId: job.id, status: 'failed' }, data: { status: 'pending', error: null, finishedAt: null } });
    const pending = await tx.bulkDescriptionItem.count({ where: { jobId: job.id, status: 'pending' } });
    if (pending === 0) throw new AppError('conflict', 'Nothing to retry: no repository of this bulk edit failed.');
    await tx.bulkDescriptionJob.update({
      where: { id: job.id },
      data: { status: 'queued', failedCount: { decrement: reset.count }, error: null, finishedAt: null, rateLimitedUntil: null },
    });
    await recordAudit(tx, { actor: auditActor(actor), action: 'description.bulk_retried', instanceId: input.instanceId, details: { jobId: job.id, repositories: pending } });
    return pending;
  });
  await enqueue(input.jobId);
  return { jobId: input.jobId, retried };
}

/**
 * Reverts a finished job: a new job writes each updated repository's previous values back,
 * skipping repositories whose value is no longer the one the job wrote.
 */
export async function undoBulkJob(actor: DescriptionActor, input: { instanceId: string; jobId: string }): Promise<{ jobId: string }> {
  authorize(actor, 'descriptions.edit');
  assertCanWrite(await loadInstance(input.instanceId));
  const undoId = await db.$transaction(async (tx) => {
    const job = await tx.bulkDescriptionJob.findFirst({ where: { id: input.jobId, instanceId: input.instanceId, status: { not: 'draft' } } });
    if (job === null) throw new AppError('not_found', 'That bulk edit does not exist.');
    if (!['finished', 'failed', 'cancelled'].includes(job.status)) throw new AppError('conflict', 'This bulk edit is still running; wait for it to finish before undoing it.');
    const existing = await tx.bulkDescriptionJob.findFirst({ where: { undoOfJobId: job.id, status: { not: 'draft' } }, select: { id: true } });
    if (existing !== null) throw new AppError('conflict', 'This bulk edit has already been undone.');
    const items = await tx.bulkDescriptionItem.findMany({ where: { jobId: job.id, status: 'updated' }, orderBy: { position: 'asc' } });
    if (items.length === 0) throw new AppError('conflict', 'Nothing to undo: this bulk edit changed no repository.');
    const undo = await tx.bulkDescriptionJob.create({
      data: {
        instanceId: input.instanceId,
        createdById: actor.id,
        createdByEmail: actor.email,
        spec: { kind: 'undo', undoOfJobId: job.id },
        status: 'queued',
        total: items.length,
        undoOfJobId: job.id,
      },
      select: { id: true },
    });
    await tx.bulkDescriptionItem.createMany({
      data: items.map((item, position) => {
        const wrote = item.plannedAfter as DescriptionPatch;
        const was = item.previewBefore as unknown as DescriptionValues;
        // The undo's "preview" is what the job wrote; a field it did not write is not compared.
        const before = { description: wrote.description ?? null, fullDescription: wrote.fullDescription ?? null };
        const after: DescriptionPatch = {};
        for (const f of DESCRIPTION_FIELDS) {
          const original = was[f];
          if (wrote[f] !== undefined && original !== null && original !== undefined) after[f] = original;
        }
        return {
          jobId: undo.id,
          position,
          namespace: item.namespace,
          repository: item.repository,
          previewBefore: before as unknown as Prisma.InputJsonValue,
          plannedAfter: after as Prisma.InputJsonValue,
        };
      }),
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'description.bulk_undo_started',
      instanceId: input.instanceId,
      details: { jobId: undo.id, undoOfJobId: job.id, repositories: items.length },
    });
    return undo.id;
  });
  await enqueue(undoId);
  return { jobId: undoId };
}

// ---- job DTOs ----------------------------------------------------------------------------------------

type JobRow = Prisma.BulkDescriptionJobGetPayload<object>;

function isSpec(value: unknown): value is BulkDescriptionSpec {
  return typeof value === 'object' && value !== null && 'selection' in value && 'description' in value && 'fullDescription' in value;
}

function selectionSummary(spec: BulkDescriptionSpec): string {
  const s = spec.selection;
  if (s.mode === 'list') return `${s.repositories.length} selected repositor${s.repositories.length === 1 ? 'y' : 'ies'}`;
  return s.pattern === '' ? `all of ${s.namespace}` : `${s.namespace} matching ${s.pattern}`;
}

/** One line describing a job, e.g. "Short description: replace "old" with "new" — all of acme". */
export function jobSummary(spec: unknown): string {
  if (!isSpec(spec)) {
    const undoOf = (spec as { undoOfJobId?: unknown } | null)?.undoOfJobId;
    return typeof undoOf === 'string' ? `Undo of bulk edit ${undoOf}` : 'Bulk description edit';
  }
  const parts = DESCRIPTION_FIELDS.filter((f) => spec[f].kind !== 'keep').map((f) => `${FIELD_LABELS[f]}: ${describeChange(spec[f])}`);
  return `${parts.join('; ')} — ${selectionSummary(spec)}`;
}

function countsOf(job: JobRow) {
  const counts = {
    total: job.total,
    updated: job.updatedCount,
    unchanged: job.unchangedCount,
    failed: job.failedCount,
    skipped: job.skippedCount,
    cancelled: job.cancelledCount,
  };
  return { ...counts, done: doneCount(counts), excluded: job.excludedCount };
}

function toSummaryDTO(job: JobRow): BulkJobSummaryDTO {
  return {
    id: job.id,
    status: job.status as BulkJobStatusName,
    createdAt: job.createdAt.toISOString(),
    createdByEmail: job.createdByEmail,
    summary: jobSummary(job.spec),
    counts: countsOf(job),
    undoOfJobId: job.undoOfJobId,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** Recent bulk edits of an instance (drafts excluded), newest first. */
export async function listBulkJobs(actor: DescriptionActor, instanceId: string): Promise<BulkJobSummaryDTO[]> {
  authorize(actor, 'repositories.view');
  const jobs = await db.bulkDescriptionJob.findMany({
    where: { instanceId, status: { not: 'draft' } },
    orderBy: { createdAt: 'desc' },
    take: 50,
  });
  return jobs.map(toSummaryDTO);
}

/** A bulk edit with its progress and per-repository outcomes. */
export async function getBulkJob(actor: DescriptionActor, input: { instanceId: string; jobId: string }): Promise<BulkJobDTO> {
  authorize(actor, 'repositories.view');
  const job = await db.bulkDescriptionJob.findFirst({ where: { id: input.jobId, instanceId: input.instanceId, status: { not: 'draft' } } });
  if (job === null) throw new AppError('not_found', 'That bulk edit does not exist.');
  const [items, undoneBy] = await Promise.all([
    db.bulkDescriptionItem.findMany({
      where: { jobId: job.id },
      orderBy: { position: 'asc' },
      select: { namespace: true, repository: true, status: true, error: true, plannedAfter: true, finishedAt: true },
    }),
    db.bulkDescriptionJob.findFirst({ where: { undoOfJobId: job.id, status: { not: 'draft' } }, select: { id: true } }),
  ]);
  const counts = countsOf(job);
  const now = Date.now();
  const rateLimitedUntil = job.rateLimitedUntil !== null && job.rateLimitedUntil.getTime() > now ? job.rateLimitedUntil.getTime() : null;
  const active = (ACTIVE_STATUSES as readonly string[]).includes(job.status);
  const finishedish = ['finished', 'failed', 'cancelled'].includes(job.status);
  const canEdit = hasPermission(actor, 'descriptions.edit');
  return {
    ...toSummaryDTO(job),
    instanceId: job.instanceId,
    spec: isSpec(job.spec) ? job.spec : null,
    startedAt: job.startedAt?.toISOString() ?? null,
    rateLimitedUntil,
    etaSeconds: active
      ? etaSeconds({
          remaining: counts.total - counts.done,
          processedThisRun: job.runProcessed,
          runStartedAt: job.runStartedAt?.getTime() ?? null,
          now,
          rateLimitedUntil,
        })
      : null,
    error: job.error,
    items: items.map(
      (item): BulkItemDTO => ({
        namespace: item.namespace,
        repository: item.repository,
        status: item.status as BulkItemStatusName,
        error: item.error,
        fields: DESCRIPTION_FIELDS.filter((f) => (item.plannedAfter as DescriptionPatch)[f] !== undefined),
        finishedAt: item.finishedAt?.toISOString() ?? null,
      }),
    ),
    undoneByJobId: undoneBy?.id ?? null,
    canCancel: canEdit && (job.status === 'queued' || job.status === 'running'),
    canRetryFailed: canEdit && finishedish && (counts.failed > 0 || counts.total - counts.done > 0),
    canUndo: canEdit && finishedish && counts.updated > 0 && undoneBy === null,
  };
}

// ---- the job engine ----------------------------------------------------------------------------------

/** Client settings for description work: on rate limits, send until the budget is used, then wait for the reset. */
export function descriptionClientOverrides(extra: Partial<HubClientOptions> = {}): Partial<HubClientOptions> {
  // A bulk job's requests are known in advance: spreading the last 10% of a window's budget over
  // the rest of the window (the client's default) only delays the job; waiting once at zero does not.
  return { rateLimit: { slowDownAtMost: 0 }, ...extra };
}

type FinalizeResult = 'finished' | 'cancelled' | 'failed' | 'not_idle' | 'not_active';

/**
 * Ends a job whose runner is done (or absent): pending items become cancelled when cancelling;
 * otherwise the job finishes once nothing is pending. `onlyIfIdle` refuses while a live lease exists.
 */
async function finalizeJob(jobId: string, options: { onlyIfIdle?: boolean; owner?: string; failure?: string } = {}): Promise<FinalizeResult> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "BulkDescriptionJob" WHERE id = ${jobId} FOR UPDATE`;
    if (rows.length === 0) return 'not_active';
    const job = await tx.bulkDescriptionJob.findUniqueOrThrow({ where: { id: jobId } });
    if (!(ACTIVE_STATUSES as readonly string[]).includes(job.status)) return 'not_active';
    const leased = job.leaseUntil !== null && job.leaseUntil > now && job.leaseOwner !== (options.owner ?? null);
    if (options.onlyIfIdle && leased) return 'not_idle';
    let status: 'finished' | 'cancelled' | 'failed';
    if (options.failure !== undefined) status = 'failed';
    else if (job.status === 'cancelling') {
      const cancelled = await tx.bulkDescriptionItem.updateMany({ where: { jobId, status: 'pending' }, data: { status: 'cancelled', finishedAt: now } });
      await tx.bulkDescriptionJob.update({ where: { id: jobId }, data: { cancelledCount: { increment: cancelled.count } } });
      status = 'cancelled';
    } else {
      const pending = await tx.bulkDescriptionItem.count({ where: { jobId, status: 'pending' } });
      if (pending > 0) return 'not_idle';
      status = 'finished';
    }
    const final = await tx.bulkDescriptionJob.update({
      where: { id: jobId },
      data: { status, finishedAt: now, leaseOwner: null, leaseUntil: null, rateLimitedUntil: null, error: options.failure ?? null },
    });
    const creator = final.createdById === null ? null : { id: final.createdById, email: final.createdByEmail };
    await recordAudit(tx, {
      actor: creator,
      action: status === 'finished' ? 'description.bulk_finished' : status === 'cancelled' ? 'description.bulk_cancelled_done' : 'description.bulk_failed',
      instanceId: final.instanceId,
      details: {
        jobId,
        ...(final.undoOfJobId === null ? {} : { undoOfJobId: final.undoOfJobId }),
        updated: final.updatedCount,
        unchanged: final.unchangedCount,
        failed: final.failedCount,
        skipped: final.skippedCount,
        cancelled: final.cancelledCount,
        ...(options.failure === undefined ? {} : { error: options.failure }),
      },
    });
    return status;
  });
}

type ItemRow = { id: string; namespace: string; repository: string; previewBefore: unknown; plannedAfter: unknown; attemptedAt: Date | null };
type ItemOutcome = 'updated' | 'unchanged' | 'failed' | 'skipped_changed';

const COUNTER: Record<ItemOutcome, 'updatedCount' | 'unchangedCount' | 'failedCount' | 'skippedCount'> = {
  updated: 'updatedCount',
  unchanged: 'unchangedCount',
  failed: 'failedCount',
  skipped_changed: 'skippedCount',
};

interface RunContext {
  job: JobRow;
  client: HubClient;
  creator: { id: string; email: string } | null;
  waits: WaitTracker;
  /** Test hook: called after each committed outcome. */
  afterItem?: (item: { namespace: string; repository: string; status: ItemOutcome }) => Promise<void> | void;
}

/** Commits one item's outcome (and, for an update, its history row and audit event) in one transaction. */
async function finishItem(
  ctx: RunContext,
  item: ItemRow,
  outcome: ItemOutcome,
  extra: { error?: string; before?: DescriptionPatch; written?: DescriptionPatch } = {},
): Promise<void> {
  const committed = await db.$transaction(async (tx) => {
    const moved = await tx.bulkDescriptionItem.updateMany({
      where: { id: item.id, status: 'pending' },
      data: {
        status: outcome,
        error: extra.error ?? null,
        finishedAt: new Date(),
        // What Hub stored is what an undo compares against.
        ...(outcome === 'updated' && extra.written !== undefined ? { plannedAfter: extra.written as Prisma.InputJsonValue } : {}),
      },
    });
    if (moved.count === 0) return false;
    await tx.bulkDescriptionJob.update({ where: { id: ctx.job.id }, data: { [COUNTER[outcome]]: { increment: 1 }, runProcessed: { increment: 1 } } });
    if (outcome === 'updated' && extra.written !== undefined) {
      await recordChange(tx, {
        instanceId: ctx.job.instanceId,
        namespace: item.namespace,
        repository: item.repository,
        before: extra.before ?? {},
        after: extra.written,
        actor: ctx.creator,
        actorEmail: ctx.job.createdByEmail,
        bulkJobId: ctx.job.id,
      });
    }
    return true;
  });
  if (committed && outcome === 'updated') forgetCached(ctx.job.instanceId, item.namespace, item.repository);
  if (committed) await ctx.afterItem?.({ namespace: item.namespace, repository: item.repository, status: outcome });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Processes one repository: re-read, compare with the preview, write, commit. Returns a message
 * when the failure concerns the token itself (the job stops), otherwise null.
 */
async function processItem(ctx: RunContext, item: ItemRow): Promise<string | null> {
  const planned = item.plannedAfter as DescriptionPatch;
  const previewed = item.previewBefore as DescriptionValues;
  const fields = DESCRIPTION_FIELDS.filter((f) => planned[f] !== undefined);
  const label = `${item.namespace}/${item.repository}`;
  if (fields.length === 0) {
    await finishItem(ctx, item, 'unchanged', { error: 'Nothing to write.' });
    return null;
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      const current = valuesOf(await ctx.waits.track(ctx.client.getRepository(item.namespace, item.repository)));
      if (fields.every((f) => current[f] === planned[f])) {
        if (item.attemptedAt !== null) {
          // An earlier run wrote it and died before recording the outcome: record it now, don't write again.
          const before: DescriptionPatch = {};
          for (const f of fields) before[f] = previewed[f] ?? '';
          await finishItem(ctx, item, 'updated', { before, written: pick(current, fields) });
        } else {
          await finishItem(ctx, item, 'unchanged', { error: 'Already had the new value on Docker Hub.' });
        }
        return null;
      }
      const drifted = fields.filter((f) => previewed[f] !== null && previewed[f] !== undefined && current[f] !== previewed[f] && current[f] !== planned[f]);
      if (drifted.length > 0) {
        await finishItem(ctx, item, 'skipped_changed', {
          error: `Changed since preview: the ${drifted.map((f) => FIELD_LABELS[f].toLowerCase()).join(' and ')} on Docker Hub is no longer the one previewed.`,
        });
        return null;
      }
      if (item.attemptedAt === null) {
        const at = new Date();
        await db.bulkDescriptionItem.update({ where: { id: item.id }, data: { attemptedAt: at } });
        item.attemptedAt = at;
      }
      const update: DescriptionUpdate = {};
      if (planned.description !== undefined) update.description = planned.description;
      if (planned.fullDescription !== undefined) update.full_description = planned.fullDescription;
      const result = await ctx.waits.track(ctx.client.updateRepositoryDescriptions(item.namespace, item.repository, update));
      const written: DescriptionPatch = {};
      if (planned.description !== undefined) written.description = result.description ?? planned.description;
      if (planned.fullDescription !== undefined) written.fullDescription = result.fullDescription ?? planned.fullDescription;
      await finishItem(ctx, item, 'updated', { before: pick(current, fields), written });
      return null;
    } catch (err) {
      if (!isHubError(err)) throw err;
      if (err.code === 'rate_limited' && attempt < 30) {
        // The client already waited up to its limit; keep waiting (the job is in the background).
        const waitMs = Math.min(err.retryAfterMs ?? 10_000, 120_000);
        ctx.waits.note(waitMs);
        await sleep(waitMs);
        continue;
      }
      if (err.code === 'unavailable' && attempt < 3) {
        // A write that may have reached Hub is verified by the re-read on the next attempt.
        await sleep(1_000 * attempt);
        continue;
      }
      logger.info({ jobId: ctx.job.id, repository: label, code: err.code }, 'description job item failed');
      await finishItem(ctx, item, 'failed', { error: err.message });
      return TOKEN_WIDE_CODES.has(err.code) ? err.message : null;
    }
  }
}

function pick(values: { description: string; fullDescription: string }, fields: DescriptionField[]): DescriptionPatch {
  const out: DescriptionPatch = {};
  for (const f of fields) out[f] = values[f];
  return out;
}

/**
 * Records when the job waits for Hub's rate limit: exactly when Hub answered 429 (the client logs
 * the wait), and as "still waiting" while a call is held back longer than SLOW_CALL_MS (the client
 * also throttles itself silently once the budget is used up).
 */
class WaitTracker {
  private until = 0;
  private slow = 0;
  private lastWritten: number | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly jobId: string) {}

  /** A HubLogger that forwards to `base` and notes every rate-limit wait the client reports. */
  logger(base: HubLogger): HubLogger {
    return {
      debug: (obj, msg) => base.debug(obj, msg),
      info: (obj, msg) => base.info(obj, msg),
      warn: (obj, msg) => {
        base.warn(obj, msg);
        if (obj.status === 429 && typeof obj.waitMs === 'number') this.note(obj.waitMs);
      },
    };
  }

  /** Hub asked us to wait `ms`. */
  note(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms);
    this.persist(this.until);
  }

  /** Watches one Hub call; while it is held back, the job shows a rate-limit wait. */
  async track<T>(call: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setInterval> | null = null;
    const tick = () => this.persist(Math.max(this.until, Date.now() + SLOW_CALL_MS));
    const kick = setTimeout(() => {
      this.slow += 1;
      tick();
      timer = setInterval(tick, 1_000);
    }, SLOW_CALL_MS);
    try {
      return await call;
    } finally {
      clearTimeout(kick);
      if (timer !== null) {
        clearInterval(timer);
        this.slow -= 1;
      }
      if (this.slow === 0 && this.until <= Date.now()) this.persist(null);
    }
  }

  private persist(until: number | null): void {
    if (until === this.lastWritten) return;
    this.lastWritten = until;
    this.writing = this.writing
      .then(() => db.bulkDescriptionJob.update({ where: { id: this.jobId }, data: { rateLimitedUntil: until === null ? null : new Date(until) } }))
      .then(
        () => undefined,
        (err: unknown) => logger.warn({ jobId: this.jobId, err: err instanceof Error ? err.message : String(err) }, 'could not record rate-limit wait'),
      );
  }

  async flush(): Promise<void> {
    await this.writing;
  }
}

export interface RunBulkJobOptions {
  /** Identifies this runner in the lease (process + delivery). */
  workerId?: string;
  /** Stop taking new repositories after this long and hand over to a new delivery. */
  budgetMs?: number;
  /** Repositories processed side by side, in order (the client caps Hub writes per instance anyway). */
  lanes?: number;
  clientOverrides?: Partial<HubClientOptions>;
  afterItem?: RunContext['afterItem'];
}

export type RunBulkJobResult = 'finished' | 'cancelled' | 'failed' | 'continue' | 'busy' | 'gone';

/**
 * Runs (or resumes) a bulk job until it is done, cancelled, failed, or its time budget is used.
 * 'continue' means "send another delivery"; 'busy' means another runner holds the job.
 */
export async function runBulkJob(jobId: string, options: RunBulkJobOptions = {}): Promise<RunBulkJobResult> {
  const workerId = options.workerId ?? `${process.pid}:${randomUUID()}`;
  const budgetMs = options.budgetMs ?? DEFAULT_RUN_BUDGET_MS;
  // Twice the write cap: one lane's re-read and database work overlap another's write.
  const lanes = options.lanes ?? 2 * Math.max(1, hubClientDefaults().writeConcurrency ?? 2);
  const now = new Date();
  const claimed = await db.bulkDescriptionJob.updateMany({
    where: {
      id: jobId,
      status: { in: [...ACTIVE_STATUSES] },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { leaseOwner: workerId }],
    },
    data: { leaseOwner: workerId, leaseUntil: new Date(now.getTime() + LEASE_MS) },
  });
  if (claimed.count === 0) {
    const job = await db.bulkDescriptionJob.findUnique({ where: { id: jobId }, select: { status: true } });
    return job !== null && (ACTIVE_STATUSES as readonly string[]).includes(job.status) ? 'busy' : 'gone';
  }
  let job = await db.bulkDescriptionJob.findUniqueOrThrow({ where: { id: jobId } });
  job = await db.bulkDescriptionJob.update({
    where: { id: jobId },
    data: {
      ...(job.status === 'queued' ? { status: 'running' } : {}),
      startedAt: job.startedAt ?? now,
      runStartedAt: now,
      runProcessed: 0,
    },
  });

  // The heartbeat renews the lease and reads the status (a cancel request) every HEARTBEAT_MS;
  // lanes read the cached result, so processing a repository costs no extra query for it.
  let leaseLost = false;
  let status: string = job.status;
  const renew = async (): Promise<void> => {
    const rows = await db.$queryRaw<{ status: string }[]>`
      UPDATE "BulkDescriptionJob" SET "leaseUntil" = ${new Date(Date.now() + LEASE_MS)}
      WHERE id = ${jobId} AND "leaseOwner" = ${workerId}
      RETURNING status::text AS status`;
    const row = rows[0];
    if (row === undefined) leaseLost = true;
    else status = row.status;
  };
  const heartbeat = setInterval(() => {
    renew().catch((err: unknown) => logger.warn({ jobId, err: err instanceof Error ? err.message : String(err) }, 'description job heartbeat failed'));
  }, HEARTBEAT_MS);
  const waits = new WaitTracker(jobId);

  const release = async () => {
    await db.bulkDescriptionJob.updateMany({ where: { id: jobId, leaseOwner: workerId }, data: { leaseOwner: null, leaseUntil: null } });
  };

  try {
    if (job.status === 'cancelling') {
      const r = await finalizeJob(jobId, { owner: workerId });
      return r === 'cancelled' ? 'cancelled' : 'gone';
    }
    let client: HubClient;
    try {
      const base = hubClientDefaults().logger ?? logger;
      client = await getHubClientForInstance(job.instanceId, {
        overrides: descriptionClientOverrides({ logger: waits.logger(base), ...options.clientOverrides }),
      });
    } catch (err) {
      if (!isAppError(err)) throw err;
      await finalizeJob(jobId, { owner: workerId, failure: err.message });
      return 'failed';
    }
    const ctx: RunContext = {
      job,
      client,
      creator: job.createdById === null ? null : { id: job.createdById, email: job.createdByEmail },
      waits,
      ...(options.afterItem === undefined ? {} : { afterItem: options.afterItem }),
    };
    const pending = await db.bulkDescriptionItem.findMany({
      where: { jobId, status: 'pending' },
      orderBy: { position: 'asc' },
      select: { id: true, namespace: true, repository: true, previewBefore: true, plannedAfter: true, attemptedAt: true },
    });
    const deadline = Date.now() + budgetMs;
    let next = 0;
    let stop: 'time' | 'cancel' | 'lease' | null = null;
    let tokenFailure: string | null = null;
    const lane = async () => {
      while (stop === null && tokenFailure === null) {
        if (Date.now() >= deadline) {
          stop = 'time';
          break;
        }
        if (leaseLost) {
          stop = 'lease';
          break;
        }
        if (status !== 'running') {
          stop = 'cancel';
          break;
        }
        const item = pending[next];
        next += 1;
        if (item === undefined) break;
        const failure = await processItem(ctx, item);
        if (failure !== null) tokenFailure = failure;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
    await waits.flush();
    if (stop === 'lease') return 'busy';
    if (tokenFailure !== null) {
      await finalizeJob(jobId, { owner: workerId, failure: tokenFailure });
      return 'failed';
    }
    if (stop === 'time' && next < pending.length) {
      await release();
      return 'continue';
    }
    const result = await finalizeJob(jobId, { owner: workerId });
    if (result === 'finished' || result === 'cancelled') return result;
    if (result === 'not_idle') {
      // Items left (e.g. retried meanwhile): another delivery picks them up.
      await release();
      return 'continue';
    }
    return 'gone';
  } finally {
    clearInterval(heartbeat);
    await waits.flush();
    await db.bulkDescriptionJob
      .updateMany({ where: { id: jobId, leaseOwner: workerId, status: { in: [...ACTIVE_STATUSES] } }, data: { rateLimitedUntil: null } })
      .catch(() => undefined);
  }
}

/** Re-sends active jobs whose runner vanished (expired lease) or that nobody picked up; returns their ids. */
export async function recoverStalledBulkJobs(): Promise<string[]> {
  const now = Date.now();
  const stale = await db.bulkDescriptionJob.findMany({
    where: {
      status: { in: [...ACTIVE_STATUSES] },
      OR: [{ leaseUntil: { lt: new Date(now) } }, { leaseUntil: null, updatedAt: { lt: new Date(now - 30_000) } }],
    },
    select: { id: true },
    take: 100,
  });
  for (const job of stale) await sendJob(BULK_QUEUE, { jobId: job.id });
  if (stale.length > 0) logger.info({ jobs: stale.map((j) => j.id) }, 'description jobs re-sent after their runner vanished');
  return stale.map((j) => j.id);
}

// Deleting an instance cancels its unfinished bulk edits (recorded in the instance's deletion audit event).
registerPendingWorkCanceller('descriptions', async (tx, instanceId) => {
  const jobs = await tx.bulkDescriptionJob.findMany({ where: { instanceId, status: { in: ['draft', ...ACTIVE_STATUSES] } }, select: { id: true } });
  if (jobs.length === 0) return null;
  const ids = jobs.map((j) => j.id);
  for (const id of ids) {
    const cancelled = await tx.bulkDescriptionItem.updateMany({ where: { jobId: id, status: 'pending' }, data: { status: 'cancelled', finishedAt: new Date() } });
    await tx.bulkDescriptionJob.update({
      where: { id },
      data: { status: 'cancelled', finishedAt: new Date(), leaseOwner: null, leaseUntil: null, cancelledCount: { increment: cancelled.count } },
    });
  }
  return { kind: 'description_jobs', count: ids.length, ids };
});
