import 'server-only';
// Instances: Docker Hub connections (one username/organisation + one encrypted token each).
// Every function authorizes its caller, validates, talks to Hub through lib/hub, writes in one
// transaction with its audit event, and returns small DTOs that never contain a token.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { recordAudit, type Tx } from '@/lib/audit';
import { hasPermission, type Permission } from '@/lib/auth/permissions';
import { secretHint } from '@/lib/crypto';
import { db } from '@/lib/db';
import { Prisma } from '@/lib/db/generated/client';
import { AppError, forbiddenError, type FieldErrors } from '@/lib/errors';
import { isHubError, type HubClient, type HubRepository } from '@/lib/hub';
import { logger } from '@/lib/logger';
import {
  createInstanceSchema,
  deleteInstanceSchema,
  rotateSecretSchema,
  secretShapeProblem,
  updateInstanceSchema,
  type CompareTarget,
  type CreateInstanceInput,
  type DeleteInstanceInput,
  type RotateSecretInput,
  type UpdateInstanceInput,
} from '@/lib/validations/instances';
import { capabilitiesFromClaims, parseCapabilities, type InstanceCapabilities } from './capabilities';
import {
  clearStoredHubToken,
  createUnsavedHubClient,
  encryptInstanceSecret,
  getHubClientForInstance,
  hubClientDefaults,
  probeAccount,
} from './hub-clients';

// ---------------------------------------------------------------------------------------------
// DTOs

export type InstanceStatusName = 'ok' | 'invalid_credentials' | 'unreachable' | 'unchecked';
export type CredentialKindName = 'PAT' | 'OAT';

/** What the UI and APIs get for an instance. Never the token: only its last 4 characters. */
export interface InstanceDto {
  id: string;
  name: string;
  kind: CredentialKindName;
  username: string;
  namespaces: string[];
  secretHint: string;
  status: InstanceStatusName;
  statusMessage: string | null;
  lastVerifiedAt: string | null;
  lastCheckedAt: string | null;
  capabilities: InstanceCapabilities | null;
  repositoryCount: number | null;
  createdAt: string;
  createdBy: { id: string; name: string; email: string } | null;
}

/** The subset of the actor the services need (CurrentUser fits). */
export interface Actor {
  id: string;
  email: string;
  roles: readonly string[];
}

// Explicit select: encryptedSecret is never read here (lib/db omits it anyway).
const instanceSelect = {
  id: true,
  name: true,
  kind: true,
  username: true,
  namespaces: true,
  secretHint: true,
  status: true,
  statusMessage: true,
  lastVerifiedAt: true,
  lastCheckedAt: true,
  capabilities: true,
  repositoryCount: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} satisfies Prisma.InstanceSelect;

type InstanceRow = Prisma.InstanceGetPayload<{ select: typeof instanceSelect }>;

function toDto(row: InstanceRow): InstanceDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    username: row.username,
    namespaces: row.namespaces,
    secretHint: row.secretHint,
    status: row.status,
    statusMessage: row.statusMessage,
    lastVerifiedAt: row.lastVerifiedAt?.toISOString() ?? null,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    capabilities: parseCapabilities(row.capabilities),
    repositoryCount: row.repositoryCount,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

function authorize(actor: Actor | null | undefined, permission: Permission): Actor {
  if (!actor || !hasPermission(actor, permission)) throw forbiddenError();
  return actor;
}

function auditActor(actor: Actor) {
  return { id: actor.id, email: actor.email };
}

function notFound(): AppError {
  return new AppError('not_found', 'That Docker Hub instance does not exist (it may have been deleted).');
}

function fieldError(field: string, message: string): AppError {
  return new AppError('validation', message, { [field]: [message] });
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '_');
    (fieldErrors[key] ??= []).push(issue.message);
  }
  throw new AppError('validation', result.error.issues[0]?.message ?? 'Check the form.', fieldErrors);
}

