import 'server-only';
import { NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { errorReference, isAppError, unexpectedErrorMessage } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { getCurrentUser, type CurrentUser } from './session';
import { hasPermission, type Permission } from './permissions';

const STATUS_BY_CODE: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 400,
  rate_limited: 429,
  unavailable: 503,
};

/** JSON error body for route handlers: AppErrors as they are, anything else logged with a reference. */
export function errorResponse(err: unknown): NextResponse {
  if (isAppError(err)) {
    return NextResponse.json(
      { error: { code: err.code, message: err.message, ...(err.fieldErrors ? { fieldErrors: err.fieldErrors } : {}) } },
      { status: STATUS_BY_CODE[err.code] ?? 400 },
    );
  }
  const reference = errorReference();
  logger.error({ err, reference }, 'route handler failed');
  return NextResponse.json(
    { error: { code: 'internal', message: unexpectedErrorMessage(reference), reference } },
    { status: 500 },
  );
}

/**
 * The signed-in user for a route handler, or a ready 401/403 JSON response.
 * `const auth = await authorizeRoute('audit.view'); if (!auth.ok) return auth.response;`
 */
export async function authorizeRoute(
  permission?: Permission,
): Promise<{ ok: true; user: CurrentUser } | { ok: false; response: NextResponse }> {
  const user = await getCurrentUser();
  if (!user) {
    return {
      ok: false,
      response: NextResponse.json({ error: { code: 'unauthenticated', message: 'Sign in first.' } }, { status: 401 }),
    };
  }
  if (permission && !hasPermission(user, permission)) {
    return {
      ok: false,
      response: NextResponse.json(
        { error: { code: 'forbidden', message: "You don't have permission to do this." } },
        { status: 403 },
      ),
    };
  }
  return { ok: true, user };
}

/**
 * Wraps a route handler: 401 when signed out, 403 without `permission`, AppError -> JSON with
 * its status, anything else -> 500 with a reference id.
 * `export const GET = withPermission('instances.view', async (req, ctx, user) => NextResponse.json(...))`
 */
export function withPermission<Ctx>(
  permission: Permission | null,
  handler: (req: Request, ctx: Ctx, user: CurrentUser) => Promise<Response>,
): (req: Request, ctx: Ctx) => Promise<Response> {
  return async (req, ctx) => {
    const auth = await authorizeRoute(permission ?? undefined);
    if (!auth.ok) return auth.response;
    try {
      return await handler(req, ctx, auth.user);
    } catch (err) {
      unstable_rethrow(err);
      return errorResponse(err);
    }
  };
}
