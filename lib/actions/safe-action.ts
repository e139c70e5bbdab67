import 'server-only';
import { createSafeActionClient, returnValidationErrors, type ValidationErrors } from 'next-safe-action';
import type { z } from 'zod';
import { getCurrentUser } from '@/lib/auth/session';
import { hasPermission, type Permission } from '@/lib/auth/permissions';
import {
  AppError,
  errorReference,
  forbiddenError,
  isAppError,
  unauthenticatedError,
  unexpectedErrorMessage,
} from '@/lib/errors';
import { logger } from '@/lib/logger';

/**
 * Base client for every server action. Expected failures (AppError) reach the user as their
 * message; anything else is logged here with a reference id and shown generically.
 * Validation errors are "flattened": `result.validationErrors?.fieldErrors.email?.[0]`.
 */
export const actionClient = createSafeActionClient({
  defaultValidationErrorsShape: 'flattened',
  handleServerError(err) {
    if (isAppError(err)) return err.message;
    const reference = errorReference();
    logger.error({ err, reference }, 'server action failed');
    return unexpectedErrorMessage(reference);
  },
});

/** Actions for any signed-in, active user; `ctx.user` is read from the database for this request. */
export const authedAction = actionClient.use(async ({ next }) => {
  const user = await getCurrentUser();
  if (!user) throw unauthenticatedError();
  return next({ ctx: { user } });
});

/** Actions that need `permission`; refused (AppError 'forbidden') before the input is even used. */
export function permissionAction(permission: Permission) {
  return authedAction.use(async ({ ctx, next }) => {
    if (!hasPermission(ctx.user, permission)) throw forbiddenError();
    return next({ ctx });
  });
}

/**
 * Runs `fn`; an AppError carrying field errors becomes next-safe-action validation errors
 * (so forms show them under the right field), other errors pass through unchanged.
 */
export async function withFieldErrors<S extends z.ZodType, T>(schema: S, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.fieldErrors && Object.keys(err.fieldErrors).length > 0) {
      const shaped: Record<string, { _errors: string[] }> = {};
      for (const [field, messages] of Object.entries(err.fieldErrors)) shaped[field] = { _errors: messages };
      returnValidationErrors(schema, shaped as ValidationErrors<S>);
    }
    throw err;
  }
}
