// Deleting an instance cancels its open deletion requests in the same transaction and
// records them in the instance's deletion audit event.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HubEmulator } from '@/emulator';
import { createDemoInstance, createPerson, NS, pushTags, startHub } from './helpers';

let hub: HubEmulator;

beforeAll(async () => {
  hub = await startHub();
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/boss');
  await stopBoss();
  await hub.close();
});

it('cancels open deletion requests and records their ids when the instance is deleted', async () => {
  const { db } = await import('@/lib/db');
  const deletions = await import('@/lib/services/deletions');
  const instances = await import('@/lib/services/instances');
  const admin = await createPerson('ADMIN');
  const instanceId = await createDemoInstance(admin, 'Doomed');
  pushTags(hub, 'doomed-repo', ['a1', 'a2']);
  const request = await deletions.createDeletionRequestFromSelection(admin, {
    instanceId,
    items: [{ namespace: NS, repository: 'doomed-repo', tag: 'a1' }],
    reason: 'tidy up',
  });

  await instances.deleteInstance(admin, { instanceId, confirmName: 'Doomed' });

  const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'instance.deleted', instanceId } });
  expect(JSON.stringify(event.details)).toContain(request.id);
  expect(JSON.stringify(event.details)).toContain('deletion_requests');
  // No DELETE ever reached Hub for the cancelled request.
  expect(hub.log.filter((e) => e.method === 'DELETE')).toEqual([]);
});