/** cuid-like id, generated here because the ciphertext is bound to the id before the insert. */
function newInstanceId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  const bytes = randomBytes(24);
  return `c${Array.from(bytes, (b) => alphabet[b % 36]).join('')}`;
}

// ---------------------------------------------------------------------------------------------
// Reads

/** Every instance, by name. */
export async function listInstances(actor: Actor | null): Promise<InstanceDto[]> {
  authorize(actor, 'instances.view');
  const rows = await db.instance.findMany({ select: instanceSelect, orderBy: { name: 'asc' } });
  return rows.map(toDto);
}

/** One instance; null when it does not exist. */
export async function getInstance(actor: Actor | null, instanceId: string): Promise<InstanceDto | null> {
  authorize(actor, 'instances.view');
  const row = await db.instance.findUnique({ where: { id: instanceId }, select: instanceSelect });
  return row === null ? null : toDto(row);
}

async function requireInstanceRow(instanceId: string): Promise<InstanceRow> {
  const row = await db.instance.findUnique({ where: { id: instanceId }, select: instanceSelect });
  if (row === null) throw notFound();
  return row;
}

// ---------------------------------------------------------------------------------------------
// Health check

export interface HealthCheckResult {
  status: 'ok' | 'invalid_credentials' | 'unreachable';
  /** For the person: what happened and what to do. Never contains a token. */
  message: string;
  /** Which form field the problem belongs to, when it belongs to one. */
  field: 'secret' | 'username' | null;
  capabilities: InstanceCapabilities | null;
  repositoryCount: number | null;
  /** namespace -> problem, for extra namespaces that do not exist. */
  namespaceProblems: Record<string, string>;
}

// A health check answers quickly: one retry on network errors, no waiting out a rate limit.
const CHECK_OVERRIDES = {
  retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1_000 },
  rateLimit: { maxRetries: 0, maxWaitMs: 0 },
};

function checkTimeoutMs(): number {
  return Math.min(hubClientDefaults().timeoutMs, 10_000);
}

function hubHost(): string {
  try {
    return new URL(hubClientDefaults().baseUrl).host;
  } catch {
    return 'Docker Hub';
  }
}

/** Turns a failed Hub call during a check into the check's outcome; unknown errors propagate. */
function failureOf(err: unknown, during: string): Pick<HealthCheckResult, 'status' | 'message' | 'field'> | null {
  if (!isHubError(err)) return null;
  switch (err.code) {
    case 'rate_limited': {
      const seconds = err.retryAfterMs === undefined ? null : Math.max(1, Math.ceil(err.retryAfterMs / 1000));
      return {
        status: 'unreachable',
        field: null,
        message: `Docker Hub is rate-limiting requests right now${seconds === null ? '' : ` (it asked to wait ${seconds} s)`}, so the token could not be checked. Try again later, or save without checking.`,
      };
    }
    case 'unavailable':
    case 'redirect':
    case 'unexpected':
      return {
        status: 'unreachable',
        field: null,
        message: `Could not reach Docker Hub (${hubHost()}) while ${during}: it did not answer or answered with an error. Check the network and DOCKERHUB_API_URL, then try again, or save without checking.`,
      };
    case 'unauthorized':
      return {
        status: 'invalid_credentials',
        field: 'secret',
        message: 'Docker Hub rejected this token: check that it belongs to this account, is active and has not expired.',
      };
    default:
      return { status: 'unreachable', field: null, message: `Docker Hub refused a request while ${during}: ${err.message}` };
  }
}

/**
 * Exchanges the token for a JWT, lists one page of the default namespace's repositories and
 * checks that each extra namespace exists. Never throws for Hub failures: they become the
 * result's status and message.
 */
