// GET /api/teams/[instanceId]/grant-options?namespace=: where a team grant goes and which teams to offer.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { getGrantOptions } from '@/lib/services/teams';
import { grantOptionsQuerySchema } from '@/lib/validations/teams';
import { NO_STORE, queryOf, teamsErrorResponse } from '../../_respond';

export const dynamic = 'force-dynamic';

export const GET = withPermission(
  'access.manage',
  async (req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
    try {
      const { instanceId } = await ctx.params;
      const query = grantOptionsQuerySchema.safeParse(queryOf(req));
      if (!query.success) throw new AppError('validation', query.error.issues[0]?.message ?? 'Check the query.');
      return NextResponse.json(await getGrantOptions(user, instanceId, query.data.namespace), { headers: NO_STORE });
    } catch (err) {
      return teamsErrorResponse(err);
    }
  },
);
