'use server';
// Server actions for an instance's webhooks (admins). The service checks the permission again.
import { permissionAction, withFieldErrors } from '@/lib/actions/safe-action';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from '@/lib/services/webhooks';
import { createWebhookSchema, updateWebhookSchema, webhookRefSchema } from '@/lib/validations/deletions';

const manage = permissionAction('instances.manage');

/** Adds an endpoint; the signing secret is in the result this once. */
export const createWebhookAction = manage.inputSchema(createWebhookSchema).action(async ({ parsedInput, ctx }) =>
  withFieldErrors(createWebhookSchema, () => createWebhookEndpoint(ctx.user, parsedInput)),
);

/** Changes an endpoint's URL, events or active flag. */
export const updateWebhookAction = manage.inputSchema(updateWebhookSchema).action(async ({ parsedInput, ctx }) =>
  withFieldErrors(updateWebhookSchema, () => updateWebhookEndpoint(ctx.user, parsedInput)),
);

/** Removes an endpoint and its deliveries. */
export const deleteWebhookAction = manage.inputSchema(webhookRefSchema).action(async ({ parsedInput, ctx }) => {
  await deleteWebhookEndpoint(ctx.user, parsedInput);
  return { deleted: true };
});

/** Replaces the signing secret; the new one is in the result this once. */
export const rotateWebhookSecretAction = manage.inputSchema(webhookRefSchema).action(async ({ parsedInput, ctx }) =>
  rotateWebhookSecret(ctx.user, parsedInput),
);

/** Queues a signed `ping` to the endpoint. */
export const sendTestWebhookAction = manage.inputSchema(webhookRefSchema).action(async ({ parsedInput, ctx }) =>
  sendTestWebhook(ctx.user, parsedInput),
);
