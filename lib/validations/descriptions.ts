// Zod schemas for description editing (single and bulk), shared by the forms (client), the server
// actions and the services. Client-safe. Every rule that Hub would enforce is checked here first,
// so bad input gets a field message before anything is sent to Docker Hub.
import { z } from 'zod';
import { limitProblem } from '@/lib/descriptions/limits';
import { compileRepoNameFilter, compileSpec, parseRepoRef } from '@/lib/descriptions/plan';
import { MAX_PATTERN_LENGTH, MAX_TEXT_LENGTH } from '@/lib/descriptions/transforms';
import type { DescriptionChange } from '@/lib/descriptions/types';

/** Most repositories one bulk edit may cover. */
export const MAX_BULK_REPOSITORIES = 1_000;

const id = (what: string) => z.string({ error: `${what} is missing.` }).trim().min(1, `${what} is missing.`).max(100);

const repoName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter the repository.')
  .max(255)
  .regex(/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/, 'Repository names use lowercase letters, digits and . _ - only.');

const namespaceName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Choose a namespace.')
  .max(255)
  .regex(/^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/, 'Namespaces use lowercase letters, digits, - and _ only.');

const text = z.string().max(MAX_TEXT_LENGTH, `Use at most ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters.`);

export const descriptionChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keep') }),
  z.object({ kind: z.literal('set'), value: text }),
  z.object({
    kind: z.literal('replace'),
    find: z.string().max(MAX_PATTERN_LENGTH, `Use at most ${MAX_PATTERN_LENGTH} characters.`),
    replace: text,
    regex: z.boolean().default(false),
    caseSensitive: z.boolean().default(true),
  }),
  z.object({ kind: z.literal('prepend'), text }),
  z.object({ kind: z.literal('append'), text }),
  z.object({ kind: z.literal('template'), template: text }),
]) satisfies z.ZodType<DescriptionChange, unknown>;

export const repoSelectionSchema = z
  .discriminatedUnion('mode', [
    z.object({
      mode: z.literal('list'),
      repositories: z.array(z.string()).max(MAX_BULK_REPOSITORIES, `Choose at most ${MAX_BULK_REPOSITORIES} repositories.`),
    }),
    z.object({ mode: z.literal('filter'), namespace: namespaceName, pattern: z.string().trim().max(512).default('') }),
  ])
  .superRefine((selection, ctx) => {
    if (selection.mode === 'list') {
      if (selection.repositories.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'Choose at least one repository.' });
        return;
      }
      const bad = selection.repositories.filter((r) => parseRepoRef(r) === null);
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `Not a "namespace/repository" name: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}.`,
        });
      }
      return;
    }
    const filter = compileRepoNameFilter(selection.pattern);
    if (!filter.ok) ctx.addIssue({ code: 'custom', message: filter.error });
  });

/** What the bulk form sends for a preview. Field errors land on `selection`, `description`, `fullDescription`. */
export const bulkPreviewSchema = z
  .object({
    instanceId: id('The instance'),
    selection: repoSelectionSchema,
    description: descriptionChangeSchema,
    fullDescription: descriptionChangeSchema,
  })
  .superRefine((input, ctx) => {
    const compiled = compileSpec(input);
    if (compiled.ok) return;
    // Issues sit on the top-level field (description, fullDescription, changes): next-safe-action's
    // flattened errors keep only those; the message itself says which input is wrong.
    for (const [key, message] of Object.entries(compiled.errors)) {
      ctx.addIssue({ code: 'custom', message, path: [key.split('.')[0] ?? 'description'] });
    }
  });
export type BulkPreviewInput = z.infer<typeof bulkPreviewSchema>;

export const bulkJobRefSchema = z.object({ instanceId: id('The instance'), jobId: id('The job') });
export type BulkJobRef = z.infer<typeof bulkJobRefSchema>;

export const applyBulkSchema = z.object({ instanceId: id('The instance'), draftId: id('The preview') });

const shortDescription = z.string().superRefine((value, ctx) => {
  const problem = limitProblem('description', value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
const fullDescription = z
  .string()
  .max(200_000)
  .superRefine((value, ctx) => {
    const problem = limitProblem('fullDescription', value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A single repository's description edit; `expected` is what the editor was opened with. */
export const updateDescriptionSchema = z
  .object({
    instanceId: id('The instance'),
    namespace: namespaceName,
    repository: repoName,
    description: shortDescription.optional(),
    fullDescription: fullDescription.optional(),
    expected: z.object({ description: z.string(), fullDescription: z.string() }).optional(),
  })
  .refine((v) => v.description !== undefined || v.fullDescription !== undefined, {
    message: 'Nothing to save: change the short description, the full description, or both.',
    path: ['description'],
  });
export type UpdateDescriptionInput = z.infer<typeof updateDescriptionSchema>;

export const repositoryRefSchema = z.object({ instanceId: id('The instance'), namespace: namespaceName, repository: repoName });

export const markdownPreviewSchema = z.object({ markdown: z.string().max(200_000, 'The text is too long to preview.') });
