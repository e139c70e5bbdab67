// GET /api/descriptions/{instanceId}/jobs/{jobId}: a bulk edit's live progress and per-repository outcomes.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { getBulkJob } from '@/lib/services/descriptions';

export const dynamic = 'force-dynamic';

export const GET = withPermission('repositories.view', async (_req, ctx: { params: Promise<{ instanceId: string; jobId: string }> }, user) => {
  const { instanceId, jobId } = await ctx.params;
  const job = await getBulkJob(user, { instanceId, jobId });
  return NextResponse.json({ job }, { headers: { 'cache-control': 'no-store' } });
});
