import 'server-only';
// Webhooks per instance for deletion events. An event writes one outbox row (WebhookDelivery)
// per subscribed endpoint in the SAME transaction as the change it reports; a pg-boss job then
// POSTs the JSON payload, signed with HMAC-SHA256 over the exact body:
//   X-Hubkeeper-Signature: sha256=<hex>   X-Hubkeeper-Event: <event>   X-Hubkeeper-Delivery: <id>
// Failed attempts are retried with exponential back-off; the sweeper re-sends jobs that were lost.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { hasPermission } from '@/lib/auth/permissions';
import { recordAudit } from '@/lib/audit';
import { decryptSecret, encryptSecret, getKeyring, secretHint, webhookSecretAad } from '@/lib/crypto';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/client';
import { env } from '@/lib/env';
import { AppError, forbiddenError } from '@/lib/errors';
import { WEBHOOK_EVENTS, type WebhookEventName } from '@/lib/validations/deletions';
import { dispatchWebhookDeliveries } from './deletions/queues';

type Tx = Prisma.TransactionClient;

interface Actor {
  id: string;
  email: string;
  roles: readonly string[];
  active?: boolean;
}


/** `sha256=<hex>` of the body under the secret (what receivers recompute). */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export type WebhookEvent = WebhookEventName | 'ping';

export interface WebhookPayload {
  id: string;
  event: WebhookEvent;
  createdAt: string;
  instance: { id: string; name: string | null };
  data: Record<string, unknown>;
}

/**
 * Writes an outbox row for every active endpoint of the instance subscribed to `event`, inside
 * the caller's transaction. Returns the delivery ids to dispatch after commit.
 */
export async function enqueueWebhookEvent(
  tx: Tx,
  input: { instanceId: string; event: WebhookEventName; data: Record<string, unknown> },
): Promise<string[]> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { instanceId: input.instanceId, active: true, events: { has: input.event } },
    select: { id: true },
  });
  if (endpoints.length === 0) return [];
  const instance = await tx.instance.findUnique({ where: { id: input.instanceId }, select: { name: true } });
  const ids: string[] = [];
  for (const endpoint of endpoints) {
    const id = randomUUID();
    const payload: WebhookPayload = {
      id,
      event: input.event,
      createdAt: new Date().toISOString(),
      instance: { id: input.instanceId, name: instance?.name ?? null },
      data: input.data,
    };
    await tx.webhookDelivery.create({
      data: { id, endpointId: endpoint.id, event: input.event, payload: payload as unknown as Prisma.InputJsonValue },
    });
    ids.push(id);
  }
  return ids;
}

// ---- delivery ------------------------------------------------------------------------------------

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

// While one attempt runs, the row is leased so a swept duplicate job does not send it twice.
const ATTEMPT_LEASE_SECONDS = 120;

function retryDelayMs(attempt: number): number {
  const base = env().HUBKEEPER_WEBHOOK_RETRY_BASE_MS;
  return Math.min(3_600_000, base * 2 ** Math.max(0, attempt - 1));
}

