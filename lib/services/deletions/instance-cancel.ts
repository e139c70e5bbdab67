import 'server-only';
import { registerPendingWorkCanceller } from '../instances';

// Deleting an instance cancels its open deletion requests (pending, or approved and not
// finished) inside the deleting transaction; their ids go into the instance's deletion
// audit event. Items already in flight are left to the worker's ledger.
registerPendingWorkCanceller('deletions', async (tx, instanceId) => {
  const open = await tx.deletionRequest.findMany({
    where: { instanceId, finishedAt: null, status: { in: ['pending', 'approved'] } },
    select: { id: true },
  });
  if (open.length === 0) return null;
  const ids = open.map((r) => r.id);
  const now = new Date();
  await tx.deletionItem.updateMany({
    where: { requestId: { in: ids }, status: 'pending' },
    data: { status: 'cancelled', finishedAt: now, outcomeReason: 'Cancelled because its instance was deleted.' },
  });
  await tx.deletionRequest.updateMany({
    where: { id: { in: ids }, finishedAt: null, status: { in: ['pending', 'approved'] } },
    data: { status: 'cancelled', cancelledAt: now, cancelComment: 'Instance deleted' },
  });
  return { kind: 'deletion_requests', count: ids.length, ids };
});
