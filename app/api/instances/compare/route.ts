// GET /api/instances/compare?instances=a,b (each `id` or `id:namespace`): repository counts,
// newest pushes and repositories that exist on one side only.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { compareInstances } from '@/lib/services/instances';
import { compareQuerySchema } from '@/lib/validations/instances';

export const dynamic = 'force-dynamic';

export const GET = withPermission('instances.view', async (req, _ctx, user) => {
  const url = new URL(req.url);
  const parsed = compareQuerySchema.safeParse({ instances: url.searchParams.get('instances') ?? '' });
  if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Choose two instances to compare.');
  const result = await compareInstances(user, parsed.data.instances);
  return NextResponse.json(result, { headers: { 'cache-control': 'no-store' } });
});
