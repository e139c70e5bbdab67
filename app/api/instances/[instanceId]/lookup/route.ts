// GET /api/instances/[instanceId]/lookup?name=<docker id>&kind=auto|user|organization[&refresh=1]
// Public metadata of a Docker Hub user or organisation, read with this instance's client.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { lookupAccount, type LookupKind } from '@/lib/services/browse';
import { browseErrorResponse, NO_STORE, wantsRefresh } from '../repositories/_respond';

export const dynamic = 'force-dynamic';

export const GET = withPermission('repositories.view', async (req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
  try {
    const { instanceId } = await ctx.params;
    const search = new URL(req.url).searchParams;
    const k = search.get('kind');
    const kind: LookupKind = k === 'user' || k === 'organization' ? k : 'auto';
    const dto = await lookupAccount(user, instanceId, search.get('name') ?? '', kind, { refresh: wantsRefresh(req) });
    return NextResponse.json(dto, { headers: NO_STORE });
  } catch (err) {
    return browseErrorResponse(err);
  }
});
