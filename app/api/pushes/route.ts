// GET /api/pushes?window=1h|24h|7d|custom[&from&to][&refresh=1]
// Tags pushed within the window across every instance and namespace (see listRecentPushes).
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { AppError } from '@/lib/errors';
import { parsePushWindowParams, resolvePushWindow } from '@/lib/queries/browse-params';
import { listRecentPushes } from '@/lib/services/browse';
import { browseErrorResponse, NO_STORE, wantsRefresh } from '../instances/[instanceId]/repositories/_respond';

export const dynamic = 'force-dynamic';

export const GET = withPermission('audit.view', async (req, _ctx: unknown, user) => {
  try {
    const window = resolvePushWindow(parsePushWindowParams(new URL(req.url).searchParams), Date.now());
    if (!window.ok) throw new AppError('validation', window.error, { from: [window.error] });
    const dto = await listRecentPushes(user, { from: window.from, to: window.to, refresh: wantsRefresh(req) });
    return NextResponse.json(dto, { headers: NO_STORE });
  } catch (err) {
    return browseErrorResponse(err);
  }
});
