// GET /api/teams/[instanceId]/teams/[team]/members?org=: the members of one team.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { listTeamMembers } from '@/lib/services/teams';
import { teamMembersQuerySchema } from '@/lib/validations/teams';
import { NO_STORE, queryOf, teamsErrorResponse } from '../../../../_respond';

export const dynamic = 'force-dynamic';

export const GET = withPermission(
  'instances.view',
  async (req, ctx: { params: Promise<{ instanceId: string; team: string }> }, user) => {
    try {
      const { instanceId, team } = await ctx.params;
      const query = teamMembersQuerySchema.safeParse({ ...queryOf(req), team });
      if (!query.success) throw new AppError('validation', query.error.issues[0]?.message ?? 'Check the query.');
      const result = await listTeamMembers(user, instanceId, {
        team: query.data.team,
        ...(query.data.org === undefined ? {} : { org: query.data.org }),
      });
      return NextResponse.json(result, { headers: NO_STORE });
    } catch (err) {
      return teamsErrorResponse(err);
    }
  },
);