export async function runHealthCheck(
  client: HubClient,
  target: { kind: CredentialKindName; username: string; namespaces: readonly string[] },
): Promise<HealthCheckResult> {
  const base = { capabilities: null, repositoryCount: null, namespaceProblems: {} };
  let capabilities: InstanceCapabilities;
  try {
    const claims = await client.exchangeToken();
    capabilities = capabilitiesFromClaims(claims, target.kind);
  } catch (err) {
    const failure = failureOf(err, 'signing in');
    if (failure === null) throw err;
    if (failure.status === 'invalid_credentials') {
      // Tell "no such account" from "wrong token": ask Hub anonymously whether the account exists.
      const accountKind = target.kind === 'OAT' ? 'org' : 'user';
      if ((await probeAccount(accountKind, target.username)) === 'missing') {
        return {
          ...base,
          status: 'invalid_credentials',
          field: 'username',
          message: `Docker Hub has no ${accountKind === 'org' ? 'organization' : 'user'} named "${target.username}". Check the spelling.`,
        };
      }
      return {
        ...base,
        ...failure,
        message:
          target.kind === 'OAT'
            ? `Docker Hub rejected this organization access token for "${target.username}": check that it was created in that organization, is active and has not expired.`
            : `Docker Hub rejected this personal access token for "${target.username}": check that it was created by that user, is active and has not expired.`,
      };
    }
    return { ...base, ...failure };
  }

  let repositoryCount: number | null = null;
  let note: string | null = null;
  try {
    const page = await client.listRepositoriesPage(target.username, { pageSize: 1 });
    repositoryCount = page.count;
  } catch (err) {
    const failure = failureOf(err, `listing the repositories of ${target.username}`);
    if (failure === null) throw err;
    if (failure.status === 'unreachable' && isHubError(err) && (err.code === 'rate_limited' || err.code === 'unavailable')) {
      return { ...base, ...failure };
    }
    // Signed in, but this token may not list the namespace (e.g. an OAT without repository scopes).
    note = isHubError(err) ? `Signed in, but listing repositories failed: ${err.message}` : null;
  }

  const namespaceProblems: Record<string, string> = {};
  for (const ns of target.namespaces) {
    try {
      const exists = await namespaceExists(client, ns);
      if (!exists) namespaceProblems[ns] = `Docker Hub has no user or organization named "${ns}".`;
    } catch (err) {
      const failure = failureOf(err, `checking namespace ${ns}`);
      if (failure === null) throw err;
      return { ...base, ...failure, field: null };
    }
  }

  return {
    status: 'ok',
    field: null,
    message: note ?? `Signed in as ${target.username}: ${capabilities.accessLabel}${repositoryCount === null ? '' : `, ${repositoryCount} repositor${repositoryCount === 1 ? 'y' : 'ies'}`}.`,
    capabilities,
    repositoryCount,
    namespaceProblems,
  };
}

/** GET /v2/orgs/{name}, then /v2/users/{name}/; false only when both say 404. */
async function namespaceExists(client: HubClient, name: string): Promise<boolean> {
  try {
    await client.getOrg(name);
    return true;
  } catch (err) {
    // Refusals other than 404 (e.g. token-type rules) still prove the organization is there.
    if (isHubError(err) && ['pat_not_allowed', 'oat_not_allowed', 'forbidden', 'insufficient_scope'].includes(err.code)) return true;
    if (!isHubError(err, 'not_found')) throw err;
  }
  try {
    await client.getUser(name);
    return true;
  } catch (err) {
    if (isHubError(err, 'not_found')) return false;
    if (isHubError(err) && ['pat_not_allowed', 'oat_not_allowed', 'forbidden', 'insufficient_scope'].includes(err.code)) return true;
    throw err;
  }
}

function checkClientFor(username: string, secret: string): HubClient {
  const client = createUnsavedHubClient(username, secret, { ...CHECK_OVERRIDES, timeoutMs: checkTimeoutMs() });
  client.invalidateToken();
  return client;
}

