// GET /api/deletions?status=pending|open|all|…&instanceId=…&mine=1: deletion requests (React Query).
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { listDeletionRequests } from '@/lib/services/deletions';
import { listDeletionRequestsSchema } from '@/lib/validations/deletions';

export const dynamic = 'force-dynamic';

export const GET = withPermission('deletions.view', async (req, _ctx: unknown, user) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = listDeletionRequestsSchema.safeParse(params);
  if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid filter.');
  const requests = await listDeletionRequests(user, parsed.data);
  return NextResponse.json({ requests }, { headers: { 'cache-control': 'no-store' } });
});
