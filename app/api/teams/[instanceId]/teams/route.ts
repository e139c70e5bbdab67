// GET /api/teams/[instanceId]/teams?org=: the organization's teams, and which instance read them.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { listTeams } from '@/lib/services/teams';
import { membersQuerySchema } from '@/lib/validations/teams';
import { NO_STORE, queryOf, teamsErrorResponse } from '../../_respond';

export const dynamic = 'force-dynamic';

export const GET = withPermission(
  'instances.view',
  async (req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
    try {
      const { instanceId } = await ctx.params;
      const query = membersQuerySchema.safeParse(queryOf(req));
      if (!query.success) throw new AppError('validation', query.error.issues[0]?.message ?? 'Check the query.');
      const result = await listTeams(user, instanceId, query.data.org === undefined ? {} : { org: query.data.org });
      return NextResponse.json(result, { headers: NO_STORE });
    } catch (err) {
      return teamsErrorResponse(err);
    }
  },
);