/** Throws the AppError a failed check means for a form; returns the result when it passed. */
function assertCheckPassed(result: HealthCheckResult, hint: string): HealthCheckResult {
  if (result.status !== 'ok') {
    const fields: FieldErrors = result.field === null ? {} : { [result.field]: [result.message] };
    throw new AppError(result.status === 'unreachable' ? 'unavailable' : 'validation', `${result.message}${hint}`, fields);
  }
  const problems = Object.values(result.namespaceProblems);
  if (problems.length > 0) throw new AppError('validation', problems.join(' '), { namespaces: problems });
  return result;
}

const NOTHING_SAVED = ' Nothing was saved.';

// ---------------------------------------------------------------------------------------------
// Writes

async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const clash = await db.instance.findFirst({
    where: { name: { equals: name, mode: 'insensitive' }, ...(exceptId === undefined ? {} : { id: { not: exceptId } }) },
    select: { id: true },
  });
  if (clash !== null) throw fieldError('name', `An instance named "${name}" already exists. Choose another name.`);
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

function capabilitiesJson(caps: InstanceCapabilities | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return caps === null ? Prisma.DbNull : ({ ...caps } as Prisma.InputJsonValue);
}

/** Adds an instance after a health check (or without one when `skipCheck`). */
export async function createInstance(actor: Actor | null, input: CreateInstanceInput): Promise<InstanceDto> {
  const who = authorize(actor, 'instances.manage');
  const values = parseOrThrow(createInstanceSchema, input);
  await assertNameFree(values.name);

  let check: HealthCheckResult | null = null;
  if (!values.skipCheck) {
    check = assertCheckPassed(
      await runHealthCheck(checkClientFor(values.username, values.secret), values),
      NOTHING_SAVED,
    );
  }

  const id = newInstanceId();
  const now = new Date();
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.instance.create({
        data: {
          id,
          name: values.name,
          kind: values.kind,
          username: values.username,
          namespaces: values.namespaces,
          encryptedSecret: encryptInstanceSecret(id, values.secret),
          secretHint: secretHint(values.secret),
          status: check === null ? 'unchecked' : 'ok',
          statusMessage: check === null ? 'Saved without checking the token.' : check.message,
          lastVerifiedAt: check === null ? null : now,
          lastCheckedAt: check === null ? null : now,
          capabilities: capabilitiesJson(check?.capabilities ?? null),
          repositoryCount: check?.repositoryCount ?? null,
          createdById: who.id,
        },
        select: instanceSelect,
      });
      await recordAudit(tx, {
        actor: auditActor(who),
        action: 'instance.created',
        instanceId: id,
        details: {
          name: values.name,
          kind: values.kind,
          username: values.username,
          namespaces: values.namespaces,
          checked: check !== null,
          status: created.status,
          scope: check?.capabilities?.scope ?? null,
        },
      });
      return created;
    });
    logger.info({ instanceId: id, status: row.status }, 'instance created');
    return toDto(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError('name', `An instance named "${values.name}" already exists. Choose another name.`);
    throw err;
  }
}

