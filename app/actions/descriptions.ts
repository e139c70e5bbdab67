'use server';
// Server actions for description editing. Thin: permission + zod input here; the service
// (lib/services/descriptions.ts) authorizes again, talks to Hub and the database, returns DTOs.
import { permissionAction, withFieldErrors } from '@/lib/actions/safe-action';
import {
  applyBulkDescriptions,
  cancelBulkJob,
  previewBulkDescriptions,
  renderDescriptionPreview,
  retryFailedBulkJob,
  undoBulkJob,
  updateRepositoryDescription,
} from '@/lib/services/descriptions';
import {
  applyBulkSchema,
  bulkJobRefSchema,
  bulkPreviewSchema,
  markdownPreviewSchema,
  updateDescriptionSchema,
} from '@/lib/validations/descriptions';

const edit = permissionAction('descriptions.edit');

/** Saves one repository's short and/or full description. */
export const updateRepositoryDescriptionAction = edit.inputSchema(updateDescriptionSchema).action(async ({ parsedInput, ctx }) =>
  withFieldErrors(updateDescriptionSchema, () => updateRepositoryDescription(ctx.user, parsedInput)),
);

/** Renders Markdown the way the repository page does, for the editor's preview tab. */
export const previewMarkdownAction = edit.inputSchema(markdownPreviewSchema).action(async ({ parsedInput, ctx }) =>
  renderDescriptionPreview(ctx.user, parsedInput.markdown),
);

/** Plans a bulk edit (per-repository before/after) and stores it as a draft to apply. */
export const previewBulkDescriptionsAction = edit.inputSchema(bulkPreviewSchema).action(async ({ parsedInput, ctx }) =>
  withFieldErrors(bulkPreviewSchema, () => previewBulkDescriptions(ctx.user, parsedInput)),
);

/** Starts the background job for a previewed bulk edit. */
export const applyBulkDescriptionsAction = edit.inputSchema(applyBulkSchema).action(async ({ parsedInput, ctx }) =>
  applyBulkDescriptions(ctx.user, parsedInput),
);

/** Stops a queued or running bulk edit after the repository in hand. */
export const cancelBulkDescriptionsAction = edit.inputSchema(bulkJobRefSchema).action(async ({ parsedInput, ctx }) =>
  cancelBulkJob(ctx.user, parsedInput),
);

/** Runs a finished bulk edit's failed repositories again. */
export const retryFailedBulkDescriptionsAction = edit.inputSchema(bulkJobRefSchema).action(async ({ parsedInput, ctx }) =>
  retryFailedBulkJob(ctx.user, parsedInput),
);

/** Reverts a finished bulk edit (a new job restoring the previous descriptions). */
export const undoBulkDescriptionsAction = edit.inputSchema(bulkJobRefSchema).action(async ({ parsedInput, ctx }) =>
  undoBulkJob(ctx.user, parsedInput),
);
