// GET /api/descriptions/{instanceId}/history/{namespace}/{repository}: description changes, newest first.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { listDescriptionHistory } from '@/lib/services/descriptions';

export const dynamic = 'force-dynamic';

export const GET = withPermission(
  'repositories.view',
  async (_req, ctx: { params: Promise<{ instanceId: string; namespace: string; repository: string }> }, user) => {
    const { instanceId, namespace, repository } = await ctx.params;
    const changes = await listDescriptionHistory(user, instanceId, namespace, repository);
    return NextResponse.json({ changes }, { headers: { 'cache-control': 'no-store' } });
  },
);