/** Renames an instance and/or changes its extra namespaces (new ones are checked on Hub). */
export async function updateInstance(actor: Actor | null, input: UpdateInstanceInput): Promise<InstanceDto> {
  const who = authorize(actor, 'instances.manage');
  const values = parseOrThrow(updateInstanceSchema, input);
  const current = await requireInstanceRow(values.instanceId);
  if (values.namespaces.includes(current.username)) {
    throw fieldError('namespaces', `${current.username} is already the default namespace.`);
  }
  if (values.name !== current.name) await assertNameFree(values.name, current.id);

  const added = values.namespaces.filter((ns) => !current.namespaces.includes(ns));
  const removed = current.namespaces.filter((ns) => !values.namespaces.includes(ns));
  if (added.length > 0 && !values.skipCheck) {
    const client = await getHubClientForInstance(current.id, { overrides: { ...CHECK_OVERRIDES, timeoutMs: checkTimeoutMs() } });
    const problems: string[] = [];
    for (const ns of added) {
      let exists: boolean;
      try {
        exists = await namespaceExists(client, ns);
      } catch (err) {
        const failure = failureOf(err, `checking namespace ${ns}`);
        if (failure === null) throw err;
        throw new AppError('unavailable', `${failure.message} Nothing was saved.`, { namespaces: [failure.message] });
      }
      if (!exists) problems.push(`Docker Hub has no user or organization named "${ns}".`);
    }
    if (problems.length > 0) throw new AppError('validation', problems.join(' '), { namespaces: problems });
  }

  const changes: Record<string, Prisma.InputJsonValue> = {};
  if (values.name !== current.name) changes.name = { from: current.name, to: values.name };
  if (added.length > 0 || removed.length > 0) changes.namespaces = { added, removed };
  if (Object.keys(changes).length === 0) return toDto(current);

  try {
    const row = await db.$transaction(async (tx) => {
      const updated = await tx.instance.update({
        where: { id: current.id },
        data: { name: values.name, namespaces: values.namespaces },
        select: instanceSelect,
      });
      await recordAudit(tx, {
        actor: auditActor(who),
        action: 'instance.updated',
        instanceId: current.id,
        details: { name: values.name, changes, namespacesChecked: added.length > 0 && !values.skipCheck },
      });
      return updated;
    });
    return toDto(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError('name', `An instance named "${values.name}" already exists. Choose another name.`);
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') throw notFound();
    throw err;
  }
}

/** Replaces an instance's token (after checking the new one, unless `skipCheck`). */
export async function rotateInstanceSecret(actor: Actor | null, input: RotateSecretInput): Promise<InstanceDto> {
  const who = authorize(actor, 'instances.manage');
  const values = parseOrThrow(rotateSecretSchema, input);
  const current = await requireInstanceRow(values.instanceId);
  const shape = secretShapeProblem(current.kind, values.secret);
  if (shape !== null) throw fieldError('secret', shape);

  let check: HealthCheckResult | null = null;
  if (!values.skipCheck) {
    check = assertCheckPassed(
      await runHealthCheck(checkClientFor(current.username, values.secret), { kind: current.kind, username: current.username, namespaces: [] }),
      ' The current token was kept.',
    );
  }

  const now = new Date();
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.instance.update({
      where: { id: current.id },
      data: {
        encryptedSecret: encryptInstanceSecret(current.id, values.secret),
        secretHint: secretHint(values.secret),
        status: check === null ? 'unchecked' : 'ok',
        statusMessage: check === null ? 'Token replaced without checking it.' : check.message,
        lastVerifiedAt: check === null ? null : now,
        lastCheckedAt: check === null ? current.lastCheckedAt : now,
        capabilities: capabilitiesJson(check?.capabilities ?? null),
        repositoryCount: check?.repositoryCount ?? current.repositoryCount,
      },
      select: instanceSelect,
    });
    // The cached JWT belongs to the old token.
    await clearStoredHubToken(tx, current.id);
    await recordAudit(tx, {
      actor: auditActor(who),
      action: 'instance.secret_rotated',
      instanceId: current.id,
      details: {
        name: current.name,
        checked: check !== null,
        status: updated.status,
        scope: { from: current.capabilities === null ? null : (parseCapabilities(current.capabilities)?.scope ?? null), to: check?.capabilities?.scope ?? null },
      },
    });
    return updated;
  });
  logger.info({ instanceId: current.id, status: row.status }, 'instance token rotated');
  return toDto(row);
}

