// GET /api/descriptions/{instanceId}/jobs: recent bulk description edits of an instance.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { listBulkJobs } from '@/lib/services/descriptions';

export const dynamic = 'force-dynamic';

export const GET = withPermission('repositories.view', async (_req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
  const { instanceId } = await ctx.params;
  const jobs = await listBulkJobs(user, instanceId);
  return NextResponse.json({ jobs }, { headers: { 'cache-control': 'no-store' } });
});
