// GET /api/deletions/{requestId}/progress: per-item outcomes while the worker runs (polled by the request page).
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { getDeletionProgress } from '@/lib/services/deletions';

export const dynamic = 'force-dynamic';

export const GET = withPermission('deletions.view', async (_req, ctx: { params: Promise<{ requestId: string }> }, user) => {
  const { requestId } = await ctx.params;
  const progress = await getDeletionProgress(user, requestId);
  return NextResponse.json({ progress }, { headers: { 'cache-control': 'no-store' } });
});
