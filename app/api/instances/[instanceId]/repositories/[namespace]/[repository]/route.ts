// GET /api/instances/[instanceId]/repositories/[namespace]/[repository][?refresh=1]
// Repository header data and its README as sanitised HTML.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { getRepositoryDetail } from '@/lib/services/browse';
import { browseErrorResponse, NO_STORE, wantsRefresh } from '../../_respond';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ instanceId: string; namespace: string; repository: string }> };

export const GET = withPermission('repositories.view', async (req, ctx: Ctx, user) => {
  try {
    const { instanceId, namespace, repository } = await ctx.params;
    const dto = await getRepositoryDetail(user, instanceId, namespace, repository, { refresh: wantsRefresh(req) });
    return NextResponse.json(dto, { headers: NO_STORE });
  } catch (err) {
    return browseErrorResponse(err);
  }
});
