// GET /api/teams/[instanceId]/hub-audit?org=&action=&actor=&from=&to=&page=: Docker Hub's audit log.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { listHubAuditEvents } from '@/lib/services/hub-audit';
import { NO_STORE, queryOf, teamsErrorResponse } from '../../_respond';

export const dynamic = 'force-dynamic';

export const GET = withPermission('audit.view', async (req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
  try {
    const { instanceId } = await ctx.params;
    return NextResponse.json(await listHubAuditEvents(user, instanceId, queryOf(req)), { headers: NO_STORE });
  } catch (err) {
    return teamsErrorResponse(err);
  }
});
