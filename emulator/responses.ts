// Canonical Hub error texts and body shapes. Clients match on these strings, so they live in one place.

export const MSG_UNAUTHORIZED = 'unauthorized';
export const MSG_PAT_NOT_ALLOWED = 'token issued from personal access token is not allowed';
export const MSG_OAT_NOT_ALLOWED = 'token issued from organization access token is not allowed';
export const MSG_INSUFFICIENT_SCOPE = 'insufficient scope';
export const MSG_BAD_CREDENTIALS = 'Incorrect authentication credentials';
export const MSG_2FA_REQUIRED = 'Require secondary authentication on MFA enabled account';
export const MSG_RATE_LIMITED = 'Rate limit exceeded';
export const HAP429_TEXT = 'Too Many Requests (HAP429)';
export const ORDERING_VALUES = ['name', '-name', 'last_updated', '-last_updated', 'pull_count', '-pull_count'] as const;

/** What a route handler returns; the server adds rate-limit headers and writes it. */
export interface HandlerResult {
  status: number;
  /** JSON body; omitted for 204/301/HEAD. */
  body?: unknown;
  /** Plain-text body (used by the HAP429 edge answer). */
  text?: string;
  /** Pre-serialized JSON body (hot paths: tag pages). */
  rawJson?: string;
  headers?: Record<string, string>;
}

/** `error` schema: {message, errinfo} — namespaced, org and auth routes. */
export function hubError(status: number, message: string, extra: Record<string, unknown> = {}): HandlerResult {
  return { status, body: { message, errinfo: {}, ...extra } };
}

/** Django REST framework shape used by the legacy /v2/repositories/... routes. */
export function legacyError(status: number, detail: string): HandlerResult {
  return { status, body: { detail } };
}

export const unauthorized = (): HandlerResult => hubError(401, MSG_UNAUTHORIZED);
export const patNotAllowed = (): HandlerResult => hubError(403, MSG_PAT_NOT_ALLOWED);
export const oatNotAllowed = (): HandlerResult => hubError(403, MSG_OAT_NOT_ALLOWED);
export const insufficientScope = (): HandlerResult => hubError(403, MSG_INSUFFICIENT_SCOPE);
export const legacyNotFound = (): HandlerResult => legacyError(404, 'Not found.');
export const legacyForbidden = (): HandlerResult =>
  legacyError(403, 'You do not have permission to perform this action.');

/** The exact 400 of listNamespaceRepositories for a bad `ordering` (spec example, ValueError-shaped). */
export function invalidOrdering(values: readonly string[] = ORDERING_VALUES): HandlerResult {
  return {
    status: 400,
    body: {
      fields: { ordering: [`Invalid ordering value. Must be one of: ${values.join(', ')}`] },
      text: 'Invalid ordering value',
    },
  };
}

/** The 429 Hub's API gateway sends (body is the audit-log example in the spec). */
export function rateLimited(retryAfterSeconds: number, resetEpochSeconds: number): HandlerResult {
  return {
    status: 429,
    body: { detail: MSG_RATE_LIMITED, error: false },
    headers: { 'Retry-After': String(retryAfterSeconds), 'X-Retry-After': String(resetEpochSeconds) },
  };
}
