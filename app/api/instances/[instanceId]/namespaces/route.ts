// GET /api/instances/[instanceId]/namespaces: the namespaces the browse pages can switch between
// (the instance's username first, then its extra namespaces) and the private-repositories notice.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { getBrowseInstance } from '@/lib/services/browse';
import { browseErrorResponse, NO_STORE } from '../repositories/_respond';

export const dynamic = 'force-dynamic';

export const GET = withPermission('repositories.view', async (_req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
  try {
    const { instanceId } = await ctx.params;
    const instance = await getBrowseInstance(user, instanceId);
    return NextResponse.json(
      { instanceId: instance.id, instanceName: instance.name, namespaces: instance.namespaces, privateNotice: instance.privateNotice },
      { headers: NO_STORE },
    );
  } catch (err) {
    return browseErrorResponse(err);
  }
});
