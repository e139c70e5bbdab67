// Shared by the browse route handlers: expected errors (AppError, including Hub failures mapped
// to `hub_*` codes by lib/services/browse) become JSON with a fitting status and the message
// written for people; anything else goes to the generic handler (logged, 500 with a reference).
import { NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { errorResponse } from '@/lib/auth/route';
import { isAppError } from '@/lib/errors';
import { toBrowseError } from '@/lib/services/browse';

const STATUS: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation: 400,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  hub_not_found: 404,
  hub_validation: 400,
  hub_rate_limited: 429,
};

/** HTTP status for an expected browse error code (Hub refusals and outages are 502: upstream failed). */
export function statusForCode(code: string): number {
  return STATUS[code] ?? (code.startsWith('hub_') ? 502 : 400);
}

/** The JSON error response for `err`. */
export function browseErrorResponse(err: unknown): NextResponse {
  unstable_rethrow(err);
  const e = toBrowseError(err);
  if (!isAppError(e)) return errorResponse(e);
  const field = e.fieldErrors ? Object.keys(e.fieldErrors)[0] : undefined;
  return NextResponse.json(
    { error: { code: e.code, message: e.message, ...(field === undefined ? {} : { field }) } },
    { status: statusForCode(e.code), headers: { 'cache-control': 'no-store' } },
  );
}

export const NO_STORE = { 'cache-control': 'no-store' } as const;

/** `?refresh=1` asks to bypass the server cache. */
export function wantsRefresh(req: Request): boolean {
  return new URL(req.url).searchParams.get('refresh') === '1';
}
