// Simultaneous approve / reject / cancel / expire on one request: exactly one decision wins, the
// others are refused with "This request was already …", and the database agrees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEmulator } from '@/emulator';
import { createDemoInstance, createPerson, NS, pushTags, startHub, type Person } from './helpers';

let hub: HubEmulator;
let admin: Person;
let approvers: Person[];
let instanceId: string;
let strictInstanceId: string;
let svc: typeof import('@/lib/services/deletions');
let db: typeof import('@/lib/db').db;

const ROUNDS = 25;
const LOSER = /^(This request was already (approved|rejected|cancelled|expired)\.|This request expired at .*|Nothing is left to cancel.*|This request has already finished.*)$/;

beforeAll(async () => {
  hub = await startHub();
  ({ db } = await import('@/lib/db'));
  svc = await import('@/lib/services/deletions');
  admin = await createPerson('ADMIN');
  approvers = [await createPerson('APPROVER'), await createPerson('APPROVER'), await createPerson('APPROVER')];
  instanceId = await createDemoInstance(admin, 'Race');
  strictInstanceId = await createDemoInstance(admin, 'Race strict', { requiredApprovals: 2 });
  pushTags(hub, 'race', ['a', 'b']);
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/boss');
  await stopBoss();
  await hub.close();
});

async function newRequest(instance: string): Promise<string> {
  const created = await svc.createDeletionRequestFromSelection(admin, {
    instanceId: instance,
    items: [{ namespace: NS, repository: 'race', tag: 'a' }],
    reason: 'race',
  });
  return created.id;
}

type Attempt = { kind: 'approve' | 'reject' | 'cancel' | 'expire'; run: () => Promise<unknown> };

function attempts(requestId: string, opts: { expire: boolean }): Attempt[] {
  const list: Attempt[] = [
    { kind: 'approve', run: () => svc.approveDeletionRequest(approvers[0] as Person, { requestId }) },
    { kind: 'reject', run: () => svc.rejectDeletionRequest(approvers[1] as Person, { requestId, comment: 'no' }) },
    { kind: 'cancel', run: () => svc.cancelDeletionRequest(admin, { requestId, expectedStatus: 'pending' }) },
    { kind: 'approve', run: () => svc.approveDeletionRequest(approvers[2] as Person, { requestId }) },
  ];
  if (opts.expire) list.push({ kind: 'expire', run: async () => ((await svc.expireIfDue(requestId)) ? 'expired' : Promise.reject(new Error('This request was already decided.'))) });
  return list;
}

async function race(list: Attempt[]) {
  const settled = await Promise.allSettled(list.map((a) => a.run()));
  const winners = list.filter((_, i) => settled[i]?.status === 'fulfilled').map((a) => a.kind);
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason instanceof Error ? s.reason.message : String(s.reason)] : []));
  return { winners, errors };
}

describe('concurrent decisions (one approval needed)', () => {
  it(`ends with exactly one decision in each of ${ROUNDS} rounds`, async () => {
    const seen = new Set<string>();
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = await newRequest(instanceId);
      const { winners, errors } = await race(attempts(id, { expire: false }));
      const row = await db.deletionRequest.findUniqueOrThrow({ where: { id }, include: { decisions: true } });
      // Exactly one state change won...
      expect(winners).toHaveLength(1);
      const winner = winners[0];
      expect(row.status).toBe(winner === 'approve' ? 'approved' : winner === 'reject' ? 'rejected' : 'cancelled');
      seen.add(row.status);
      // ...the losers were told why, in words...
      for (const message of errors) expect(message).toMatch(LOSER);
      // ...and the decision rows agree with the winner.
      const approvals = row.decisions.filter((d) => d.decision === 'approve').length;
      const rejections = row.decisions.filter((d) => d.decision === 'reject').length;
      expect([approvals, rejections]).toEqual(winner === 'approve' ? [1, 0] : winner === 'reject' ? [0, 1] : [0, 0]);
      if (row.status === 'approved') await svc.cancelDeletionRequest(admin, { requestId: id }).catch(() => undefined);
    }
    expect(seen.size).toBeGreaterThanOrEqual(1);
  });

  it('also when the deadline passes during the race', async () => {
    for (let round = 0; round < 10; round += 1) {
      const id = await newRequest(instanceId);
      await db.$executeRaw`UPDATE "DeletionRequest" SET "expiresAt" = "createdAt" + interval '1 millisecond' WHERE "id" = ${id}`;
      const { winners, errors } = await race(attempts(id, { expire: true }));
      const row = await db.deletionRequest.findUniqueOrThrow({ where: { id }, include: { decisions: true } });
      expect(row.status).toBe('expired');
      // Nobody decided; the expiry happened once (by the sweep, or by a refused decision).
      expect(winners.filter((w) => w !== 'expire')).toEqual([]);
      expect(await db.auditEvent.count({ where: { action: 'deletion.expired', details: { path: ['requestId'], equals: id } } })).toBe(1);
      expect(row.decisions).toHaveLength(0);
      for (const message of errors) expect(message).toMatch(/expired|already decided/);
    }
  });
});

describe('concurrent decisions (two approvals needed)', () => {
  it('two approvers and a rejecter: approved with both approvals, or rejected', async () => {
    for (let round = 0; round < 15; round += 1) {
      const id = await newRequest(strictInstanceId);
      const settled = await Promise.allSettled([
        svc.approveDeletionRequest(approvers[0] as Person, { requestId: id }),
        svc.approveDeletionRequest(approvers[2] as Person, { requestId: id }),
        svc.rejectDeletionRequest(approvers[1] as Person, { requestId: id, comment: 'no' }),
      ]);
      const row = await db.deletionRequest.findUniqueOrThrow({ where: { id }, include: { decisions: true } });
      const approvals = row.decisions.filter((d) => d.decision === 'approve').length;
      if (row.status === 'approved') {
        expect(approvals).toBe(2);
        expect(settled[2]?.status).toBe('rejected');
        await svc.cancelDeletionRequest(admin, { requestId: id }).catch(() => undefined);
      } else {
        expect(row.status).toBe('rejected');
        expect(approvals).toBeLessThan(2);
      }
      for (const s of settled) if (s.status === 'rejected') expect((s.reason as Error).message).toMatch(LOSER);
    }
  });
});
