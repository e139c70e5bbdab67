'use server';
// Server actions for retention policies. Thin: permission + zod input here; the service
// (lib/services/retention.ts) authorizes again, validates in full, talks to Hub and the database.
import { permissionAction, withFieldErrors } from '@/lib/actions/safe-action';
import {
  deleteRetentionPolicy,
  importRetentionPolicies,
  saveRetentionPolicy,
  setRetentionPolicyEnabled,
  startRetentionRun,
  testRetentionPolicy,
  updateRetentionSettings,
} from '@/lib/services/retention';
import {
  deletePolicySchema,
  importPoliciesSchema,
  policyRefSchema,
  retentionSettingsSchema,
  saveRetentionPolicySchema,
  setPolicyEnabledSchema,
  testRetentionPolicySchema,
} from '@/lib/validations/retention';

const manage = permissionAction('retention.manage');

/** Creates or updates a policy; invalid fields come back as values with their positions. */
export const saveRetentionPolicyAction = manage
  .inputSchema(saveRetentionPolicySchema)
  .action(async ({ parsedInput, ctx }) => saveRetentionPolicy(ctx.user, parsedInput));

/** Evaluates a draft policy against the real tags of its scope (the live tester). */
export const testRetentionPolicyAction = manage
  .inputSchema(testRetentionPolicySchema)
  .action(async ({ parsedInput, ctx }) => testRetentionPolicy(ctx.user, parsedInput));

/** Enables or disables a policy. */
export const setRetentionPolicyEnabledAction = manage
  .inputSchema(setPolicyEnabledSchema)
  .action(async ({ parsedInput, ctx }) => {
    await setRetentionPolicyEnabled(ctx.user, parsedInput);
    return { enabled: parsedInput.enabled };
  });

/** Deletes a policy (its name typed to confirm). */
export const deleteRetentionPolicyAction = manage
  .inputSchema(deletePolicySchema)
  .action(async ({ parsedInput, ctx }) =>
    withFieldErrors(deletePolicySchema, () => deleteRetentionPolicy(ctx.user, parsedInput)),
  );

/** "Run now": queues a run of the policy against fresh Hub data. */
export const runRetentionPolicyAction = manage
  .inputSchema(policyRefSchema)
  .action(async ({ parsedInput, ctx }) => startRetentionRun(ctx.user, parsedInput));

/** Saves the instance's auto-approval settings for policy requests. */
export const updateRetentionSettingsAction = manage
  .inputSchema(retentionSettingsSchema)
  .action(async ({ parsedInput, ctx }) => updateRetentionSettings(ctx.user, parsedInput));

/** Previews (apply: false) or applies an exported policies file. */
export const importRetentionPoliciesAction = manage
  .inputSchema(importPoliciesSchema)
  .action(async ({ parsedInput, ctx }) => importRetentionPolicies(ctx.user, parsedInput));
