import 'server-only';
// Retention policies: saving them (validated in full before anything is written), the live tester,
// runs (scheduled slots and "Run now") that turn what should go into deletion requests through the
// deletions service, the safety stop, optional auto-approval of small policy requests, run history,
// and policies as code (export / import with a preview). Every entry point checks
// `retention.manage` and scopes by instance in the where clause.
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { hasPermission } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/audit';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/client';
import { AppError, forbiddenError, isAppError } from '@/lib/errors';
import { isHubError, type HubClient } from '@/lib/hub';
import { ensureQueue, getBoss, sendJob, type JobDefinition } from '@/lib/jobs/boss';
import { logger } from '@/lib/logger';
import {
  canonicalPolicy,
  checkCron,
  checkPolicySpec,
  duplicateNames,
  emptyKeptByReason,
  evaluateRepository,
  generatedReason,
  KEEP_REASONS,
  planImport,
  POLICY_DOCUMENT_FORMAT,
  safetyStop,
  scopeMatcher,
  slotAt,
  type EvaluatorPolicy,
  type ImportResult,
  type KeptByReason,
  type PolicyDocument,
  type PolicyFieldError,
  type RepositoryEvaluation,
  type RetentionInstanceDTO,
  type RetentionPolicyDTO,
  type RetentionPolicySpec,
  type RetentionRunDTO,
  type RetentionRunRepositoryDTO,
  type RetentionSettingsDTO,
  type SavePolicyResult,
  type TesterRepositoryDTO,
  type TesterResultDTO,
} from '@/lib/retention';
import type { TagRow } from '@/lib/tags/types';
import { MAX_TAGS_PER_REQUEST, REASON_MAX } from '@/lib/validations/deletions';
import {
  policyDocumentSchema,
  type ImportPoliciesInput,
  type RetentionSettingsInput,
  type SaveRetentionPolicyInput,
  type TestRetentionPolicyInput,
} from '@/lib/validations/retention';
import { cacheKeys, toBrowseError, toTagRow } from './browse';
import { capabilityFor, parseCapabilities } from './capabilities';
import { approveDeletionRequest, createDeletionRequest, type DeletionActor } from './deletions';
import { hubCache } from './hub-cache';
import { getHubClientForInstance } from './hub-clients';

type Tx = Prisma.TransactionClient;

/** Whoever acts (CurrentUser fits). */
export interface RetentionActor {
  id: string;
  email: string;
  roles: readonly string[];
  active?: boolean;
}

export interface RetentionDeps {
  hubClient?: (instanceId: string) => Promise<HubClient>;
  /** The clock runs and the tester measure ages from (tests pass a fixed one). */
  now?: () => number;
}

// ---- shared --------------------------------------------------------------------------------------

function assertManage(actor: RetentionActor): void {
  if (!hasPermission(actor, 'retention.manage'))
    throw forbiddenError('Managing retention policies needs the Admin role.');
}

function auditActor(actor: RetentionActor | null): { id: string; email: string } | null {
  return actor ? { id: actor.id, email: actor.email } : null;
}

const instanceSelect = {
  id: true,
  name: true,
  username: true,
  namespaces: true,
  protectedTagPatterns: true,
  requiredApprovals: true,
  capabilities: true,
  status: true,
  updatedAt: true,
} as const;

interface InstanceRow {
  id: string;
  name: string;
  username: string;
  namespaces: string[];
  protectedTagPatterns: string[];
  requiredApprovals: number;
  capabilities: unknown;
  status: string;
  updatedAt: Date;
}

function instanceNotFound(): AppError {
  return new AppError('not_found', 'That Docker Hub instance does not exist (it may have been deleted).');
}

function policyNotFound(): AppError {
  return new AppError('not_found', 'That retention policy does not exist (it may have been deleted).');
}

async function loadInstance(instanceId: string): Promise<InstanceRow> {
  const row = await db.instance.findUnique({ where: { id: instanceId }, select: instanceSelect });
  if (row === null) throw instanceNotFound();
  return row;
}

function namespacesOf(row: Pick<InstanceRow, 'username' | 'namespaces'>): string[] {
  return [...new Set([row.username, ...row.namespaces].filter((n) => n !== ''))];
}

function deleteProblem(row: InstanceRow): string | null {
  const decision = capabilityFor(
    { capabilities: parseCapabilities(row.capabilities), status: row.status },
    'deleteTags',
  );
  return decision.allowed ? null : (decision.reason ?? "This instance's token cannot delete tags.");
}

type PolicyRow = Prisma.RetentionPolicyGetPayload<object>;

function rowToSpec(row: PolicyRow): RetentionPolicySpec {
  return {
    name: row.name,
    enabled: row.enabled,
    scope: { namespace: row.namespace, repoInclude: row.repoInclude, repoExclude: row.repoExclude },
    rules: {
      tagInclude: row.tagInclude,
      tagExclude: row.tagExclude,
      pushedOlderThanDays: row.pushedOlderThanDays,
      pulledOlderThanDays: row.pulledOlderThanDays,
      keepNewest: row.keepNewest,
      protectedPatterns: row.protectedPatterns,
      keepSharedDigest: row.keepSharedDigest,
    },
    schedule: { cron: row.cron, timezone: row.timezone },
    safetyMaxDeletePercent: row.safetyMaxDeletePercent,
  };
}

function specToData(spec: RetentionPolicySpec) {
  const c = canonicalPolicy(spec);
  return {
    name: c.name,
    enabled: c.enabled,
    namespace: c.scope.namespace,
    repoInclude: c.scope.repoInclude,
    repoExclude: c.scope.repoExclude,
    tagInclude: c.rules.tagInclude,
    tagExclude: c.rules.tagExclude,
    pushedOlderThanDays: c.rules.pushedOlderThanDays,
    pulledOlderThanDays: c.rules.pulledOlderThanDays,
    keepNewest: c.rules.keepNewest,
    protectedPatterns: c.rules.protectedPatterns,
    keepSharedDigest: c.rules.keepSharedDigest,
    safetyMaxDeletePercent: c.safetyMaxDeletePercent,
    cron: c.schedule.cron,
    timezone: c.schedule.timezone,
  };
}

function toEvaluatorPolicy(row: PolicyRow): EvaluatorPolicy {
  return { id: row.id, name: row.name, rules: rowToSpec(row).rules };
}

