// Zod schemas for the instances feature, shared by the forms (client), the server
// actions and the services. Client-safe: no server imports.
import { z } from 'zod';

export const INSTANCE_NAME_MAX = 64;
export const MAX_EXTRA_NAMESPACES = 20;

export const credentialKinds = ['PAT', 'OAT'] as const;
export type CredentialKindInput = (typeof credentialKinds)[number];

// Docker ID rules: 4–30 characters, lowercase letters and digits. Accounts and organisations
// created under older rules also have single "-" or "_" between them (e.g. hubkeeper-demo).
const DOCKER_ID = /^(?=.{4,30}$)[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
// Extra namespaces are users or organisations (some legacy ones are shorter than 4).
const NAMESPACE = /^(?=.{2,30}$)[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const PAT_SHAPE = /^dckr_pat_[A-Za-z0-9_-]{16,200}$/;
const OAT_SHAPE = /^dckr_oat_[A-Za-z0-9_-]{16,200}$/;
// Personal access tokens created before the dckr_pat_ prefix (2022) are bare UUIDs.
const LEGACY_PAT_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const instanceNameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(INSTANCE_NAME_MAX, `Use at most ${INSTANCE_NAME_MAX} characters.`)
  .refine((v) => !/\p{Cc}/u.test(v), 'The name cannot contain control characters.');

/** Docker Hub username (PAT) or organisation (OAT); lower-cased, since Hub treats them case-insensitively. */
export const dockerIdSchema = z
  .string({ error: 'Enter the Docker Hub username.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter the Docker Hub username.')
  .refine(
    (v) => DOCKER_ID.test(v),
    'A Docker ID is 4 to 30 characters: lowercase letters and digits (older accounts may also have a single - or _ between them). No spaces or dots.',
  );

export const namespaceSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (v) => NAMESPACE.test(v),
    'A namespace is 2 to 30 characters: lowercase letters and digits, with a single - or _ only between them.',
  );

/** Accepts an array or a comma/space/newline-separated string; de-duplicates. */
export const namespaceListSchema = z
  .union([z.array(z.string()), z.string()])
  .default([])
  .transform((v) => (typeof v === 'string' ? v.split(/[\s,]+/) : v).map((s) => s.trim().toLowerCase()).filter((s) => s !== ''))
  .pipe(z.array(namespaceSchema).max(MAX_EXTRA_NAMESPACES, `Add at most ${MAX_EXTRA_NAMESPACES} extra namespaces.`))
  .transform((v) => [...new Set(v)]);

/** Why `secret` is not a plausible token of `kind`, or null. Never echoes the token. */
export function secretShapeProblem(kind: CredentialKindInput, secret: string): string | null {
  if (secret === '') return 'Paste the access token.';
  if (/\s/.test(secret)) {
    return 'The token contains spaces or line breaks. Paste it exactly as Docker Hub showed it.';
  }
  if (kind === 'PAT') {
    if (secret.startsWith('dckr_oat_')) {
      return 'This is an organization access token (dckr_oat_…). Choose "Organization access token" or paste a personal access token.';
    }
    if (PAT_SHAPE.test(secret) || LEGACY_PAT_SHAPE.test(secret)) return null;
    return 'A personal access token starts with dckr_pat_ followed by letters, digits, - or _ (older tokens are a UUID).';
  }
  if (secret.startsWith('dckr_pat_')) {
    return 'This is a personal access token (dckr_pat_…). Choose "Personal access token" or paste an organization access token.';
  }
  if (OAT_SHAPE.test(secret)) return null;
  return 'An organization access token starts with dckr_oat_ followed by letters, digits, - or _.';
}

const kindSchema = z.enum(credentialKinds, { error: 'Choose the kind of token.' });
// The secret is checked together with the kind (superRefine) and never trimmed: a token with
// surrounding whitespace is reported rather than silently altered.
const secretSchema = z.string({ error: 'Paste the access token.' }).max(512, 'That is too long to be a Docker Hub token.');

const booleanish = z
  .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false'), z.literal('')])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');

export const createInstanceSchema = z
  .object({
    name: instanceNameSchema,
    kind: kindSchema.default('PAT'),
    username: dockerIdSchema,
    secret: secretSchema,
    namespaces: namespaceListSchema,
    skipCheck: booleanish,
  })
  .superRefine((v, ctx) => {
    const problem = secretShapeProblem(v.kind, v.secret);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['secret'], message: problem });
    if (v.namespaces.includes(v.username)) {
      ctx.addIssue({ code: 'custom', path: ['namespaces'], message: `${v.username} is already the default namespace.` });
    }
  });
export type CreateInstanceInput = z.input<typeof createInstanceSchema>;
export type CreateInstanceValues = z.output<typeof createInstanceSchema>;

const instanceIdSchema = z.string().trim().min(1, 'Missing instance id.').max(64);

export const updateInstanceSchema = z.object({
  instanceId: instanceIdSchema,
  name: instanceNameSchema,
  namespaces: namespaceListSchema,
  skipCheck: booleanish,
});
export type UpdateInstanceInput = z.input<typeof updateInstanceSchema>;
export type UpdateInstanceValues = z.output<typeof updateInstanceSchema>;

export const rotateSecretSchema = z
  .object({
    instanceId: instanceIdSchema,
    secret: secretSchema,
    skipCheck: booleanish,
  })
  .superRefine((v, ctx) => {
    // The kind-specific shape is checked by the service against the instance's stored kind.
    if (v.secret === '' || /\s/.test(v.secret)) {
      ctx.addIssue({ code: 'custom', path: ['secret'], message: secretShapeProblem('PAT', v.secret) ?? 'Paste the access token.' });
    }
  });
export type RotateSecretInput = z.input<typeof rotateSecretSchema>;
export type RotateSecretValues = z.output<typeof rotateSecretSchema>;

export const instanceRefSchema = z.object({ instanceId: instanceIdSchema });

export const deleteInstanceSchema = z.object({
  instanceId: instanceIdSchema,
  /** The instance name typed by the admin, to confirm. */
  confirmName: z.string().max(200),
});
export type DeleteInstanceInput = z.input<typeof deleteInstanceSchema>;

/** One side of a comparison: `instanceId` or `instanceId:namespace` (default: the instance's username). */
export interface CompareTarget {
  instanceId: string;
  namespace: string | null;
}

export const compareQuerySchema = z.object({
  instances: z
    .string()
    .default('')
    .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter((s) => s !== ''))])
    .pipe(z.array(z.string().max(200)).max(2, 'Compare two instances at a time.'))
    .transform((items): CompareTarget[] =>
      items.map((item) => {
        const [instanceId = '', namespace] = item.split(':', 2);
        return { instanceId, namespace: namespace === undefined || namespace === '' ? null : namespace.toLowerCase() };
      }),
    ),
});
