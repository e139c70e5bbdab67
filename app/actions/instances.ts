'use server';
// Server actions for instances. Thin: permission + zod input here, everything else in
// lib/services/instances.ts (which authorizes again). Results are DTOs without tokens.
import { revalidatePath } from 'next/cache';
import { permissionAction, withFieldErrors } from '@/lib/actions/safe-action';
import {
  createInstance,
  deleteInstance,
  recheckInstance,
  rotateInstanceSecret,
  updateInstance,
} from '@/lib/services/instances';
import {
  createInstanceSchema,
  deleteInstanceSchema,
  instanceRefSchema,
  rotateSecretSchema,
  updateInstanceSchema,
} from '@/lib/validations/instances';

const manage = permissionAction('instances.manage');

function refresh(instanceId?: string) {
  revalidatePath('/instances');
  if (instanceId !== undefined) revalidatePath(`/instances/${instanceId}`);
}

/** Adds an instance (health check first unless "save without checking"). */
export const createInstanceAction = manage.inputSchema(createInstanceSchema).action(async ({ parsedInput, ctx }) => {
  const instance = await withFieldErrors(createInstanceSchema, () => createInstance(ctx.user, parsedInput));
  refresh();
  return { instance };
});

/** Renames an instance or changes its extra namespaces. */
export const updateInstanceAction = manage.inputSchema(updateInstanceSchema).action(async ({ parsedInput, ctx }) => {
  const instance = await withFieldErrors(updateInstanceSchema, () => updateInstance(ctx.user, parsedInput));
  refresh(instance.id);
  return { instance };
});

/** Replaces the token of an instance. */
export const rotateInstanceSecretAction = manage.inputSchema(rotateSecretSchema).action(async ({ parsedInput, ctx }) => {
  const instance = await withFieldErrors(rotateSecretSchema, () => rotateInstanceSecret(ctx.user, parsedInput));
  refresh(instance.id);
  return { instance };
});

/** Checks the stored token against Docker Hub now. */
export const recheckInstanceAction = manage.inputSchema(instanceRefSchema).action(async ({ parsedInput, ctx }) => {
  const result = await recheckInstance(ctx.user, parsedInput.instanceId);
  refresh(result.instance.id);
  return result;
});

/** Deletes an instance after its name was typed to confirm. */
export const deleteInstanceAction = manage.inputSchema(deleteInstanceSchema).action(async ({ parsedInput, ctx }) => {
  const result = await withFieldErrors(deleteInstanceSchema, () => deleteInstance(ctx.user, parsedInput));
  refresh();
  return result;
});