/** Runs the health check again with the stored token and records the outcome. */
export async function recheckInstance(actor: Actor | null, instanceId: string): Promise<{ instance: InstanceDto; check: Pick<HealthCheckResult, 'status' | 'message'> }> {
  const who = authorize(actor, 'instances.manage');
  const current = await requireInstanceRow(instanceId);
  const client = await getHubClientForInstance(current.id, { freshToken: true, overrides: { ...CHECK_OVERRIDES, timeoutMs: checkTimeoutMs() } });
  const result = await runHealthCheck(client, { kind: current.kind, username: current.username, namespaces: current.namespaces });
  const missing = Object.keys(result.namespaceProblems);
  const message =
    missing.length > 0 ? `${result.message} Namespaces not found on Docker Hub: ${missing.join(', ')}.` : result.message;

  const now = new Date();
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.instance.update({
      where: { id: current.id },
      data: {
        status: result.status,
        statusMessage: message,
        lastCheckedAt: now,
        ...(result.status === 'ok'
          ? { lastVerifiedAt: now, capabilities: capabilitiesJson(result.capabilities), repositoryCount: result.repositoryCount }
          : {}),
      },
      select: instanceSelect,
    });
    // A rejected token's cached JWT would keep other features working on borrowed time.
    if (result.status === 'invalid_credentials') await clearStoredHubToken(tx, current.id);
    await recordAudit(tx, {
      actor: auditActor(who),
      action: 'instance.rechecked',
      instanceId: current.id,
      details: {
        name: current.name,
        status: { from: current.status, to: result.status },
        scope: result.capabilities?.scope ?? null,
        missingNamespaces: missing,
      },
    });
    return updated;
  });
  return { instance: toDto(row), check: { status: result.status, message } };
}

// ---------------------------------------------------------------------------------------------
// Deletion and pending work

/** What one feature cancelled for an instance being deleted; recorded in the audit event. */
export interface CancelledWork {
  /** e.g. "deletion_requests", "description_jobs". */
  kind: string;
  count: number;
  /** Row ids, if the feature wants them in the audit trail (at most a few hundred). */
  ids?: string[];
}

export type PendingWorkCanceller = (tx: Tx, instanceId: string) => Promise<CancelledWork | null>;

// Features with pending work for an instance (queued jobs, open deletion requests, ...) call
// registerPendingWorkCanceller at module level AND add their module to CANCELLER_MODULES, so
// the canceller is registered even in a process that never imported the feature before.
const pendingWorkCancellers = new Map<string, PendingWorkCanceller>();

const CANCELLER_MODULES: ReadonlyArray<() => Promise<unknown>> = [
  () => import('./descriptions'),
  () => import('./deletions/instance-cancel'),
];

let cancellersLoaded: Promise<void> | null = null;

function loadCancellers(): Promise<void> {
  cancellersLoaded ??= Promise.all(CANCELLER_MODULES.map((load) => load())).then(
    () => undefined,
    (err: unknown) => {
      cancellersLoaded = null;
      throw err;
    },
  );
  return cancellersLoaded;
}

/** Registers (or replaces) the canceller of one feature, keyed by its name. */
export function registerPendingWorkCanceller(feature: string, canceller: PendingWorkCanceller): void {
  pendingWorkCancellers.set(feature, canceller);
}

/**
 * Cancels all pending work for an instance inside the deleting transaction and says what was
 * cancelled. Features extend it through registerPendingWorkCanceller (see CANCELLER_MODULES).
 */
export async function cancelPendingWorkForInstance(tx: Tx, instanceId: string): Promise<CancelledWork[]> {
  await loadCancellers();
  const cancelled: CancelledWork[] = [];
  for (const [feature, cancel] of pendingWorkCancellers) {
    const result = await cancel(tx, instanceId);
    if (result !== null && result.count > 0) cancelled.push({ ...result, kind: result.kind || feature });
  }
  return cancelled;
}

