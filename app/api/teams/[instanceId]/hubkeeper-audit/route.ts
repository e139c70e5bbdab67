// GET /api/teams/[instanceId]/hubkeeper-audit?org=: Hubkeeper's own audit events shown beside Hub's.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { listHubkeeperAuditEvents } from '@/lib/services/hub-audit';
import { membersQuerySchema } from '@/lib/validations/teams';
import { NO_STORE, queryOf, teamsErrorResponse } from '../../_respond';

export const dynamic = 'force-dynamic';

export const GET = withPermission('audit.view', async (req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
  try {
    const { instanceId } = await ctx.params;
    const query = membersQuerySchema.safeParse(queryOf(req));
    if (!query.success) throw new AppError('validation', query.error.issues[0]?.message ?? 'Check the query.');
    const events = await listHubkeeperAuditEvents(
      user,
      instanceId,
      query.data.org === undefined ? {} : { org: query.data.org },
    );
    return NextResponse.json({ events }, { headers: NO_STORE });
  } catch (err) {
    return teamsErrorResponse(err);
  }
});
