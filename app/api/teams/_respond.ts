// Shared by the teams route handlers: Hub refusals become JSON with their explanation
// ({error: {code, message, explanation}}), other expected errors keep their AppError shape.
import { NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { errorResponse } from '@/lib/auth/route';
import { isExplainedHubError } from '@/lib/services/teams';

export const NO_STORE = { 'cache-control': 'no-store' } as const;

const HUB_STATUS: Record<string, number> = { hub_not_found: 404, hub_validation: 400, hub_rate_limited: 429 };

/** The JSON error response for `err` (Hub failures: 502, upstream refused, unless a closer status fits). */
export function teamsErrorResponse(err: unknown): NextResponse {
  unstable_rethrow(err);
  if (isExplainedHubError(err)) {
    return NextResponse.json({ error: err.toProblem() }, { status: HUB_STATUS[err.code] ?? 502, headers: NO_STORE });
  }
  return errorResponse(err);
}

/** Query parameters as a plain object. */
export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams.entries());
}
