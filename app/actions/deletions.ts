'use server';
// Server actions for tag deletions. Thin: permission + zod input here; the services
// (lib/services/deletions) check the permission again, enforce every rule (the database enforces
// them a third time) and return small DTOs.
import { authedAction, permissionAction, withFieldErrors } from '@/lib/actions/safe-action';
import { hasPermission } from '@/lib/auth/permissions';
import { forbiddenError } from '@/lib/errors';
import {
  approveDeletionRequest,
  cancelDeletionRequest,
  createDeletionRequestFromSelection,
  previewDeletion,
  rejectDeletionRequest,
  resubmitDeletionRequest,
  updateDeletionSettings,
} from '@/lib/services/deletions';
import {
  approveDeletionSchema,
  cancelDeletionSchema,
  createDeletionRequestSchema,
  deletionSelectionSchema,
  deletionSettingsSchema,
  rejectDeletionSchema,
  resubmitDeletionSchema,
} from '@/lib/validations/deletions';

const request = permissionAction('deletions.request');
const approve = permissionAction('deletions.approve');

/** The safety summary of a selection, recomputed by the server from fresh Hub data. */
export const previewDeletionAction = request.inputSchema(deletionSelectionSchema).action(async ({ parsedInput, ctx }) =>
  withFieldErrors(deletionSelectionSchema, () => previewDeletion(ctx.user, parsedInput)),
);

/** Creates a pending request for the selected tags of one repository. */
export const createDeletionRequestAction = request.inputSchema(createDeletionRequestSchema).action(async ({ parsedInput, ctx }) => {
  const created = await withFieldErrors(createDeletionRequestSchema, () => createDeletionRequestFromSelection(ctx.user, parsedInput));
  return { id: created.id, tagCount: created.tagCount, expiresAt: created.expiresAt };
});

/** Records an approval (the request is approved once it has the instance's required number). */
export const approveDeletionAction = approve.inputSchema(approveDeletionSchema).action(async ({ parsedInput, ctx }) =>
  approveDeletionRequest(ctx.user, parsedInput),
);

/** Rejects a pending request with a comment. */
export const rejectDeletionAction = approve.inputSchema(rejectDeletionSchema).action(async ({ parsedInput, ctx }) =>
  withFieldErrors(rejectDeletionSchema, () => rejectDeletionRequest(ctx.user, parsedInput)),
);

/** Cancels a pending request, or the rest of a running one (admins and approvers). */
export const cancelDeletionAction = authedAction.inputSchema(cancelDeletionSchema).action(async ({ parsedInput, ctx }) => {
  if (!hasPermission(ctx.user, 'deletions.request') && !hasPermission(ctx.user, 'deletions.approve')) throw forbiddenError();
  return cancelDeletionRequest(ctx.user, parsedInput);
});

/** Creates a new request from an expired, rejected or cancelled one. */
export const resubmitDeletionAction = request.inputSchema(resubmitDeletionSchema).action(async ({ parsedInput, ctx }) => {
  const created = await resubmitDeletionRequest(ctx.user, parsedInput);
  return { id: created.id, tagCount: created.tagCount };
});

/** Saves an instance's request lifetime and "recently pulled" window. */
export const updateDeletionSettingsAction = permissionAction('instances.manage')
  .inputSchema(deletionSettingsSchema)
  .action(async ({ parsedInput, ctx }) => withFieldErrors(deletionSettingsSchema, () => updateDeletionSettings(ctx.user, parsedInput)));
