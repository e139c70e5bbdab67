// GET /api/deletions/{requestId}: one request with items, decisions, summary and what the viewer may do.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { getDeletionRequest } from '@/lib/services/deletions';

export const dynamic = 'force-dynamic';

export const GET = withPermission('deletions.view', async (_req, ctx: { params: Promise<{ requestId: string }> }, user) => {
  const { requestId } = await ctx.params;
  const request = await getDeletionRequest(user, requestId);
  return NextResponse.json({ request }, { headers: { 'cache-control': 'no-store' } });
});
