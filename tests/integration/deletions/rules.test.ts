// Request and approval rules, enforced by the service layer AND by the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEmulator } from '@/emulator';
import { createDemoInstance, createPerson, makeDue, NS, pushTags, startHub, tagNames, type Person } from './helpers';

let hub: HubEmulator;
let admin: Person;
let admin2: Person;
let approver: Person;
let approver2: Person;
let adminApprover: Person;
let viewer: Person;
let instanceId: string;

type Svc = typeof import('@/lib/services/deletions');
let svc: Svc;
let db: typeof import('@/lib/db').db;

beforeAll(async () => {
  hub = await startHub();
  ({ db } = await import('@/lib/db'));
  svc = await import('@/lib/services/deletions');
  admin = await createPerson('ADMIN');
  admin2 = await createPerson('ADMIN');
  approver = await createPerson('APPROVER');
  approver2 = await createPerson('APPROVER');
  adminApprover = await createPerson('ADMIN', 'APPROVER');
  viewer = await createPerson('VIEWER');
  instanceId = await createDemoInstance(admin, 'Rules');
  // web: five tags; v2 and v2-alias share a digest; latest shares one with v3.
  pushTags(hub, 'rules-web', ['v1', 'v2', 'v2-alias', 'v3', 'latest', 'old'], (n) =>
    n === 'v2' || n === 'v2-alias' ? 'sha256:' + 'a'.repeat(64) : n === 'v3' || n === 'latest' ? 'sha256:' + 'b'.repeat(64) : undefined,
  );
  pushTags(hub, 'rules-api', ['v1', 'v2']);
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/boss');
  await stopBoss();
  await hub.close();
});

const sel = (repo: string, tags: string[]) => ({ instanceId, items: tags.map((tag) => ({ namespace: NS, repository: repo, tag })) });

async function newRequest(tags = ['v1'], repo = 'rules-web', who: Person = admin) {
  return svc.createDeletionRequestFromSelection(who, { ...sel(repo, tags), reason: 'clean up' });
}

describe('safety summary', () => {
  it('flags shared digests, blocks protected tags and counts the storage really freed', async () => {
    const preview = await svc.previewDeletion(admin, sel('rules-web', ['v1', 'v2', 'v3', 'latest', 'old']));
    const s = preview.summary;
    expect(s.blocked).toEqual([{ tag: 'latest', reason: 'protected', detail: 'matches protected pattern "latest"' }]);
    expect(s.requestable.map((t) => t.tag)).toEqual(['v1', 'v2', 'v3', 'old']);
    // v2 keeps living as v2-alias; v3 as latest (which stays because it is protected).
    expect(s.sharedDigest).toEqual([
      { tag: 'v2', sharedWith: ['v2-alias'] },
      { tag: 'v3', sharedWith: ['latest'] },
    ]);
    expect(s.storage.freedDigests).toBe(2); // v1 and old
    expect(preview.capabilityProblem).toBeNull();
    // Deleting both names of a digest does free it.
    const both = await svc.previewDeletion(admin, sel('rules-web', ['v2', 'v2-alias']));
    expect(both.summary.sharedDigest).toEqual([]);
    expect(both.summary.storage.freedDigests).toBe(1);
  });

  it('stores a per-tag snapshot and the summary computed on the server', async () => {
    const created = await newRequest(['v1', 'v2']);
    const items = await db.deletionItem.findMany({ where: { requestId: created.id }, orderBy: { tag: 'asc' } });
    expect(items.map((i) => i.tag)).toEqual(['v1', 'v2']);
    for (const item of items) {
      expect(item.digest).toMatch(/^sha256:/);
      expect(item.architectures.length).toBeGreaterThan(0);
      expect(item.size).not.toBeNull();
      expect(item.lastPushed).not.toBeNull();
    }
    expect(items[1]?.warnings).toEqual(['shared_digest']);
    const request = await db.deletionRequest.findUniqueOrThrow({ where: { id: created.id } });
    expect(request.status).toBe('pending');
    expect(request.requesterId).toBe(admin.id);
    expect(request.expiresAt.getTime() - request.createdAt.getTime()).toBe(72 * 3_600_000);
  });
});

