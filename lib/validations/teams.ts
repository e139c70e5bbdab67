// Zod schemas for teams, members, team access grants and Hub's audit log; shared by the panel,
// the server action, the route handlers and the services. Client-safe.
import { z } from 'zod';

export const TEAM_PERMISSIONS = ['read', 'write', 'admin'] as const;
export type TeamPermission = (typeof TEAM_PERMISSIONS)[number];

export const TEAM_PERMISSION_LABELS: Record<TeamPermission, string> = {
  read: 'Read-only: pull',
  write: 'Read & Write: pull and push',
  admin: 'Admin: pull, push and manage the repository',
};

const instanceIdSchema = z.string().trim().min(1, 'Missing instance id.').max(64);
// Docker Hub namespaces and repository names: lower-case letters, digits, . _ - (checked again by lib/hub).
const namespaceSchema = z
  .string({ error: 'Missing namespace.' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,254}$/, 'Not a valid Docker Hub namespace.');
const repositorySchema = z
  .string({ error: 'Missing repository.' })
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,254}$/, 'Not a valid Docker Hub repository name.');

/** Optional org query parameter ("" = the instance's default). */
export const orgParamSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v))
  .pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,254}$/, 'Not a valid organization name.')
      .optional(),
  );

export const teamGrantSchema = z
  .object({
    instanceId: instanceIdSchema,
    namespace: namespaceSchema,
    repository: repositorySchema,
    /** Team name, resolved to its id through an OAT instance of the organization. */
    teamName: z.string().trim().max(255).optional(),
    /** Team id (group_id), typed when no OAT instance can list the teams. */
    groupId: z
      .union([z.number(), z.string().trim()])
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === '') return undefined;
        const n = typeof v === 'number' ? v : Number(v);
        if (!Number.isSafeInteger(n) || n < 1) {
          ctx.addIssue({ code: 'custom', message: 'A team id is a whole number, e.g. 7002.' });
          return z.NEVER;
        }
        return n;
      }),
    permission: z.enum(TEAM_PERMISSIONS, { error: 'Choose read, write or admin.' }),
  })
  .superRefine((v, ctx) => {
    const hasName = v.teamName !== undefined && v.teamName !== '';
    if (!hasName && v.groupId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['teamName'], message: 'Choose a team (or type its id).' });
    }
    if (hasName && v.groupId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'Give either a team name or a team id, not both.' });
    }
  });
export type TeamGrantInput = z.input<typeof teamGrantSchema>;
export type TeamGrantValues = z.output<typeof teamGrantSchema>;

export const grantOptionsQuerySchema = z.object({ namespace: namespaceSchema });

export const teamMembersQuerySchema = z.object({
  org: orgParamSchema,
  team: z.string().trim().min(1, 'Missing team.').max(255),
});

export const membersQuerySchema = z.object({ org: orgParamSchema });

const dateParam = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v))
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.')
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Not a real date.')
      .optional(),
  );

/** Filters of the Hub audit log page (query string). Dates are whole UTC days. */
export const hubAuditQuerySchema = z
  .object({
    org: orgParamSchema,
    action: z
      .string()
      .trim()
      .max(100)
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .pipe(
        z
          .string()
          .regex(/^[a-z0-9._-]+$/i, 'An action looks like repo.tag.push.')
          .optional(),
      ),
    actor: z
      .string()
      .trim()
      .max(255)
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    from: dateParam,
    to: dateParam,
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .superRefine((v, ctx) => {
    if (v.from !== undefined && v.to !== undefined && v.from > v.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '"To" is before "From".' });
    }
  });
export type HubAuditQuery = z.output<typeof hubAuditQuerySchema>;

/** Audit actions Docker Hub documents for the filter's suggestions (the field accepts any). */
export const HUB_AUDIT_ACTIONS: readonly { name: string; label: string }[] = [
  { name: 'repo.tag.push', label: 'Tag pushed' },
  { name: 'repo.tag.delete', label: 'Tag deleted' },
  { name: 'repo.create', label: 'Repository created' },
  { name: 'repo.update', label: 'Repository updated (description, team permissions)' },
  { name: 'repo.delete', label: 'Repository deleted' },
  { name: 'repo.change_privacy', label: 'Visibility changed' },
  { name: 'repo.category.updated', label: 'Categories changed' },
  { name: 'repo.immutable.tags.updated', label: 'Immutable tags changed' },
];
