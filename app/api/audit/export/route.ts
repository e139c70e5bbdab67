// GET /api/audit/export?<same filters as /audit>: the filtered audit log as a CSV download
// (streamed, oldest first, with each row's hashes so the export can be checked against the chain).
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { auditCsvLines } from '@/lib/services/deletions/audit-log';
import { auditFilterSchema } from '@/lib/validations/deletions';

export const dynamic = 'force-dynamic';

export const GET = withPermission('audit.view', async (req, _ctx: unknown, user) => {
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw new AppError('validation', parsed.error.issues[0]?.message ?? 'Invalid filter.');
  const lines = auditCsvLines(user, parsed.data);
  // Pull the first chunk (header + permission check) before answering, so errors become JSON.
  const first = await lines.next();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="hubkeeper-audit-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
