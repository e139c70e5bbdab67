// GET /api/retention/{instanceId}/policies/{policyId}/runs: a policy's run history (newest first),
// polled by the policy page while a run is in progress.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { listRetentionRuns } from '@/lib/services/retention';

export const dynamic = 'force-dynamic';

export const GET = withPermission(
  'retention.manage',
  async (_req, ctx: { params: Promise<{ instanceId: string; policyId: string }> }, user) => {
    const { instanceId, policyId } = await ctx.params;
    const runs = await listRetentionRuns(user, { instanceId, policyId });
    return NextResponse.json({ runs }, { headers: { 'cache-control': 'no-store' } });
  },
);