describe('bad input is refused and changes nothing', () => {
  it.each([
    ['an empty selection', () => newRequest([]), /Select at least one tag/],
    ['tags from two repositories', () => svc.createDeletionRequestFromSelection(admin, { instanceId, items: [...sel('rules-web', ['v1']).items, ...sel('rules-api', ['v1']).items], reason: 'x' }), /one repository/],
    ['a tag outside Docker grammar', () => newRequest(['-bad']), /not a valid Docker tag/],
    ['a protected tag', () => newRequest(['v1', 'latest']), /latest \(matches protected pattern "latest"\)/],
    ['a tag that does not exist', () => newRequest(['nope']), /nope \(no longer exists on Docker Hub\)/],
    ['a blank reason', () => svc.createDeletionRequestFromSelection(admin, { ...sel('rules-web', ['v1']), reason: '  ' }), /reason/],
    ['an approver requesting', () => newRequest(['v1'], 'rules-web', approver as Person), /permission/],
  ])('refuses %s', async (_name, run, message) => {
    const before = await db.deletionRequest.count();
    await expect(run()).rejects.toThrow(message);
    expect(await db.deletionRequest.count()).toBe(before);
  });
});

describe('approval rules', () => {
  it('never lets the requester approve their own request (service and database)', async () => {
    const created = await newRequest(['v1'], 'rules-web', adminApprover);
    // The action calls the service; the service refuses.
    await expect(svc.approveDeletionRequest(adminApprover, { requestId: created.id })).rejects.toThrow(/can't approve/);
    // Even a direct insert is refused by the trigger.
    await expect(
      db.deletionApproval.create({ data: { requestId: created.id, approverId: adminApprover.id, approverEmail: adminApprover.email, decision: 'approve' } }),
    ).rejects.toThrow(/hk_self_approval/);
    expect(await db.deletionApproval.count({ where: { requestId: created.id } })).toBe(0);
    expect((await db.deletionRequest.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('pending');
  });

  it('needs N distinct approvals (and the database agrees)', async () => {
    const strictId = await createDemoInstance(admin, 'Strict', { requiredApprovals: 2 });
    const created = await svc.createDeletionRequestFromSelection(admin, {
      instanceId: strictId,
      items: [{ namespace: NS, repository: 'rules-web', tag: 'old' }],
      reason: 'two people',
    });
    const first = await svc.approveDeletionRequest(approver, { requestId: created.id });
    expect(first).toEqual({ status: 'pending', approvals: 1, requiredApprovals: 2 });
    await expect(svc.approveDeletionRequest(approver, { requestId: created.id })).rejects.toThrow(/already approved/);
    // The trigger refuses "approved" with one approval even when written directly.
    await expect(
      db.deletionRequest.update({ where: { id: created.id }, data: { status: 'approved', approvedAt: new Date(), executionQueuedAt: new Date() } }),
    ).rejects.toThrow(/hk_approvals/);
    // And the unique (requestId, approverId) holds.
    await expect(
      db.deletionApproval.create({ data: { requestId: created.id, approverId: approver.id, approverEmail: approver.email, decision: 'approve' } }),
    ).rejects.toThrow();
    const second = await svc.approveDeletionRequest(approver2, { requestId: created.id });
    expect(second.status).toBe('approved');
    await svc.cancelDeletionRequest(admin, { requestId: created.id });
  });

  it('refuses deciding on an expired or already-decided request', async () => {
    const a = await newRequest(['v1']);
    await svc.rejectDeletionRequest(approver, { requestId: a.id, comment: 'not now' });
    await expect(svc.approveDeletionRequest(approver2, { requestId: a.id })).rejects.toThrow('This request was already rejected.');
    await expect(svc.cancelDeletionRequest(admin, { requestId: a.id })).rejects.toThrow('This request was already rejected.');

    const b = await newRequest(['v1']);
    await makeDue(b.id);
    await expect(svc.approveDeletionRequest(approver, { requestId: b.id })).rejects.toThrow(/expired/);
    const row = await db.deletionRequest.findUniqueOrThrow({ where: { id: b.id } });
    expect(row.status).toBe('expired');
    expect(await db.deletionApproval.count({ where: { requestId: b.id } })).toBe(0);
    await expect(svc.approveDeletionRequest(approver, { requestId: b.id })).rejects.toThrow('This request was already expired.');
    // Only re-submitting is possible; it creates a new request from the snapshot.
    const again = await svc.resubmitDeletionRequest(admin2, { requestId: b.id });
    const fresh = await db.deletionRequest.findUniqueOrThrow({ where: { id: again.id }, include: { items: true } });
    expect(fresh.status).toBe('pending');
    expect(fresh.resubmittedFromId).toBe(b.id);
    expect(fresh.requesterId).toBe(admin2.id);
    expect(fresh.items.map((i) => i.tag)).toEqual(['v1']);
    await svc.cancelDeletionRequest(admin2, { requestId: again.id });
  });

  it('refuses people without the permission', async () => {
    const a = await newRequest(['v1']);
    await expect(svc.approveDeletionRequest(viewer, { requestId: a.id })).rejects.toThrow(/permission/);
    await expect(svc.approveDeletionRequest(admin2, { requestId: a.id })).rejects.toThrow(/permission/);
    await expect(svc.cancelDeletionRequest(viewer, { requestId: a.id })).rejects.toThrow(/permission/);
    const detail = await svc.getDeletionRequest(viewer, a.id);
    expect(detail.can).toEqual({ approve: false, reject: false, cancel: false, resubmit: false });
    await svc.cancelDeletionRequest(admin, { requestId: a.id });
  });

  it('the database refuses illegal transitions and in-flight items of unapproved requests', async () => {
    const a = await newRequest(['v1']);
    const item = await db.deletionItem.findFirstOrThrow({ where: { requestId: a.id } });
    await expect(
      db.deletionItem.update({ where: { id: item.id }, data: { status: 'in_flight', attempts: 1, inFlightAt: new Date() } }),
    ).rejects.toThrow(/hk_not_approved/);
    await expect(db.deletionRequest.update({ where: { id: a.id }, data: { status: 'completed', finishedAt: new Date() } })).rejects.toThrow(/hk_transition/);
    await expect(db.deletionRequest.update({ where: { id: a.id }, data: { status: 'expired', expiredAt: new Date() } })).rejects.toThrow(/hk_transition/);
    await expect(db.deletionRequest.update({ where: { id: a.id }, data: { reason: 'changed' } })).rejects.toThrow(/hk_immutable/);
    await expect(db.deletionItem.create({ data: { requestId: a.id, tag: 'bad tag', digest: 'sha256:x' } })).rejects.toThrow();
    await svc.cancelDeletionRequest(admin, { requestId: a.id });
    const cancelled = await db.deletionItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(cancelled.status).toBe('cancelled');
    await expect(db.deletionItem.update({ where: { id: item.id }, data: { status: 'pending', finishedAt: null } })).rejects.toThrow(/hk_item_final/);
  });
});

describe('execution', () => {
  it('deletes approved tags, skips changed ones and reports gone ones, with audit events', async () => {
    pushTags(hub, 'exec-a', ['keep', 'd1', 'd2', 'changed', 'gone']);
    const created = await newRequest(['d1', 'd2', 'changed', 'gone'], 'exec-a');
    hub.pushTag(NS, 'exec-a', 'changed', { digest: 'sha256:' + 'c'.repeat(64) });
    const res = await fetch(`${hub.url}/__emulator/log`);
    expect(res.ok).toBe(true);
    // "gone" disappears behind Hubkeeper's back.
    hub.state.deleteTag(hub.state.getRepo(NS, 'exec-a')!, 'gone', 'someone');
    hub.clearLog();
    await svc.approveDeletionRequest(approver, { requestId: created.id, comment: 'ok' });
    const approvedAt = (await db.deletionRequest.findUniqueOrThrow({ where: { id: created.id } })).approvedAt!.getTime();
    expect(await svc.executeDeletionRequest(created.id, { retryBaseMs: 1 })).toBe('finished');
    const detail = await svc.getDeletionRequest(admin, created.id);
    expect(detail.status).toBe('completed');
    expect(Object.fromEntries(detail.items.map((i) => [i.tag, i.status]))).toEqual({ changed: 'skipped_changed', d1: 'deleted', d2: 'deleted', gone: 'already_gone' });
    const deletes = hub.log.filter((e) => e.method === 'DELETE');
    expect(deletes.map((e) => e.path).sort()).toEqual([`/v2/repositories/${NS}/exec-a/tags/d1/`, `/v2/repositories/${NS}/exec-a/tags/d2/`]);
    for (const d of deletes) expect(d.at).toBeGreaterThanOrEqual(approvedAt);
    const actions = (await db.auditEvent.findMany({ where: { details: { path: ['requestId'], equals: created.id } }, orderBy: { id: 'asc' } })).map((e) => e.action);
    expect(actions[0]).toBe('deletion.requested');
    expect(actions).toContain('deletion.approval_recorded');
    expect(actions).toContain('deletion.approved');
    expect(actions.filter((a) => a === 'deletion.tag_deleted')).toHaveLength(2);
    expect(actions).toContain('deletion.tag_skipped_changed');
    expect(actions).toContain('deletion.tag_already_gone');
    expect(actions[actions.length - 1]).toBe('deletion.executed');
    // Running it again does nothing.
    expect(await svc.executeDeletionRequest(created.id)).toBe('nothing');
  });

  it('fails items on permanent errors with the reason in words, without retrying', async () => {
    pushTags(hub, 'exec-b', ['p1', 'p2']);
    const created = await newRequest(['p1', 'p2'], 'exec-b');
    await svc.approveDeletionRequest(approver, { requestId: created.id });
    hub.clearLog();
    hub.setFaults([{ method: 'DELETE', path: `/v2/repositories/${NS}/exec-b/**`, status: 403, failNext: 1 }]);
    await svc.executeDeletionRequest(created.id, { retryBaseMs: 1 });
    hub.setFaults([]);
    const detail = await svc.getDeletionRequest(admin, created.id);
    expect(detail.items.every((i) => i.status === 'failed')).toBe(true);
    expect(detail.items[0]?.outcomeReason).toMatch(/Docker Hub refused/);
    // One DELETE only: the second item failed with the same (token-level) reason without calling Hub.
    expect(hub.log.filter((e) => e.method === 'DELETE')).toHaveLength(1);
  });

  it('retries transient failures and confirms a DELETE whose answer was lost', async () => {
    pushTags(hub, 'exec-c', ['r1', 'r2']);
    const created = await newRequest(['r1', 'r2'], 'exec-c');
    await svc.approveDeletionRequest(approver, { requestId: created.id });
    hub.clearLog();
    hub.setFaults([
      { method: 'DELETE', path: `/v2/repositories/${NS}/exec-c/tags/r1/`, status: 500, failNext: 1, afterHandler: true },
      { method: 'DELETE', path: `/v2/repositories/${NS}/exec-c/tags/r2/`, status: 502, failNext: 2 },
    ]);
    expect(await svc.executeDeletionRequest(created.id, { retryBaseMs: 1 })).toBe('finished');
    hub.setFaults([]);
    const items = Object.fromEntries((await svc.getDeletionRequest(admin, created.id)).items.map((i) => [i.tag, i]));
    expect(items.r1?.status).toBe('deleted');
    expect(items.r1?.confirmedByReread).toBe(true);
    expect(items.r1?.attempts).toBe(1);
    expect(items.r2?.status).toBe('deleted');
    expect(items.r2?.attempts).toBe(3);
  });

  it('cancelling a running request cancels what is not in flight yet', async () => {
    pushTags(hub, 'exec-d', tagNames(6));
    const created = await newRequest(tagNames(6), 'exec-d');
    await svc.approveDeletionRequest(approver, { requestId: created.id });
    // Simulate a run that claimed the first item and died before sending.
    const first = await db.deletionItem.findFirstOrThrow({ where: { requestId: created.id }, orderBy: { tag: 'asc' } });
    await db.deletionItem.update({ where: { id: first.id }, data: { status: 'in_flight', attempts: 1, inFlightAt: new Date() } });
    const result = await svc.cancelDeletionRequest(approver2, { requestId: created.id, comment: 'stop' });
    expect(result).toEqual({ cancelledItems: 5, inFlight: 1 });
    hub.clearLog();
    expect(await svc.executeDeletionRequest(created.id, { retryBaseMs: 1 })).toBe('finished');
    // The in-flight item was still present: cancelled, and no DELETE was sent for a cancelled request.
    expect(hub.log.filter((e) => e.method === 'DELETE')).toHaveLength(0);
    const detail = await svc.getDeletionRequest(admin, created.id);
    expect(detail.status).toBe('cancelled');
    expect(detail.finishedAt).not.toBeNull();
    expect(detail.counts.cancelled).toBe(6);
  });
});
