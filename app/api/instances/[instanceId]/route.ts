// GET /api/instances/[instanceId]: one instance as a DTO (never a token).
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { getInstance } from '@/lib/services/instances';

export const dynamic = 'force-dynamic';

export const GET = withPermission('instances.view', async (_req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
  const { instanceId } = await ctx.params;
  const instance = await getInstance(user, instanceId);
  if (instance === null) throw new AppError('not_found', 'That Docker Hub instance does not exist (it may have been deleted).');
  return NextResponse.json({ instance }, { headers: { 'cache-control': 'no-store' } });
});
