// GET /api/pushes/export?window=…: the same rows as GET /api/pushes, as a CSV download.
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { parsePushWindowParams, resolvePushWindow } from '@/lib/queries/browse-params';
import { listRecentPushes, recentPushesToCsv } from '@/lib/services/browse';
import { browseErrorResponse, wantsRefresh } from '../../instances/[instanceId]/repositories/_respond';

export const dynamic = 'force-dynamic';

export const GET = withPermission('audit.view', async (req, _ctx: unknown, user) => {
  try {
    const window = resolvePushWindow(parsePushWindowParams(new URL(req.url).searchParams), Date.now());
    if (!window.ok) throw new AppError('validation', window.error, { from: [window.error] });
    const dto = await listRecentPushes(user, { from: window.from, to: window.to, refresh: wantsRefresh(req) });
    const stamp = new Date(dto.to).toISOString().slice(0, 16).replace(/[:T]/g, '-');
    return new Response(recentPushesToCsv(dto), {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="hubkeeper-pushes-${stamp}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (err) {
    return browseErrorResponse(err);
  }
});