/** Deletes an instance once its name was typed to confirm; cancels and records its pending work. */
export async function deleteInstance(actor: Actor | null, input: DeleteInstanceInput): Promise<{ deleted: true; name: string; cancelledWork: CancelledWork[] }> {
  const who = authorize(actor, 'instances.manage');
  const values = parseOrThrow(deleteInstanceSchema, input);
  const current = await requireInstanceRow(values.instanceId);
  if (values.confirmName.trim() !== current.name) {
    throw fieldError('confirmName', `Type the instance name "${current.name}" exactly to confirm.`);
  }
  const cancelledWork = await db.$transaction(async (tx) => {
    // Lock the row first so concurrent work for this instance cannot start mid-deletion.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Instance" WHERE id = ${current.id} FOR UPDATE`;
    if (locked.length === 0) throw notFound();
    const cancelled = await cancelPendingWorkForInstance(tx, current.id);
    await recordAudit(tx, {
      actor: auditActor(who),
      action: 'instance.deleted',
      instanceId: current.id,
      details: {
        name: current.name,
        kind: current.kind,
        username: current.username,
        namespaces: current.namespaces,
        cancelledWork: cancelled.map((c) => ({ kind: c.kind, count: c.count, ...(c.ids === undefined ? {} : { ids: c.ids }) })),
      },
    });
    await tx.instance.delete({ where: { id: current.id } });
    return cancelled;
  });
  logger.info({ instanceId: current.id }, 'instance deleted');
  return { deleted: true, name: current.name, cancelledWork };
}

// ---------------------------------------------------------------------------------------------
// Compare

export interface CompareRepository {
  name: string;
  lastUpdated: string | null;
  isPrivate: boolean;
}

export interface CompareSide {
  instanceId: string;
  instanceName: string;
  namespace: string;
  repositoryCount: number | null;
  newestPushes: CompareRepository[];
  /** Repositories here that the other side lacks (by name). */
  onlyHere: CompareRepository[];
  error: string | null;
}

export interface CompareResult {
  sides: CompareSide[];
  inBoth: number;
}

const NEWEST_PUSHES = 10;

function summarise(repo: HubRepository): CompareRepository {
  return { name: repo.name, lastUpdated: repo.lastUpdated, isPrivate: repo.isPrivate };
}

function byNewest(a: CompareRepository, b: CompareRepository): number {
  return (b.lastUpdated ?? '').localeCompare(a.lastUpdated ?? '');
}

/** Lists all repositories of two namespaces (each through its instance) and compares them. */
export async function compareInstances(actor: Actor | null, targets: readonly CompareTarget[]): Promise<CompareResult> {
  authorize(actor, 'instances.view');
  if (targets.length !== 2) throw new AppError('validation', 'Choose two instances to compare.');
  const loaded = await Promise.all(
    targets.map(async (t) => {
      const row = await db.instance.findUnique({ where: { id: t.instanceId }, select: { id: true, name: true, username: true, namespaces: true } });
      if (row === null) throw notFound();
      const namespace = t.namespace ?? row.username;
      if (namespace !== row.username && !row.namespaces.includes(namespace)) {
        throw new AppError('validation', `"${namespace}" is not a namespace of instance ${row.name}.`);
      }
      let repos: CompareRepository[] | null = null;
      let error: string | null = null;
      try {
        const client = await getHubClientForInstance(row.id);
        repos = (await client.listAllRepositories(namespace)).map(summarise);
      } catch (err) {
        if (isHubError(err)) error = err.message;
        else if (err instanceof AppError) error = err.message;
        else throw err;
      }
      return { row, namespace, repos, error };
    }),
  );
  const names = loaded.map((l) => new Set((l.repos ?? []).map((r) => r.name)));
  const sides = loaded.map((l, i): CompareSide => {
    const other = names[1 - i] ?? new Set<string>();
    const otherLoaded = loaded[1 - i]?.repos !== null;
    const repos = l.repos ?? [];
    return {
      instanceId: l.row.id,
      instanceName: l.row.name,
      namespace: l.namespace,
      repositoryCount: l.repos === null ? null : repos.length,
      newestPushes: [...repos].sort(byNewest).slice(0, NEWEST_PUSHES),
      onlyHere: otherLoaded ? repos.filter((r) => !other.has(r.name)).sort((a, b) => a.name.localeCompare(b.name)) : [],
      error: l.error,
    };
  });
  const [a, b] = names;
  const inBoth = a !== undefined && b !== undefined ? [...a].filter((n) => b.has(n)).length : 0;
  return { sides, inBoth };
}
