// GET /api/descriptions/{instanceId}/repositories/{namespace}/{repository}: the raw descriptions
// (read fresh from Docker Hub) and whether the instance's token may change them, for the editor.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { getDescriptionEditor } from '@/lib/services/descriptions';

export const dynamic = 'force-dynamic';

export const GET = withPermission(
  'descriptions.edit',
  async (_req, ctx: { params: Promise<{ instanceId: string; namespace: string; repository: string }> }, user) => {
    const { instanceId, namespace, repository } = await ctx.params;
    const editor = await getDescriptionEditor(user, instanceId, namespace, repository);
    return NextResponse.json({ editor }, { headers: { 'cache-control': 'no-store' } });
  },
);
