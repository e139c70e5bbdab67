// GET /api/deletions/webhooks/{instanceId}: an instance's webhook endpoints and recent deliveries
// (status, attempts, last error), polled by the webhook settings page.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { listWebhookDeliveries, listWebhookEndpoints } from '@/lib/services/webhooks';

export const dynamic = 'force-dynamic';

export const GET = withPermission('instances.manage', async (_req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
  const { instanceId } = await ctx.params;
  const [endpoints, deliveries] = await Promise.all([listWebhookEndpoints(user, instanceId), listWebhookDeliveries(user, instanceId)]);
  return NextResponse.json({ endpoints, deliveries }, { headers: { 'cache-control': 'no-store' } });
});
