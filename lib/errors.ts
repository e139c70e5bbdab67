// Expected errors are values: an AppError carries a message written for the person using
// Hubkeeper (safe to show as-is) and, optionally, messages per form field.

/** Well-known codes; other modules may add their own strings. */
export type AppErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'rate_limited'
  | 'unavailable'
  | (string & {});

export type FieldErrors = Record<string, string[]>;

/** An error the user can understand or fix; its message is shown verbatim. Never put secrets in it. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** True for AppError instances (also across module copies, by name and shape). */
export function isAppError(err: unknown): err is AppError {
  return (
    err instanceof AppError ||
    (err instanceof Error && err.name === 'AppError' && typeof (err as { code?: unknown }).code === 'string')
  );
}

/** Shorthand for the refusal every permission check uses. */
export function forbiddenError(message = "You don't have permission to do this."): AppError {
  return new AppError('forbidden', message);
}

/** Shorthand for "sign in first". */
export function unauthenticatedError(message = 'Your session has ended. Sign in again.'): AppError {
  return new AppError('unauthenticated', message);
}

/** A short random id that ties a generic "something failed" message to its server log line. */
export function errorReference(): string {
  const bytes = new Uint8Array(4);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** The message shown for unexpected failures; details stay in the server log under `reference`. */
export function unexpectedErrorMessage(reference: string): string {
  return `Something failed on the server (reference ${reference})`;
}
