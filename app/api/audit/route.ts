// GET /api/audit?actor=&action=&instanceId=&repository=&from=&to=&cursor=&take=: a page of audit events.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { listAuditEvents } from '@/lib/services/deletions/audit-log';
import { auditFilterSchema } from '@/lib/validations/deletions';

export const dynamic = 'force-dynamic';

export const GET = withPermission('audit.view', async (req, _ctx: unknown, user) => {
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid filter.');
  const page = await listAuditEvents(user, parsed.data);
  return NextResponse.json(page, { headers: { 'cache-control': 'no-store' } });
});