function ms(d: Date | null | undefined): number | null {
  return d ? d.getTime() : null;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

/** Full validation: the pure checks plus what needs the instance (its namespaces). */
function validateForInstance(
  spec: RetentionPolicySpec,
  instance: InstanceRow,
  now: number,
): { errors: PolicyFieldError[]; warnings: string[] } {
  const { errors, warnings } = checkPolicySpec(canonicalPolicy(spec), now);
  const namespaces = namespacesOf(instance);
  if (!errors.some((e) => e.field === 'scope.namespace') && !namespaces.includes(spec.scope.namespace)) {
    errors.push({
      field: 'scope.namespace',
      message: `"${spec.scope.namespace}" is not a namespace of ${instance.name}; choose one of ${namespaces.join(', ')}.`,
      position: null,
    });
  }
  return { errors, warnings };
}

// ---- instance, policies --------------------------------------------------------------------------

/** The instance as the retention pages need it. */
export async function getRetentionInstance(actor: RetentionActor, instanceId: string): Promise<RetentionInstanceDTO> {
  assertManage(actor);
  const row = await loadInstance(instanceId);
  return {
    id: row.id,
    name: row.name,
    namespaces: namespacesOf(row),
    protectedTagPatterns: row.protectedTagPatterns,
    requiredApprovals: row.requiredApprovals,
    deleteProblem: deleteProblem(row),
  };
}

function schedulePreview(row: PolicyRow, now: number): RetentionPolicyDTO['schedulePreview'] {
  if (row.cron === null || !row.enabled) return null;
  const check = checkCron(row.cron, row.timezone, now);
  return check.ok ? { description: check.description, next: check.next } : null;
}

async function toPolicyDTOs(rows: PolicyRow[], now: number): Promise<RetentionPolicyDTO[]> {
  const lastRuns = await Promise.all(
    rows.map((r) =>
      db.retentionRun.findFirst({
        where: { policyId: r.id },
        orderBy: { createdAt: 'desc' },
        select: {
          id: true,
          status: true,
          trigger: true,
          createdAt: true,
          finishedAt: true,
          toDelete: true,
          tagsEvaluated: true,
        },
      }),
    ),
  );
  return rows.map((r, i) => {
    const last = lastRuns[i] ?? null;
    return {
      id: r.id,
      instanceId: r.instanceId,
      spec: rowToSpec(r),
      createdByEmail: r.createdByEmail,
      createdAt: r.createdAt.getTime(),
      updatedAt: r.updatedAt.getTime(),
      schedulePreview: schedulePreview(r, now),
      lastRun: last === null ? null : { ...last, createdAt: last.createdAt.getTime(), finishedAt: ms(last.finishedAt) },
    };
  });
}

/** The instance's policies, by name. */
export async function listRetentionPolicies(actor: RetentionActor, instanceId: string): Promise<RetentionPolicyDTO[]> {
  assertManage(actor);
  await loadInstance(instanceId);
  const rows = await db.retentionPolicy.findMany({ where: { instanceId }, orderBy: { name: 'asc' } });
  return toPolicyDTOs(rows, Date.now());
}

/** One policy of the instance (not found when it belongs to another instance). */
export async function getRetentionPolicy(
  actor: RetentionActor,
  instanceId: string,
  policyId: string,
): Promise<RetentionPolicyDTO> {
  assertManage(actor);
  const row = await db.retentionPolicy.findFirst({ where: { id: policyId, instanceId } });
  if (row === null) throw policyNotFound();
  const [dto] = await toPolicyDTOs([row], Date.now());
  if (dto === undefined) throw policyNotFound();
  return dto;
}

/**
 * Creates or updates a policy. Every check runs before anything is written; problems come back as
 * values (field, message, position), never a half-saved policy. The schedule is (re)registered
 * with pg-boss after commit; a failure there is repaired by the scheduler's sync loop.
 */
export async function saveRetentionPolicy(
  actor: RetentionActor,
  input: SaveRetentionPolicyInput,
  deps: RetentionDeps = {},
): Promise<SavePolicyResult> {
  assertManage(actor);
  const instance = await loadInstance(input.instanceId);
  const now = (deps.now ?? Date.now)();
  const { errors, warnings } = validateForInstance(input.spec, instance, now);
  if (errors.length > 0) return { ok: false, errors, warnings };
  const data = specToData(input.spec);
  let saved: PolicyRow;
  try {
    saved = await db.$transaction(async (tx) => {
      if (input.policyId === undefined) {
        const row = await tx.retentionPolicy.create({
          data: { ...data, instanceId: instance.id, createdById: actor.id, createdByEmail: actor.email },
        });
        await recordAudit(tx, {
          actor: auditActor(actor),
          action: 'retention.policy_created',
          instanceId: instance.id,
          details: {
            policyId: row.id,
            name: row.name,
            policy: canonicalPolicy(input.spec) as unknown as Prisma.InputJsonValue,
          },
        });
        return row;
      }
      const before = await tx.retentionPolicy.findFirst({ where: { id: input.policyId, instanceId: instance.id } });
      if (before === null) throw policyNotFound();
      const row = await tx.retentionPolicy.update({ where: { id: before.id }, data });
      await recordAudit(tx, {
        actor: auditActor(actor),
        action: 'retention.policy_updated',
        instanceId: instance.id,
        details: {
          policyId: row.id,
          name: row.name,
          before: canonicalPolicy(rowToSpec(before)) as unknown as Prisma.InputJsonValue,
          after: canonicalPolicy(input.spec) as unknown as Prisma.InputJsonValue,
        },
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      return {
        ok: false,
        errors: [
          { field: 'name', message: `This instance already has a policy named "${data.name}".`, position: null },
        ],
        warnings,
      };
    }
    throw err;
  }
  await scheduleChanged();
  const [dto] = await toPolicyDTOs([saved], now);
  if (dto === undefined) throw policyNotFound();
  return { ok: true, policy: dto, warnings };
}

/** Enables or disables a policy (a disabled policy neither runs nor counts for other policies). */
export async function setRetentionPolicyEnabled(
  actor: RetentionActor,
  input: { instanceId: string; policyId: string; enabled: boolean },
): Promise<void> {
  assertManage(actor);
  await db.$transaction(async (tx) => {
    const row = await tx.retentionPolicy.findFirst({
      where: { id: input.policyId, instanceId: input.instanceId },
      select: { id: true, name: true },
    });
    if (row === null) throw policyNotFound();
    await tx.retentionPolicy.update({ where: { id: row.id }, data: { enabled: input.enabled } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: input.enabled ? 'retention.policy_enabled' : 'retention.policy_disabled',
      instanceId: input.instanceId,
      details: { policyId: row.id, name: row.name },
    });
  });
  await scheduleChanged();
}

/** Deletes a policy once its name was typed to confirm; its run history goes with it. */
export async function deleteRetentionPolicy(
  actor: RetentionActor,
  input: { instanceId: string; policyId: string; confirmName: string },
): Promise<{ name: string }> {
  assertManage(actor);
  const name = await db.$transaction(async (tx) => {
    const row = await tx.retentionPolicy.findFirst({ where: { id: input.policyId, instanceId: input.instanceId } });
    if (row === null) throw policyNotFound();
    if (input.confirmName.trim() !== row.name) {
      throw new AppError('validation', `Type the policy name "${row.name}" exactly to confirm.`, {
        confirmName: [`Type "${row.name}" to confirm.`],
      });
    }
    await tx.retentionPolicy.delete({ where: { id: row.id } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'retention.policy_deleted',
      instanceId: input.instanceId,
      details: {
        policyId: row.id,
        name: row.name,
        policy: canonicalPolicy(rowToSpec(row)) as unknown as Prisma.InputJsonValue,
      },
    });
    return row.name;
  });
  await scheduleChanged();
  return { name };
}

// ---- tester --------------------------------------------------------------------------------------

/** How many repositories the tester evaluates at once (pick one for the rest). */
export const TESTER_MAX_REPOSITORIES = 25;

function repoListKey(namespace: string): string {
  return `retention:repos:${namespace}`;
}

interface HubReader {
  repositories(namespace: string): Promise<{ names: string[]; fetchedAt: number }>;
  tags(namespace: string, repository: string): Promise<{ tags: TagRow[]; fetchedAt: number }>;
}

/** Reads through the per-instance Hub cache (shared with browse), for the tester. */
function cachedReader(instance: InstanceRow, deps: RetentionDeps, refresh: boolean): HubReader {
  let client: Promise<HubClient> | undefined;
  const getClient = () => (client ??= (deps.hubClient ?? getHubClientForInstance)(instance.id));
  const generation = String(instance.updatedAt.getTime());
  const cached = async <T>(key: string, load: (c: HubClient) => Promise<T>) => {
    try {
      return await hubCache().get(instance.id, key, async () => load(await getClient()), { generation, refresh });
    } catch (err) {
      throw toBrowseError(err);
    }
  };
  return {
    async repositories(namespace) {
      const r = await cached(repoListKey(namespace), async (c) =>
        (await c.listAllRepositories(namespace)).map((x) => x.name),
      );
      return { names: r.value, fetchedAt: r.fetchedAt };
    },
    async tags(namespace, repository) {
      const r = await cached(cacheKeys.tags(namespace, repository), async (c) =>
        (await c.listAllTags(namespace, repository)).map(toTagRow),
      );
      return { tags: r.value, fetchedAt: r.fetchedAt };
    },
  };
}

/** Reads Hub directly (runs always evaluate fresh data). */
function freshReader(client: HubClient, clock: () => number): HubReader {
  return {
    async repositories(namespace) {
      const repos = await client.listAllRepositories(namespace);
      return { names: repos.map((r) => r.name), fetchedAt: clock() };
    },
    async tags(namespace, repository) {
      const tags = await client.listAllTags(namespace, repository);
      return { tags: tags.map(toTagRow), fetchedAt: clock() };
    },
  };
}

function sumKept(target: KeptByReason, add: KeptByReason): void {
  for (const r of KEEP_REASONS) target[r] += add[r] ?? 0;
}

/**
 * Evaluates a draft policy (saved or not) against the real tags of its scope, or of one chosen
 * repository, together with the other enabled policies covering each repository. Invalid input
 * comes back as `errors` with positions; nothing is evaluated then.
 */
export async function testRetentionPolicy(
  actor: RetentionActor,
  input: TestRetentionPolicyInput,
  deps: RetentionDeps = {},
): Promise<TesterResultDTO> {
  assertManage(actor);
  const instance = await loadInstance(input.instanceId);
  const now = (deps.now ?? Date.now)();
  const { errors, warnings } = validateForInstance(input.spec, instance, now);
  const empty: TesterResultDTO = {
    errors,
    warnings,
    matchedRepositories: [],
    repositories: [],
    truncated: false,
    totals: { repositories: 0, tags: 0, toDelete: 0, kept: emptyKeptByReason(), freedBytes: 0, unknownSizeDigests: 0 },
    evaluatedAt: now,
    fetchedAt: now,
  };
  // Schedule problems don't stop the tester: the rules can still be evaluated.
  if (
    errors.some((e) => !e.field.startsWith('schedule.') && e.field !== 'name' && e.field !== 'safetyMaxDeletePercent')
  )
    return empty;
  const spec = canonicalPolicy(input.spec);
  const reader = cachedReader(instance, deps, input.refresh === true);
  const others = await db.retentionPolicy.findMany({
    where: { instanceId: instance.id, enabled: true, ...(input.policyId ? { id: { not: input.policyId } } : {}) },
    orderBy: { name: 'asc' },
  });
  const repos = await reader.repositories(spec.scope.namespace);
  const inScope = scopeMatcher(spec.scope);
  const matched = repos.names.filter((name) => inScope(spec.scope.namespace, name)).sort();
  if (matched.length === 0) warnings.push(`The scope matches no repository of ${spec.scope.namespace} right now.`);
  let chosen: string[];
  if (input.repository !== undefined && input.repository !== '') {
    if (!repos.names.includes(input.repository)) {
      return {
        ...empty,
        warnings: [
          ...warnings,
          `${spec.scope.namespace}/${input.repository} does not exist (or this token cannot see it).`,
        ],
        matchedRepositories: matched,
      };
    }
    if (!matched.includes(input.repository))
      warnings.push(
        `${spec.scope.namespace}/${input.repository} is outside this policy's scope; a run would not touch it.`,
      );
    chosen = [input.repository];
  } else {
    chosen = matched.slice(0, TESTER_MAX_REPOSITORIES);
  }
  const draft: EvaluatorPolicy = { id: input.policyId ?? 'draft', name: spec.name || 'this policy', rules: spec.rules };
  const safetyShare =
    Number.isInteger(spec.safetyMaxDeletePercent) && spec.safetyMaxDeletePercent >= 1
      ? Math.min(spec.safetyMaxDeletePercent, 100)
      : 50;
  let fetchedAt = repos.fetchedAt;
  const evaluated: TesterRepositoryDTO[] = await Promise.all(
    chosen.map(async (repository) => {
      const { tags, fetchedAt: at } = await reader.tags(spec.scope.namespace, repository);
      fetchedAt = Math.min(fetchedAt, at);
      const covering = others.filter((p) => scopeMatcher(rowToSpec(p).scope)(spec.scope.namespace, repository));
      const e = evaluateRepository({
        namespace: spec.scope.namespace,
        repository,
        tags,
        policies: [draft, ...covering.map(toEvaluatorPolicy)],
        instanceProtected: instance.protectedTagPatterns,
        now,
      });
      return { ...e, otherPolicies: covering.map((p) => p.name), safetyStop: safetyStop(e, safetyShare) };
    }),
  );
  const totals = {
    repositories: evaluated.length,
    tags: 0,
    toDelete: 0,
    kept: emptyKeptByReason(),
    freedBytes: 0,
    unknownSizeDigests: 0,
  };
  for (const r of evaluated) {
    totals.tags += r.total;
    totals.toDelete += r.toDelete;
    totals.freedBytes += r.freedBytes;
    totals.unknownSizeDigests += r.unknownSizeDigests;
    sumKept(totals.kept, r.kept);
  }
  if (evaluated.some((r) => r.safetyStop !== null))
    warnings.push('A run now would be held by the safety stop (see the flagged repositories).');
  return {
    errors,
    warnings,
    matchedRepositories: matched,
    repositories: evaluated,
    truncated: input.repository ? false : matched.length > chosen.length,
    totals,
    evaluatedAt: now,
    fetchedAt,
  };
}

// ---- settings ------------------------------------------------------------------------------------

async function readSettings(
  instanceId: string,
): Promise<{ autoApprove: boolean; autoApproveMaxTags: number; autoApproveMaxBytes: bigint | null }> {
  const row = await db.retentionSettings.findUnique({
    where: { instanceId },
    select: { autoApprove: true, autoApproveMaxTags: true, autoApproveMaxBytes: true },
  });
  return row ?? { autoApprove: false, autoApproveMaxTags: 10, autoApproveMaxBytes: null };
}

/** The instance's retention settings (defaults: no auto-approval). */
export async function getRetentionSettings(actor: RetentionActor, instanceId: string): Promise<RetentionSettingsDTO> {
  assertManage(actor);
  const instance = await loadInstance(instanceId);
  const s = await readSettings(instanceId);
  return {
    instanceId,
    autoApprove: s.autoApprove,
    autoApproveMaxTags: s.autoApproveMaxTags,
    autoApproveMaxBytes: s.autoApproveMaxBytes === null ? null : Number(s.autoApproveMaxBytes),
    requiredApprovals: instance.requiredApprovals,
  };
}

/** Saves whether small policy requests are approved automatically, and below what size. */
export async function updateRetentionSettings(
  actor: RetentionActor,
  input: RetentionSettingsInput,
): Promise<RetentionSettingsDTO> {
  assertManage(actor);
  await loadInstance(input.instanceId);
  const maxBytes =
    input.autoApproveMaxMegabytes === null ? null : BigInt(Math.round(input.autoApproveMaxMegabytes * 1_000_000));
  await db.$transaction(async (tx) => {
    const values = {
      autoApprove: input.autoApprove,
      autoApproveMaxTags: input.autoApproveMaxTags,
      autoApproveMaxBytes: maxBytes,
    };
    await tx.retentionSettings.upsert({
      where: { instanceId: input.instanceId },
      create: { instanceId: input.instanceId, ...values },
      update: values,
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'retention.settings_updated',
      instanceId: input.instanceId,
      details: {
        autoApprove: input.autoApprove,
        autoApproveMaxTags: input.autoApproveMaxTags,
        autoApproveMaxBytes: maxBytes === null ? null : maxBytes.toString(),
      },
    });
  });
  return getRetentionSettings(actor, input.instanceId);
}

// ---- runs ----------------------------------------------------------------------------------------

/** `retention.run`: executes one run row (Run now, and resumed runs). */
export const RETENTION_RUN_QUEUE: Pick<JobDefinition<{ runId: string }>, 'queue' | 'options'> = {
  queue: 'retention.run',
  options: { retryLimit: 2, retryDelay: 60, expireInSeconds: 30 * 60 },
};

/** Per-policy queue that pg-boss's cron fills: one schedule (and so one queue) per policy. */
export const POLICY_QUEUE_PREFIX = 'retention.policy.';
export const POLICY_QUEUE_OPTIONS = { retryLimit: 2, retryDelay: 60, expireInSeconds: 30 * 60 } as const;

export function policyQueueName(policyId: string): string {
  return `${POLICY_QUEUE_PREFIX}${policyId}`;
}

/** How long a runner may hold a run before another worker may take it over (renewed as it progresses). */
const LEASE_MS = 15 * 60_000;
/** Repositories whose tags a run reads at the same time. */
const RUN_READ_CONCURRENCY = 4;

class LeaseLost extends Error {
  constructor() {
    super('lease lost');
  }
}

async function renewLease(runId: string, workerId: string): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "RetentionRun" SET "leaseUntil" = now() + ${`${LEASE_MS} milliseconds`}::interval
     WHERE "id" = ${runId} AND "status" = 'running' AND "leaseOwner" = ${workerId}`;
  return n === 1;
}

/** Starts a run of a policy by hand ("Run now"); returns the run id. */
export async function startRetentionRun(
  actor: RetentionActor,
  input: { instanceId: string; policyId: string },
): Promise<{ runId: string }> {
  assertManage(actor);
  const run = await db.$transaction(async (tx) => {
    const policy = await tx.retentionPolicy.findFirst({
      where: { id: input.policyId, instanceId: input.instanceId },
      select: { id: true, name: true, enabled: true },
    });
    if (policy === null) throw policyNotFound();
    if (!policy.enabled) throw new AppError('conflict', 'This policy is disabled; enable it to run it.');
    const open = await tx.retentionRun.findFirst({
      where: { policyId: policy.id, status: { in: ['queued', 'running'] } },
      select: { id: true },
    });
    if (open !== null)
      throw new AppError('conflict', 'A run of this policy is already in progress; wait for it to finish.');
    const created = await tx.retentionRun.create({
      data: {
        policyId: policy.id,
        instanceId: input.instanceId,
        trigger: 'manual',
        actorId: actor.id,
        actorEmail: actor.email,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'retention.run_started',
      instanceId: input.instanceId,
      details: { policyId: policy.id, name: policy.name, runId: created.id },
    });
    return created;
  });
  await dispatchRun(run.id);
  return { runId: run.id };
}

/** Sends the job of a run; a lost send is repaired by the scheduler's sync loop (stale queued runs). */
export async function dispatchRun(runId: string): Promise<void> {
  try {
    await sendJob(RETENTION_RUN_QUEUE, { runId });
  } catch (err) {
    logger.warn(
      { runId, err: err instanceof Error ? err.message : String(err) },
      'could not queue retention run; the scheduler will retry',
    );
  }
}

/**
 * A scheduled delivery for a policy: records the run of the slot `now` falls in (one row per
 * (policy, slot): a duplicate delivery finds the row and does nothing more) and executes it.
 */
export async function runScheduledSlot(
  policyId: string,
  deps: RetentionDeps & { workerId?: string } = {},
): Promise<RunOutcome> {
  const now = (deps.now ?? Date.now)();
  const policy = await db.retentionPolicy.findUnique({
    where: { id: policyId },
    select: { id: true, instanceId: true, enabled: true, cron: true, timezone: true },
  });
  if (policy === null || !policy.enabled || policy.cron === null)
    return { status: 'skipped', reason: 'policy missing, disabled or unscheduled' };
  const slot = new Date(slotAt(policy.cron, policy.timezone, now));
  const inserted = await db.retentionRun.createMany({
    data: [{ policyId: policy.id, instanceId: policy.instanceId, trigger: 'schedule', slot }],
    skipDuplicates: true,
  });
  const run = await db.retentionRun.findUnique({
    where: { policyId_slot: { policyId: policy.id, slot } },
    select: { id: true },
  });
  if (run === null) return { status: 'skipped', reason: 'run row vanished' };
  if (inserted.count === 0)
    logger.info(
      { policyId, slot: slot.toISOString() },
      'retention slot already recorded; checking whether it needs resuming',
    );
  return executeRetentionRun(run.id, deps);
}

export type RunOutcome =
  | { status: 'skipped'; reason: string }
  | { status: 'completed'; requests: string[] }
  | { status: 'held'; reasons: string[] }
  | { status: 'failed'; error: string };

interface ClaimedRun {
  id: string;
  policyId: string;
  instanceId: string;
  trigger: 'schedule' | 'manual';
  evaluatedAt: Date;
  startedAt: Date;
}

// startedAt and evaluatedAt come from the app's clock, like the createdAt of the requests the run
// creates (compared when a resumed run looks for requests it made before a crash).
async function claimRun(runId: string, workerId: string, now: number): Promise<ClaimedRun | null> {
  const rows = await db.$queryRaw<ClaimedRun[]>`
    UPDATE "RetentionRun"
       SET "status" = 'running', "leaseOwner" = ${workerId}, "leaseUntil" = now() + ${`${LEASE_MS} milliseconds`}::interval,
           "startedAt" = coalesce("startedAt", ${new Date(now)}), "evaluatedAt" = coalesce("evaluatedAt", ${new Date(now)})
     WHERE "id" = ${runId} AND "status" IN ('queued', 'running')
       AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
    RETURNING "id", "policyId", "instanceId", "trigger"::text AS "trigger", "evaluatedAt", "startedAt"`;
  return rows[0] ?? null;
}

async function finishRun(
  runId: string,
  workerId: string,
  data: Prisma.RetentionRunUpdateManyMutationInput,
  audit: { action: string; instanceId: string; details: Record<string, unknown> },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const won = await tx.retentionRun.updateMany({
      where: { id: runId, status: 'running', leaseOwner: workerId },
      data: { ...data, finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
    });
    if (won.count !== 1) return;
    await recordAudit(tx, {
      actor: null,
      action: audit.action,
      instanceId: audit.instanceId,
      details: audit.details as Prisma.InputJsonValue,
    });
  });
}

/** Tags of each repository that already sit in an open deletion request (never requested twice). */
async function openlyRequested(
  instanceId: string,
  namespace: string,
  exceptRequests: readonly string[],
): Promise<Map<string, Set<string>>> {
  const items = await db.deletionItem.findMany({
    where: {
      status: { in: ['pending', 'in_flight'] },
      requestId: { notIn: [...exceptRequests] },
      request: { instanceId, namespace, status: { in: ['pending', 'approved'] } },
    },
    select: { tag: true, request: { select: { repository: true } } },
  });
  const out = new Map<string, Set<string>>();
  for (const i of items) {
    const set = out.get(i.request.repository) ?? new Set<string>();
    set.add(i.tag);
    out.set(i.request.repository, set);
  }
  return out;
}

/**
 * Requests this run already created (a resumed run): those recorded on its repository rows, plus
 * any created by this policy since the run started but not recorded (a crash in between).
 */
async function ownRequests(
  runId: string,
  policyId: string,
  startedAt: Date,
): Promise<Map<string, { ids: string[]; tags: Set<string> }>> {
  const recorded = await db.retentionRunRepository.findMany({ where: { runId }, select: { requestIds: true } });
  const rows = await db.deletionRequest.findMany({
    where: { OR: [{ id: { in: recorded.flatMap((r) => r.requestIds) } }, { policyId, createdAt: { gte: startedAt } }] },
    select: { id: true, repository: true, items: { select: { tag: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const out = new Map<string, { ids: string[]; tags: Set<string> }>();
  for (const r of rows) {
    const entry = out.get(r.repository) ?? { ids: [], tags: new Set<string>() };
    entry.ids.push(r.id);
    for (const i of r.items) entry.tags.add(i.tag);
    out.set(r.repository, entry);
  }
  return out;
}

function compactDecisions(e: RepositoryEvaluation): Prisma.InputJsonValue {
  return e.tags
    .slice(0, 5000)
    .map((t) => ({ n: t.name, a: t.action === 'delete' ? 'd' : 'k', r: t.reason, d: t.detail }));
}

function errorMessage(err: unknown): string {
  if (isAppError(err)) return err.message;
  const mapped = toBrowseError(err);
  if (isAppError(mapped)) return mapped.message;
  return 'The run failed unexpectedly; see the server log.';
}

/**
 * Executes a run: reads every repository of the scope and its tags fresh from Hub, evaluates them
 * with every enabled policy covering each repository, and then either holds the run (safety stop)
 * or creates one deletion request per repository through the deletions service (source policy,
 * generated reason, per-tag snapshot), auto-approving small ones when the instance allows it.
 * Single runner per run (lease); a resumed run skips repositories whose request already exists.
 */
export async function executeRetentionRun(
  runId: string,
  deps: RetentionDeps & { workerId?: string } = {},
): Promise<RunOutcome> {
  const clock = deps.now ?? Date.now;
  const workerId = deps.workerId ?? `${process.pid}:${randomUUID()}`;
  const claimed = await claimRun(runId, workerId, clock());
  if (claimed === null) return { status: 'skipped', reason: 'finished, or another worker holds it' };
  const now = claimed.evaluatedAt.getTime();
  const policyRow = await db.retentionPolicy.findUnique({ where: { id: claimed.policyId } });
  const fail = async (error: string): Promise<RunOutcome> => {
    await finishRun(
      runId,
      workerId,
      { status: 'failed', error },
      {
        action: 'retention.run_failed',
        instanceId: claimed.instanceId,
        details: { runId, policyId: claimed.policyId, error },
      },
    );
    return { status: 'failed', error };
  };
  if (policyRow === null) return fail('The policy was deleted.');
  const spec = rowToSpec(policyRow);
  let instance: InstanceRow;
  try {
    instance = await loadInstance(claimed.instanceId);
  } catch (err) {
    return fail(errorMessage(err));
  }
  const { errors } = validateForInstance(spec, instance, now);
  const ruleErrors = errors.filter((e) => !e.field.startsWith('schedule.'));
  if (ruleErrors.length > 0) return fail(`The policy is invalid: ${ruleErrors.map((e) => e.message).join(' ')}`);

  // Evaluate everything before writing anything.
  let evaluations: RepositoryEvaluation[];
  let tagsByRepo: Map<string, TagRow[]>;
  let own: Map<string, { ids: string[]; tags: Set<string> }>;
  try {
    const client = await (deps.hubClient ?? getHubClientForInstance)(instance.id);
    const reader = freshReader(client, clock);
    const repos = await reader.repositories(spec.scope.namespace);
    const inScope = scopeMatcher(spec.scope);
    const names = repos.names.filter((n) => inScope(spec.scope.namespace, n)).sort();
    const others = await db.retentionPolicy.findMany({
      where: { instanceId: instance.id, enabled: true, id: { not: policyRow.id } },
      orderBy: { name: 'asc' },
    });
    own = await ownRequests(runId, policyRow.id, claimed.startedAt);
    const requested = await openlyRequested(
      instance.id,
      spec.scope.namespace,
      [...own.values()].flatMap((o) => o.ids),
    );
    tagsByRepo = new Map();
    evaluations = [];
    // A few repositories at a time (the Hub client caps requests per instance anyway); the lease
    // is renewed as repositories complete, so a long run is not taken over while it progresses.
    const results = new Map<string, RepositoryEvaluation>();
    let next = 0;
    const worker = async () => {
      while (next < names.length) {
        const repository = names[next] as string;
        next += 1;
        let tags: TagRow[];
        try {
          ({ tags } = await reader.tags(spec.scope.namespace, repository));
        } catch (err) {
          // Deleted since the listing: nothing to clean up there.
          if (isHubError(err, 'not_found')) continue;
          throw err;
        }
        tagsByRepo.set(repository, tags);
        const covering = others
          .filter((p) => scopeMatcher(rowToSpec(p).scope)(spec.scope.namespace, repository))
          .map(toEvaluatorPolicy);
        results.set(
          repository,
          evaluateRepository({
            namespace: spec.scope.namespace,
            repository,
            tags,
            policies: [toEvaluatorPolicy(policyRow), ...covering],
            instanceProtected: instance.protectedTagPatterns,
            now,
            alreadyRequested: requested.get(repository) ?? new Set(),
          }),
        );
        if (results.size % 10 === 0 && !(await renewLease(runId, workerId))) throw new LeaseLost();
      }
    };
    await Promise.all(Array.from({ length: Math.min(RUN_READ_CONCURRENCY, names.length) }, worker));
    evaluations = names.map((n) => results.get(n)).filter((e): e is RepositoryEvaluation => e !== undefined);
  } catch (err) {
    if (err instanceof LeaseLost) return { status: 'skipped', reason: 'another worker took the run over' };
    if (!isAppError(err) && !isHubError(err)) logger.error({ runId, err }, 'retention run failed');
    return fail(errorMessage(err));
  }

  const kept = emptyKeptByReason();
  let tagsEvaluated = 0;
  let toDelete = 0;
  let freedBytes = 0;
  const held: string[] = [];
  for (const e of evaluations) {
    sumKept(kept, e.kept);
    tagsEvaluated += e.total;
    toDelete += e.toDelete;
    freedBytes += e.freedBytes;
    const stop = safetyStop(e, spec.safetyMaxDeletePercent);
    if (stop !== null) held.push(`${e.namespace}/${e.repository}: ${stop}`);
  }
  const counts = {
    repositoriesEvaluated: evaluations.length,
    tagsEvaluated,
    toDelete,
    keptByReason: kept as unknown as Prisma.InputJsonValue,
    freedBytes: BigInt(Math.round(freedBytes)),
  };

  // Per-repository results (kept on resume: requestIds already recorded stay).
  for (const e of evaluations) {
    const stop = safetyStop(e, spec.safetyMaxDeletePercent);
    const values = {
      tagsEvaluated: e.total,
      toDelete: e.toDelete,
      keptByReason: e.kept as unknown as Prisma.InputJsonValue,
      freedBytes: BigInt(Math.round(e.freedBytes)),
      held: stop !== null,
      heldReason: stop,
      decisions: compactDecisions(e),
    };
    await db.retentionRunRepository.upsert({
      where: { runId_namespace_repository: { runId, namespace: e.namespace, repository: e.repository } },
      create: { runId, namespace: e.namespace, repository: e.repository, requestIds: [], ...values },
      update: values,
    });
  }

  if (held.length > 0) {
    await finishRun(
      runId,
      workerId,
      { status: 'held', heldReasons: held, ...counts },
      {
        action: 'retention.run_held',
        instanceId: instance.id,
        details: { runId, policyId: policyRow.id, name: policyRow.name, heldReasons: held, toDelete, tagsEvaluated },
      },
    );
    return { status: 'held', reasons: held };
  }

  const settings = await readSettings(instance.id);
  const requests: string[] = [];
  try {
    for (const e of evaluations) {
      if (e.toDelete === 0) continue;
      const row = await db.retentionRunRepository.findUniqueOrThrow({
        where: { runId_namespace_repository: { runId, namespace: e.namespace, repository: e.repository } },
        select: { id: true },
      });
      const mine = own.get(e.repository) ?? { ids: [], tags: new Set<string>() };
      const ids = [...mine.ids];
      // A resumed run only requests what its earlier attempt did not.
      const names = e.tags.filter((t) => t.action === 'delete' && !mine.tags.has(t.name)).map((t) => t.name);
      const chunks: string[][] = [];
      for (let i = 0; i < names.length; i += MAX_TAGS_PER_REQUEST)
        chunks.push(names.slice(i, i + MAX_TAGS_PER_REQUEST));
      let autoApproved = false;
      for (const chunk of chunks) {
        const reason = generatedReason(spec, chunk.length, { trigger: claimed.trigger, at: now }).slice(0, REASON_MAX);
        try {
          const created = await createDeletionRequest(null, {
            instanceId: instance.id,
            namespace: e.namespace,
            repository: e.repository,
            tags: chunk,
            reason,
            source: 'policy',
            policyId: policyRow.id,
            snapshot: tagsByRepo.get(e.repository) ?? [],
          });
          ids.push(created.id);
          await db.retentionRunRepository.update({ where: { id: row.id }, data: { requestIds: ids } });
          if (
            await maybeAutoApprove(created, {
              instance,
              settings,
              runId,
              policyId: policyRow.id,
              policyName: policyRow.name,
            })
          )
            autoApproved = true;
        } catch (err) {
          // "None of the selected tags can be deleted": the deletion service blocked them all.
          if (isAppError(err) && err.code === 'validation') {
            logger.info({ runId, repository: e.repository, message: err.message }, 'retention run: request refused');
            continue;
          }
          throw err;
        }
      }
      await db.retentionRunRepository.update({
        where: { id: row.id },
        data: { requestIds: ids, ...(autoApproved ? { autoApproved: true } : {}) },
      });
      requests.push(...ids);
      if (!(await renewLease(runId, workerId))) throw new LeaseLost();
    }
  } catch (err) {
    if (err instanceof LeaseLost) return { status: 'skipped', reason: 'another worker took the run over' };
    if (!isAppError(err)) logger.error({ runId, err }, 'retention run failed while creating requests');
    await db.retentionRun.updateMany({ where: { id: runId, leaseOwner: workerId }, data: counts });
    return fail(errorMessage(err));
  }
  await finishRun(
    runId,
    workerId,
    { status: 'completed', ...counts },
    {
      action: 'retention.run_completed',
      instanceId: instance.id,
      details: {
        runId,
        policyId: policyRow.id,
        name: policyRow.name,
        trigger: claimed.trigger,
        repositories: evaluations.length,
        tagsEvaluated,
        toDelete,
        requestIds: requests,
      },
    },
  );
  return { status: 'completed', requests };
}

// ---- auto-approval -------------------------------------------------------------------------------

/** The account policy requests are auto-approved under (inactive: it can never sign in). */
export const SYSTEM_APPROVER_EMAIL = 'retention-auto-approval@hubkeeper.invalid';

async function systemApprover(): Promise<DeletionActor> {
  const user = await db.user.upsert({
    where: { email: SYSTEM_APPROVER_EMAIL },
    create: {
      email: SYSTEM_APPROVER_EMAIL,
      name: 'Retention auto-approval (system)',
      passwordHash: '!system-account-without-password',
      roles: [],
      active: false,
    },
    update: {},
    select: { id: true, email: true },
  });
  // Acts as an approver for this one call only; the stored account holds no role and is inactive.
  return { id: user.id, email: user.email, roles: ['APPROVER'], active: true };
}

async function maybeAutoApprove(
  created: { id: string; tagCount: number; summary: { storage: { freedBytes: number; unknownSizeDigests: number } } },
  ctx: {
    instance: InstanceRow;
    settings: Awaited<ReturnType<typeof readSettings>>;
    runId: string;
    policyId: string;
    policyName: string;
  },
): Promise<boolean> {
  const { settings } = ctx;
  if (!settings.autoApprove) return false;
  // A machine approval stands in for one person; instances that demand more keep their humans.
  if (ctx.instance.requiredApprovals > 1) return false;
  if (created.tagCount > settings.autoApproveMaxTags) return false;
  const { freedBytes, unknownSizeDigests } = created.summary.storage;
  if (
    settings.autoApproveMaxBytes !== null &&
    (unknownSizeDigests > 0 || BigInt(Math.round(freedBytes)) > settings.autoApproveMaxBytes)
  )
    return false;
  const system = await systemApprover();
  const comment = `Auto-approved: retention policy "${ctx.policyName}" run below the instance's threshold (${created.tagCount} tags ≤ ${settings.autoApproveMaxTags}${
    settings.autoApproveMaxBytes === null ? '' : `, ${freedBytes} bytes ≤ ${settings.autoApproveMaxBytes.toString()}`
  }).`;
  await approveDeletionRequest(system, { requestId: created.id, comment });
  await db.$transaction((tx: Tx) =>
    recordAudit(tx, {
      actor: { id: system.id, email: system.email },
      action: 'retention.request_auto_approved',
      instanceId: ctx.instance.id,
      details: {
        requestId: created.id,
        runId: ctx.runId,
        policyId: ctx.policyId,
        autoApproved: true,
        tagCount: created.tagCount,
        freedBytes,
        maxTags: settings.autoApproveMaxTags,
        maxBytes: settings.autoApproveMaxBytes === null ? null : settings.autoApproveMaxBytes.toString(),
      },
    }),
  );
  return true;
}

// ---- history -------------------------------------------------------------------------------------

function parseKept(value: unknown): KeptByReason {
  const out = emptyKeptByReason();
  if (value !== null && typeof value === 'object') {
    for (const r of KEEP_REASONS) {
      const n = (value as Record<string, unknown>)[r];
      if (typeof n === 'number') out[r] = n;
    }
  }
  return out;
}

/** A policy's runs, newest first, with the requests they created and how those ended. */
export async function listRetentionRuns(
  actor: RetentionActor,
  input: { instanceId: string; policyId: string; take?: number },
): Promise<RetentionRunDTO[]> {
  assertManage(actor);
  const policy = await db.retentionPolicy.findFirst({
    where: { id: input.policyId, instanceId: input.instanceId },
    select: { id: true },
  });
  if (policy === null) throw policyNotFound();
  const runs = await db.retentionRun.findMany({
    where: { policyId: policy.id },
    orderBy: { createdAt: 'desc' },
    take: Math.min(Math.max(input.take ?? 20, 1), 100),
    include: { repositories: { orderBy: [{ namespace: 'asc' }, { repository: 'asc' }], omit: { decisions: true } } },
  });
  const requestIds = runs.flatMap((r) => r.repositories.flatMap((x) => x.requestIds));
  const requests = await db.deletionRequest.findMany({
    where: { id: { in: requestIds } },
    select: { id: true, status: true, finishedAt: true, _count: { select: { items: true } } },
  });
  const deletedCounts = await db.deletionItem.groupBy({
    by: ['requestId'],
    where: { requestId: { in: requestIds }, status: { in: ['deleted', 'already_gone'] } },
    _count: { _all: true },
  });
  const deleted = new Map(deletedCounts.map((d) => [d.requestId, d._count._all]));
  const byId = new Map(requests.map((r) => [r.id, r]));
  return runs.map((r) => ({
    id: r.id,
    policyId: r.policyId,
    trigger: r.trigger,
    slot: ms(r.slot),
    status: r.status,
    actorEmail: r.actorEmail,
    createdAt: r.createdAt.getTime(),
    startedAt: ms(r.startedAt),
    finishedAt: ms(r.finishedAt),
    repositoriesEvaluated: r.repositoriesEvaluated,
    tagsEvaluated: r.tagsEvaluated,
    toDelete: r.toDelete,
    keptByReason: parseKept(r.keptByReason),
    freedBytes: Number(r.freedBytes),
    heldReasons: r.heldReasons,
    error: r.error,
    repositories: r.repositories.map((x): RetentionRunRepositoryDTO => ({
      namespace: x.namespace,
      repository: x.repository,
      tagsEvaluated: x.tagsEvaluated,
      toDelete: x.toDelete,
      keptByReason: parseKept(x.keptByReason),
      freedBytes: Number(x.freedBytes),
      held: x.held,
      heldReason: x.heldReason,
      requests: x.requestIds.map((id) => {
        const req = byId.get(id);
        const phase =
          req === undefined ? 'deleted' : req.status === 'approved' && req.finishedAt === null ? 'running' : req.status;
        return {
          id,
          status: phase,
          tagCount: req?._count.items ?? 0,
          deleted: deleted.get(id) ?? 0,
          autoApproved: x.autoApproved,
        };
      }),
    })),
  }));
}

// ---- policies as code ----------------------------------------------------------------------------

/** Every policy of the instance as a JSON document (import it here or on another instance). */
export async function exportRetentionPolicies(actor: RetentionActor, instanceId: string): Promise<PolicyDocument> {
  assertManage(actor);
  const instance = await loadInstance(instanceId);
  const rows = await db.retentionPolicy.findMany({ where: { instanceId }, orderBy: { name: 'asc' } });
  return {
    format: POLICY_DOCUMENT_FORMAT,
    exportedAt: new Date().toISOString(),
    instance: instance.name,
    policies: rows.map((r) => canonicalPolicy(rowToSpec(r))),
  };
}

function zodPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * Reads an exported document and says what importing it would do (created / updated / unchanged
 * per policy, matched by name); with `apply`, does it in one transaction. Nothing is written when
 * any policy is invalid.
 */
export async function importRetentionPolicies(
  actor: RetentionActor,
  input: ImportPoliciesInput,
  deps: RetentionDeps = {},
): Promise<ImportResult> {
  assertManage(actor);
  const instance = await loadInstance(input.instanceId);
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.document);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(detail);
    return {
      ok: false,
      errors: [{ path: '', message: `The file is not valid JSON: ${detail}`, position: at ? Number(at[1]) : null }],
    };
  }
  const doc = policyDocumentSchema.safeParse(parsed);
  if (!doc.success) {
    return {
      ok: false,
      errors: doc.error.issues.slice(0, 50).map((i) => ({ path: zodPath(i.path), message: i.message, position: null })),
    };
  }
  const now = (deps.now ?? Date.now)();
  const errors: { path: string; message: string; position: number | null }[] = [];
  const warnings: string[] = [];
  doc.data.policies.forEach((p, i) => {
    const check = validateForInstance(p, instance, now);
    for (const e of check.errors)
      errors.push({
        path: `policies.${i}.${e.field}`,
        message: `${p.name || `Policy ${i + 1}`}: ${e.message}`,
        position: e.position,
      });
    for (const w of check.warnings) warnings.push(`${p.name}: ${w}`);
  });
  for (const dup of duplicateNames(doc.data.policies))
    errors.push({
      path: 'policies',
      message: `The name "${dup}" is used by more than one policy in the file.`,
      position: null,
    });
  if (errors.length > 0) return { ok: false, errors };

  const incoming = doc.data.policies.map(canonicalPolicy);
  const existingRows = await db.retentionPolicy.findMany({ where: { instanceId: instance.id } });
  const plan = planImport(existingRows.map(rowToSpec), incoming);
  if (!input.apply || plan.items.every((i) => i.change === 'unchanged'))
    return { ok: true, applied: false, plan, warnings };

  const byName = new Map(existingRows.map((r) => [r.name, r]));
  await db.$transaction(async (tx) => {
    for (const [i, item] of plan.items.entries()) {
      const spec = incoming[i];
      if (spec === undefined || item.change === 'unchanged') continue;
      const current = byName.get(item.name);
      if (current === undefined)
        await tx.retentionPolicy.create({
          data: { ...specToData(spec), instanceId: instance.id, createdById: actor.id, createdByEmail: actor.email },
        });
      else await tx.retentionPolicy.update({ where: { id: current.id }, data: specToData(spec) });
    }
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: 'retention.policies_imported',
      instanceId: instance.id,
      details: {
        items: plan.items.map((i) => ({
          name: i.name,
          change: i.change,
          fields: i.fields,
        })) as unknown as Prisma.InputJsonValue,
      },
    });
  });
  await scheduleChanged();
  return { ok: true, applied: true, plan, warnings };
}

// ---- schedules -----------------------------------------------------------------------------------

type ScheduleListener = () => Promise<void>;
const globalForRetention = globalThis as unknown as { hubkeeperRetentionListeners?: Set<ScheduleListener> };

/** Lets this process's scheduler react at once when policies change (lib/jobs/handlers/retention.ts). */
export function onRetentionScheduleChange(listener: ScheduleListener): () => void {
  const set = (globalForRetention.hubkeeperRetentionListeners ??= new Set());
  set.add(listener);
  return () => set.delete(listener);
}

/** After a policy change: sync pg-boss schedules now (best effort; the sync loop repairs failures). */
async function scheduleChanged(): Promise<void> {
  const listeners = [...(globalForRetention.hubkeeperRetentionListeners ?? [])];
  try {
    if (listeners.length > 0) await Promise.all(listeners.map((l) => l()));
    else await syncRetentionSchedules(await getBoss());
  } catch (err) {
    logger.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'could not sync retention schedules; the scheduler will retry',
    );
  }
}

/** Policies that should have a pg-boss schedule: enabled, with a valid cron. */
export async function scheduledPolicies(): Promise<{ id: string; cron: string; timezone: string }[]> {
  const rows = await db.retentionPolicy.findMany({
    where: { enabled: true, cron: { not: null } },
    select: { id: true, cron: true, timezone: true },
  });
  const now = Date.now();
  return rows.flatMap((r) =>
    r.cron !== null && checkCron(r.cron, r.timezone, now).ok ? [{ id: r.id, cron: r.cron, timezone: r.timezone }] : [],
  );
}

/**
 * Makes pg-boss's schedules match the database: one schedule named `retention.policy.<id>` (its own
 * queue) per enabled scheduled policy, with the policy's cron and time zone; others removed.
 * Idempotent; pg-boss then fires each slot once across every process.
 */
export async function syncRetentionSchedules(
  boss: PgBoss,
): Promise<{ policies: { id: string; cron: string; timezone: string }[] }> {
  const policies = await scheduledPolicies();
  const wanted = new Map(policies.map((p) => [policyQueueName(p.id), p]));
  const existing = (await boss.getSchedules()).filter((s) => s.name.startsWith(POLICY_QUEUE_PREFIX));
  const have = new Map(existing.map((s) => [s.name, s]));
  for (const [name, p] of wanted) {
    const current = have.get(name);
    // The schedule table row carries `timezone` (pg-boss's type leaves it out).
    if (
      current !== undefined &&
      current.cron === p.cron &&
      ((current as { timezone?: string }).timezone ?? current.options?.tz) === p.timezone
    )
      continue;
    try {
      await ensureQueue(boss, { queue: name, options: POLICY_QUEUE_OPTIONS });
    } catch (err) {
      // Another process created it at the same moment.
      if (!(await boss.getQueue(name))) throw err;
    }
    await boss.schedule(name, p.cron, { policyId: p.id }, { tz: p.timezone });
  }
  for (const s of existing) {
    if (wanted.has(s.name)) continue;
    await boss.unschedule(s.name);
    await boss.deleteQueue(s.name).catch(() => undefined);
  }
  return { policies };
}

/** Runs left queued or abandoned (lease expired) by a crashed worker or a lost send: send them again. */
export async function findStalledRuns(): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "RetentionRun"
     WHERE ("status" = 'running' AND "leaseUntil" < now())
        OR ("status" = 'queued' AND "createdAt" < now() - interval '2 minutes')
     ORDER BY "createdAt" LIMIT 50`;
  return rows.map((r) => r.id);
}
