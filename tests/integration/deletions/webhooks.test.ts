// Webhooks: an outbox row is written in the same transaction as the event, delivered by a
// pg-boss job to a local node:http receiver that verifies the HMAC-SHA256 signature; failures
// are retried with exponential back-off and show up as status, attempts and last error.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEmulator } from '@/emulator';
import { createDemoInstance, createPerson, NS, pushTags, startHub, type Person } from './helpers';

process.env.HUBKEEPER_WEBHOOK_RETRY_BASE_MS = '200';
process.env.HUBKEEPER_WEBHOOK_MAX_ATTEMPTS = '3';
process.env.HUBKEEPER_DELETION_POLL_SECONDS = '0.5';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  signatureOk: boolean;
}

let hub: HubEmulator;
let admin: Person;
let approver: Person;
let viewer: Person;
let instanceId: string;
let receiver: http.Server;
let receiverUrl: string;
let secret = '';
const received: Received[] = [];
let failNext = 0;
let svc: typeof import('@/lib/services/deletions');
let webhooks: typeof import('@/lib/services/webhooks');
let db: typeof import('@/lib/db').db;

function verify(body: string, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function waitFor<T>(fn: () => Promise<T | null | undefined> | T | null | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body, signatureOk: verify(body, req.headers['x-hubkeeper-signature'] as string | undefined) });
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(503).end('busy');
        return;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/hubkeeper`;
  hub = await startHub();
  ({ db } = await import('@/lib/db'));
  svc = await import('@/lib/services/deletions');
  webhooks = await import('@/lib/services/webhooks');
  admin = await createPerson('ADMIN');
  approver = await createPerson('APPROVER');
  viewer = await createPerson('VIEWER');
  instanceId = await createDemoInstance(admin, 'Hooks');
  pushTags(hub, 'hooks', ['a', 'b', 'c']);
  const { getBoss, startWorkers } = await import('@/lib/jobs/boss');
  const { webhookJobDefinitions } = await import('@/lib/jobs/handlers/webhooks');
  await startWorkers(await getBoss(), webhookJobDefinitions());
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/boss');
  await stopBoss();
  await hub.close();
  await new Promise((r) => receiver.close(r));
});

describe('webhook endpoints', () => {
  it('are managed by admins only; the secret is shown once and stored encrypted', async () => {
    await expect(webhooks.createWebhookEndpoint(viewer, { instanceId, url: receiverUrl, events: ['request.created'], active: true })).rejects.toThrow(/permission/);
    const created = await webhooks.createWebhookEndpoint(admin, {
      instanceId,
      url: receiverUrl,
      events: ['request.created', 'request.approved', 'request.executed'],
      active: true,
    });
    secret = created.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(created.endpoint.secretHint).toBe(secret.slice(-4));
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.endpoint.id }, select: { encryptedSecret: true } });
    expect(row.encryptedSecret).not.toContain(secret);
    expect(JSON.stringify(await webhooks.listWebhookEndpoints(admin, instanceId))).not.toContain(secret);
  });
});

describe('deliveries', () => {
  it('writes the outbox row with the event and delivers it signed', async () => {
    const request = await svc.createDeletionRequestFromSelection(admin, {
      instanceId,
      items: [{ namespace: NS, repository: 'hooks', tag: 'a' }],
      reason: 'webhook test',
    });
    const rows = await db.webhookDelivery.findMany({ where: { event: 'request.created' } });
    expect(rows).toHaveLength(1);
    const delivered = await waitFor(() => received.find((r) => r.headers['x-hubkeeper-event'] === 'request.created'));
    expect(delivered.signatureOk).toBe(true);
    expect(delivered.headers['x-hubkeeper-delivery']).toBe(rows[0]?.id);
    const payload = JSON.parse(delivered.body) as { event: string; data: { request: { id: string; tagCount: number } } };
    expect(payload.event).toBe('request.created');
    expect(payload.data.request).toMatchObject({ id: request.id, tagCount: 1 });
    await waitFor(async () => ((await db.webhookDelivery.findUniqueOrThrow({ where: { id: rows[0]?.id } })).status === 'delivered' ? true : null));

    // Approve (delivered), then execute: request.executed carries the counts.
    await svc.approveDeletionRequest(approver, { requestId: request.id });
    await svc.executeDeletionRequest(request.id, { retryBaseMs: 1 });
    const executed = await waitFor(() => received.find((r) => r.headers['x-hubkeeper-event'] === 'request.executed'));
    expect(executed.signatureOk).toBe(true);
    expect(JSON.parse(executed.body)).toMatchObject({ event: 'request.executed', data: { counts: { deleted: 1, failed: 0 } } });
    expect(received.some((r) => r.headers['x-hubkeeper-event'] === 'request.approved')).toBe(true);
    // Not subscribed: no outbox row for rejections.
    expect(await db.webhookDelivery.count({ where: { event: 'request.rejected' } })).toBe(0);
  });

  it('retries failures with exponential back-off, visible as attempts and last error', async () => {
    failNext = 2;
    const before = received.length;
    const request = await svc.createDeletionRequestFromSelection(admin, {
      instanceId,
      items: [{ namespace: NS, repository: 'hooks', tag: 'b' }],
      reason: 'retry test',
    });
    const row = await waitFor(async () => {
      const r = await db.webhookDelivery.findFirst({ where: { event: 'request.created', payload: { path: ['data', 'request', 'id'], equals: request.id } } });
      return r?.status === 'delivered' ? r : null;
    });
    expect(row.attempts).toBe(3);
    expect(received.length - before).toBe(3);
    const list = await webhooks.listWebhookDeliveries(admin, instanceId);
    const shown = list.find((d) => d.id === row.id);
    expect(shown).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
  });

  it('gives up after the last attempt and shows the error', async () => {
    failNext = 10;
    const request = await svc.createDeletionRequestFromSelection(admin, {
      instanceId,
      items: [{ namespace: NS, repository: 'hooks', tag: 'c' }],
      reason: 'fail test',
    });
    const row = await waitFor(async () => {
      const r = await db.webhookDelivery.findFirst({ where: { event: 'request.created', payload: { path: ['data', 'request', 'id'], equals: request.id } } });
      return r?.status === 'failed' ? r : null;
    });
    failNext = 0;
    expect(row.attempts).toBe(3);
    expect(row.lastStatus).toBe(503);
    expect(row.lastError).toBe('HTTP 503: busy');
    const attempts = received.filter((r) => r.body.includes(request.id)).length;
    expect(attempts).toBe(3);
  });

  it('sends a test ping on demand', async () => {
    const [endpoint] = await webhooks.listWebhookEndpoints(admin, instanceId);
    const { deliveryId } = await webhooks.sendTestWebhook(admin, { instanceId, webhookId: endpoint?.id ?? '' });
    const ping = await waitFor(() => received.find((r) => r.headers['x-hubkeeper-delivery'] === deliveryId));
    expect(ping.headers['x-hubkeeper-event']).toBe('ping');
    expect(ping.signatureOk).toBe(true);
  });
});