function shortError(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

/** Makes one delivery attempt of an outbox row; schedules the next attempt on failure. */
export async function deliverWebhook(deliveryId: string, options: { fetchImpl?: typeof fetch } = {}): Promise<DeliveryOutcome> {
  const claimed = await db.$queryRaw<{ attempts: number; endpointId: string; event: string; payload: unknown }[]>`
    UPDATE "WebhookDelivery"
       SET "attempts" = "attempts" + 1, "lastAttemptAt" = now(),
           "nextAttemptAt" = now() + make_interval(secs => ${ATTEMPT_LEASE_SECONDS})
     WHERE "id" = ${deliveryId} AND "status" = 'pending' AND "nextAttemptAt" <= now()
    RETURNING "attempts", "endpointId", "event", "payload"`;
  const row = claimed[0];
  if (row === undefined) return 'skipped';
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id: row.endpointId },
    select: { id: true, url: true, encryptedSecret: true, active: true },
  });
  const maxAttempts = env().HUBKEEPER_WEBHOOK_MAX_ATTEMPTS;

  const finish = async (result: { ok: true; status: number } | { ok: false; status: number | null; error: string; final?: boolean }): Promise<DeliveryOutcome> => {
    if (result.ok) {
      await db.webhookDelivery.update({
        where: { id: deliveryId },
        data: { status: 'delivered', deliveredAt: new Date(), lastStatus: result.status, lastError: null },
      });
      return 'delivered';
    }
    const final = result.final === true || row.attempts >= maxAttempts;
    const next = new Date(Date.now() + retryDelayMs(row.attempts));
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: final
        ? { status: 'failed', lastStatus: result.status, lastError: result.error }
        : { lastStatus: result.status, lastError: result.error, nextAttemptAt: next },
    });
    if (final) return 'failed';
    await dispatchWebhookDeliveries([deliveryId], next);
    return 'retry';
  };

  if (endpoint === null || !endpoint.active) {
    return finish({ ok: false, status: null, error: 'The endpoint was disabled or removed before delivery.', final: true });
  }
  let secret: string;
  try {
    secret = decryptSecret(endpoint.encryptedSecret, webhookSecretAad(endpoint.id), getKeyring());
  } catch {
    return finish({ ok: false, status: null, error: 'The signing secret cannot be decrypted with the configured keys.' });
  }
  const body = JSON.stringify(row.payload);
  const fetchImpl = options.fetchImpl ?? fetch;
  try {
    const res = await fetchImpl(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'hubkeeper-webhooks',
        'x-hubkeeper-event': row.event,
        'x-hubkeeper-delivery': deliveryId,
        'x-hubkeeper-signature': signWebhookBody(secret, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(env().HUBKEEPER_WEBHOOK_TIMEOUT_MS),
    });
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return finish({ ok: true, status: res.status });
    return finish({ ok: false, status: res.status, error: shortError(`HTTP ${res.status}${text ? `: ${text}` : ''}`) });
  } catch (err) {
    const name = err instanceof Error ? err.name : 'Error';
    const reason =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no answer within ${env().HUBKEEPER_WEBHOOK_TIMEOUT_MS} ms`
        : shortError(err instanceof Error ? `${(err.cause as { code?: string } | undefined)?.code ?? name}: ${err.message}` : String(err));
    return finish({ ok: false, status: null, error: reason });
  }
}

/** Deliveries due for more than `graceSeconds` whose job was evidently lost; re-sends them. */
export async function sweepOverdueWebhooks(graceSeconds = 60): Promise<number> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "WebhookDelivery"
     WHERE "status" = 'pending' AND "nextAttemptAt" <= now() - make_interval(secs => ${graceSeconds})
     ORDER BY "nextAttemptAt" LIMIT 500`;
  await dispatchWebhookDeliveries(rows.map((r) => r.id));
  return rows.length;
}

// ---- endpoints (instance settings) ---------------------------------------------------------------

export interface WebhookEndpointDTO {
  id: string;
  url: string;
  events: WebhookEventName[];
  active: boolean;
  secretHint: string;
  createdAt: number;
}

export interface WebhookDeliveryDTO {
  id: string;
  endpointId: string;
  url: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  createdAt: number;
}

function assertManage(actor: Actor): void {
  if (!hasPermission(actor, 'instances.manage')) throw forbiddenError();
}

async function assertInstance(instanceId: string): Promise<{ id: string; name: string }> {
  const row = await db.instance.findUnique({ where: { id: instanceId }, select: { id: true, name: true } });
  if (row === null) throw new AppError('not_found', 'That Docker Hub instance does not exist (it may have been deleted).');
  return row;
}

const endpointSelect = { id: true, url: true, events: true, active: true, secretHint: true, createdAt: true } as const;

function toEndpointDTO(row: { id: string; url: string; events: string[]; active: boolean; secretHint: string; createdAt: Date }): WebhookEndpointDTO {
  return {
    id: row.id,
    url: row.url,
    events: row.events.filter((e): e is WebhookEventName => (WEBHOOK_EVENTS as readonly string[]).includes(e)),
    active: row.active,
    secretHint: row.secretHint,
    createdAt: row.createdAt.getTime(),
  };
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Where webhook URLs end up in logs and audit details: scheme, host and path, never a query. */
function urlForAudit(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}

/** The instance a webhook settings page is about (id and name); AppError('not_found') when unknown. */
export async function getWebhookInstance(actor: Actor, instanceId: string): Promise<{ id: string; name: string }> {
  assertManage(actor);
  return assertInstance(instanceId);
}

/** The endpoints of an instance. */
export async function listWebhookEndpoints(actor: Actor, instanceId: string): Promise<WebhookEndpointDTO[]> {
  assertManage(actor);
  await assertInstance(instanceId);
  const rows = await db.webhookEndpoint.findMany({ where: { instanceId }, select: endpointSelect, orderBy: { createdAt: 'asc' } });
  return rows.map(toEndpointDTO);
}

/** Creates an endpoint; the signing secret is returned this once and never again. */
export async function createWebhookEndpoint(
  actor: Actor,
  input: { instanceId: string; url: string; events: WebhookEventName[]; active: boolean },
): Promise<{ endpoint: WebhookEndpointDTO; secret: string }> {
  assertManage(actor);
  const instance = await assertInstance(input.instanceId);
  const id = randomUUID();
  const secret = newSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        id,
        instanceId: instance.id,
        url: input.url,
        events: input.events,
        active: input.active,
        encryptedSecret: encryptSecret(secret, webhookSecretAad(id), getKeyring()),
        secretHint: secretHint(secret),
      },
      select: endpointSelect,
    });
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: 'webhook.created',
      instanceId: instance.id,
      details: { webhookId: id, url: urlForAudit(input.url), events: input.events, active: input.active },
    });
    return created;
  });
  return { endpoint: toEndpointDTO(row), secret };
}

