// GET /api/instances: every instance as a DTO (never a token). React Query reads this.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { listInstances } from '@/lib/services/instances';

export const dynamic = 'force-dynamic';

export const GET = withPermission('instances.view', async (_req, _ctx, user) => {
  const instances = await listInstances(user);
  return NextResponse.json({ instances }, { headers: { 'cache-control': 'no-store' } });
});
