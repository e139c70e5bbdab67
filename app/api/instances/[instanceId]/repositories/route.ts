// GET /api/instances/[instanceId]/repositories?namespace&q&ordering&page&pageSize[&refresh=1]
// One page of a namespace's repositories (Hub's own paging, search and ordering), cached per instance.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { parseRepositoryListParams } from '@/lib/queries/browse-params';
import type { RepositoryOrdering } from '@/lib/queries/browse-types';
import { listRepositories } from '@/lib/services/browse';
import { browseErrorResponse, NO_STORE, wantsRefresh } from './_respond';

export const dynamic = 'force-dynamic';

const ORDERINGS: readonly RepositoryOrdering[] = ['name', '-name', 'last_updated', '-last_updated', 'pull_count', '-pull_count'];

export const GET = withPermission('repositories.view', async (req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
  try {
    const { instanceId } = await ctx.params;
    const search = new URL(req.url).searchParams;
    const p = parseRepositoryListParams(search);
    const orderingParam = search.get('ordering') as RepositoryOrdering | null;
    const ordering: RepositoryOrdering = orderingParam !== null && ORDERINGS.includes(orderingParam) ? orderingParam : 'name';
    const dto = await listRepositories(user, instanceId, {
      ...(p.namespace === null ? {} : { namespace: p.namespace }),
      page: p.page,
      pageSize: p.pageSize,
      name: p.q,
      ordering,
      refresh: wantsRefresh(req),
    });
    return NextResponse.json(dto, { headers: NO_STORE });
  } catch (err) {
    return browseErrorResponse(err);
  }
});
