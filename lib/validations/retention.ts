// Zod schemas of the retention feature, shared by the editor (client), the server actions, the
// route handlers and the service. They check shapes and sizes; the rules that point at a position
// (patterns, cron) and the ranges live in lib/retention/validate.ts, which the service runs again
// before anything is saved. Client-safe.
import { z } from 'zod';
import { MAX_PATTERNS, POLICY_DOCUMENT_FORMAT, type RetentionPolicySpec } from '@/lib/retention';

const idSchema = z.string().min(1).max(64);
const patternList = z.array(z.string().max(1000)).max(MAX_PATTERNS * 4);
/** A number or null; anything else (strings, NaN) is a shape error. */
const optionalInt = z.number().nullable();

export const retentionPolicySpecSchema = z
  .object({
    name: z.string().max(500),
    enabled: z.boolean(),
    scope: z.object({ namespace: z.string().max(255), repoInclude: patternList, repoExclude: patternList }).strict(),
    rules: z
      .object({
        tagInclude: patternList,
        tagExclude: patternList,
        pushedOlderThanDays: optionalInt,
        pulledOlderThanDays: optionalInt,
        keepNewest: optionalInt,
        protectedPatterns: patternList,
        keepSharedDigest: z.boolean(),
      })
      .strict(),
    schedule: z.object({ cron: z.string().max(200).nullable(), timezone: z.string().max(100) }).strict(),
    safetyMaxDeletePercent: z.number(),
  })
  .strict() satisfies z.ZodType<RetentionPolicySpec>;

export const saveRetentionPolicySchema = z.object({
  instanceId: idSchema,
  /** Absent = create. */
  policyId: idSchema.optional(),
  spec: retentionPolicySpecSchema,
});
export type SaveRetentionPolicyInput = z.infer<typeof saveRetentionPolicySchema>;

export const testRetentionPolicySchema = z.object({
  instanceId: idSchema,
  /** The saved policy being edited (so it is not counted twice among the other covering policies). */
  policyId: idSchema.optional(),
  spec: retentionPolicySpecSchema,
  /** Evaluate only this repository of the scope. */
  repository: z.string().max(255).optional(),
  refresh: z.boolean().optional(),
});
export type TestRetentionPolicyInput = z.infer<typeof testRetentionPolicySchema>;

export const policyRefSchema = z.object({ instanceId: idSchema, policyId: idSchema });

export const setPolicyEnabledSchema = policyRefSchema.extend({ enabled: z.boolean() });

export const deletePolicySchema = policyRefSchema.extend({ confirmName: z.string().max(500) });

export const cronPreviewSchema = z.object({ cron: z.string().max(200), timezone: z.string().max(100) });

export const retentionSettingsSchema = z.object({
  instanceId: idSchema,
  autoApprove: z.boolean(),
  autoApproveMaxTags: z
    .number()
    .int('A whole number of tags.')
    .min(1, 'At least 1 tag.')
    .max(1000, 'At most 1000 tags.'),
  /** Megabytes really freed; null = no size limit. */
  autoApproveMaxMegabytes: z
    .number()
    .min(0, 'Cannot be negative.')
    .max(10_000_000, 'At most 10,000,000 MB.')
    .nullable(),
});
export type RetentionSettingsInput = z.infer<typeof retentionSettingsSchema>;

/** The JSON document of an export (policies as code). */
export const policyDocumentSchema = z
  .object({
    format: z.literal(POLICY_DOCUMENT_FORMAT, {
      error: `This is not a Hubkeeper retention export (expected "format": "${POLICY_DOCUMENT_FORMAT}").`,
    }),
    exportedAt: z.string().optional(),
    instance: z.string().optional(),
    policies: z.array(retentionPolicySpecSchema).max(200, 'At most 200 policies per file.'),
  })
  .strict();

export const importPoliciesSchema = z.object({
  instanceId: idSchema,
  /** The file's text (parsed and validated on the server). */
  document: z.string().max(2_000_000, 'The file is too large (at most 2 MB).'),
  /** false = only show what would change. */
  apply: z.boolean(),
});
export type ImportPoliciesInput = z.infer<typeof importPoliciesSchema>;