/** Changes the URL, events or active flag of an endpoint. */
export async function updateWebhookEndpoint(
  actor: Actor,
  input: { instanceId: string; webhookId: string; url?: string | undefined; events?: WebhookEventName[] | undefined; active?: boolean | undefined },
): Promise<WebhookEndpointDTO> {
  assertManage(actor);
  return db.$transaction(async (tx) => {
    const data: Prisma.WebhookEndpointUpdateManyMutationInput = {};
    if (input.url !== undefined) data.url = input.url;
    if (input.events !== undefined) data.events = input.events;
    if (input.active !== undefined) data.active = input.active;
    const updated = await tx.webhookEndpoint.updateMany({ where: { id: input.webhookId, instanceId: input.instanceId }, data });
    if (updated.count !== 1) throw new AppError('not_found', 'That webhook does not exist.');
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: 'webhook.updated',
      instanceId: input.instanceId,
      details: {
        webhookId: input.webhookId,
        ...(input.url !== undefined ? { url: urlForAudit(input.url) } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      },
    });
    const row = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: input.webhookId }, select: endpointSelect });
    return toEndpointDTO(row);
  });
}

/** Removes an endpoint and its delivery history. */
export async function deleteWebhookEndpoint(actor: Actor, input: { instanceId: string; webhookId: string }): Promise<void> {
  assertManage(actor);
  await db.$transaction(async (tx) => {
    const deleted = await tx.webhookEndpoint.deleteMany({ where: { id: input.webhookId, instanceId: input.instanceId } });
    if (deleted.count !== 1) throw new AppError('not_found', 'That webhook does not exist.');
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: 'webhook.deleted',
      instanceId: input.instanceId,
      details: { webhookId: input.webhookId },
    });
  });
}

/** Replaces the signing secret; the new one is returned this once. */
export async function rotateWebhookSecret(actor: Actor, input: { instanceId: string; webhookId: string }): Promise<{ secret: string }> {
  assertManage(actor);
  const secret = newSecret();
  await db.$transaction(async (tx) => {
    const updated = await tx.webhookEndpoint.updateMany({
      where: { id: input.webhookId, instanceId: input.instanceId },
      data: { encryptedSecret: encryptSecret(secret, webhookSecretAad(input.webhookId), getKeyring()), secretHint: secretHint(secret) },
    });
    if (updated.count !== 1) throw new AppError('not_found', 'That webhook does not exist.');
    await recordAudit(tx, {
      actor: { id: actor.id, email: actor.email },
      action: 'webhook.secret_rotated',
      instanceId: input.instanceId,
      details: { webhookId: input.webhookId },
    });
  });
  return { secret };
}

/** Queues a `ping` delivery to one endpoint (whatever its events), to test the receiver. */
export async function sendTestWebhook(actor: Actor, input: { instanceId: string; webhookId: string }): Promise<{ deliveryId: string }> {
  assertManage(actor);
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: input.webhookId, instanceId: input.instanceId }, select: { id: true } });
  if (endpoint === null) throw new AppError('not_found', 'That webhook does not exist.');
  const instance = await assertInstance(input.instanceId);
  const id = randomUUID();
  const payload: WebhookPayload = {
    id,
    event: 'ping',
    createdAt: new Date().toISOString(),
    instance: { id: instance.id, name: instance.name },
    data: { message: 'Test delivery from Hubkeeper', requestedBy: actor.email },
  };
  await db.webhookDelivery.create({ data: { id, endpointId: endpoint.id, event: 'ping', payload: payload as unknown as Prisma.InputJsonValue } });
  await dispatchWebhookDeliveries([id]);
  return { deliveryId: id };
}

/** Recent deliveries of an instance's endpoints, newest first. */
export async function listWebhookDeliveries(actor: Actor, instanceId: string, take = 50): Promise<WebhookDeliveryDTO[]> {
  assertManage(actor);
  await assertInstance(instanceId);
  const rows = await db.webhookDelivery.findMany({
    where: { endpoint: { instanceId } },
    orderBy: { createdAt: 'desc' },
    take: Math.min(Math.max(take, 1), 200),
    select: {
      id: true,
      endpointId: true,
      event: true,
      status: true,
      attempts: true,
      lastStatus: true,
      lastError: true,
      lastAttemptAt: true,
      nextAttemptAt: true,
      deliveredAt: true,
      createdAt: true,
      endpoint: { select: { url: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpointId,
    url: r.endpoint.url,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.lastStatus,
    lastError: r.lastError,
    lastAttemptAt: r.lastAttemptAt?.getTime() ?? null,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.getTime() : null,
    deliveredAt: r.deliveredAt?.getTime() ?? null,
    createdAt: r.createdAt.getTime(),
  }));
}
