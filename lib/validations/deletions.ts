// Zod schemas for tag deletions, approvals, the audit log and webhooks, shared by the forms
// (client), the server actions, the route handlers and the services. Client-safe.
import { z } from 'zod';

/** Docker's tag grammar: `[\w][\w.-]{0,127}`. */
export const TAG_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** Docker reference path component (namespaces and repositories). */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export const REASON_MAX = 2000;
export const COMMENT_MAX = 2000;
/** One request holds at most this many tags (a bulk clean-up beyond it is split). */
export const MAX_TAGS_PER_REQUEST = 1000;

export const tagNameSchema = z
  .string()
  .refine(
    (v) => TAG_NAME_PATTERN.test(v),
    {
      error: (issue) =>
        `"${String(issue.input).slice(0, 60)}" is not a valid Docker tag: it must be 1 to 128 letters, digits, _, . or -, not starting with . or -.`,
    },
  );

export const deletionSelectionItemSchema = z.object({
  namespace: z.string().max(255),
  repository: z.string().max(255),
  tag: z.string().max(200),
});
export type DeletionSelectionItem = z.infer<typeof deletionSelectionItemSchema>;

/** The selection the tags table sends: tags of ONE repository (checked again by the service). */
export const deletionSelectionSchema = z.object({
  instanceId: z.string().min(1, 'Choose an instance.'),
  items: z
    .array(deletionSelectionItemSchema)
    .min(1, 'Select at least one tag to delete.')
    .max(MAX_TAGS_PER_REQUEST, `Select at most ${MAX_TAGS_PER_REQUEST} tags per request.`)
    // Problems are reported on `items` itself, so forms (flattened errors) show them.
    .superRefine((items, ctx) => {
      const badTag = items.find((i) => !TAG_NAME_PATTERN.test(i.tag));
      if (badTag) {
        ctx.addIssue({
          code: 'custom',
          message: `"${badTag.tag.slice(0, 60)}" is not a valid Docker tag: it must be 1 to 128 letters, digits, _, . or -, not starting with . or -.`,
        });
      }
      const badPath = items.find((i) => !PATH_COMPONENT.test(i.namespace) || !PATH_COMPONENT.test(i.repository));
      if (badPath) ctx.addIssue({ code: 'custom', message: `"${`${badPath.namespace}/${badPath.repository}`.slice(0, 80)}" is not a valid Docker Hub repository.` });
      const repos = new Set(items.map((i) => `${i.namespace}/${i.repository}`));
      if (repos.size > 1) {
        ctx.addIssue({ code: 'custom', message: `All tags of one request must come from one repository; this selection has tags from ${[...repos].slice(0, 3).join(', ')}.` });
      }
    }),
});
export type DeletionSelectionInput = z.infer<typeof deletionSelectionSchema>;

export const reasonSchema = z
  .string({ error: 'Give a reason for deleting these tags.' })
  .trim()
  .min(1, 'Give a reason for deleting these tags.')
  .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`);

export const createDeletionRequestSchema = deletionSelectionSchema.extend({ reason: reasonSchema });
export type CreateDeletionRequestFormInput = z.infer<typeof createDeletionRequestSchema>;

const optionalComment = z
  .string()
  .trim()
  .max(COMMENT_MAX, `Keep the comment under ${COMMENT_MAX} characters.`)
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

export const requestIdSchema = z.string().min(1, 'Which request?').max(100);

export const approveDeletionSchema = z.object({ requestId: requestIdSchema, comment: optionalComment });
export const rejectDeletionSchema = z.object({
  requestId: requestIdSchema,
  comment: z
    .string({ error: 'Say why you are rejecting the request.' })
    .trim()
    .min(1, 'Say why you are rejecting the request.')
    .max(COMMENT_MAX, `Keep the comment under ${COMMENT_MAX} characters.`),
});
export const cancelDeletionSchema = z.object({
  requestId: requestIdSchema,
  comment: optionalComment,
  expectedStatus: z.enum(['pending', 'approved']).optional(),
});
export const resubmitDeletionSchema = z.object({
  requestId: requestIdSchema,
  reason: reasonSchema.optional(),
});

export const DELETION_REQUEST_STATUSES = ['pending', 'approved', 'completed', 'rejected', 'cancelled', 'expired'] as const;
export type DeletionRequestStatusName = (typeof DELETION_REQUEST_STATUSES)[number];

export const listDeletionRequestsSchema = z.object({
  status: z.enum([...DELETION_REQUEST_STATUSES, 'open', 'all']).default('all'),
  instanceId: z.string().min(1).optional(),
  mine: z.coerce.boolean().optional(),
  take: z.coerce.number().int().min(1).max(200).default(50),
});

// ---- audit ---------------------------------------------------------------------------------------

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'Use a date like 2026-01-31 or 2026-01-31T12:00.' });
      return z.NEVER;
    }
    return new Date(ms);
  });

/** Filters of the audit page and its CSV export (query-string values). */
export const auditFilterSchema = z
  .object({
    actor: optionalText,
    action: optionalText,
    instanceId: optionalText,
    repository: optionalText,
    from: optionalDate,
    to: optionalDate,
    cursor: optionalText,
    take: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, {
    message: 'The start of the time range must be before its end.',
    path: ['from'],
  });
export type AuditFilterInput = z.input<typeof auditFilterSchema>;
export type AuditFilter = z.output<typeof auditFilterSchema>;

// ---- webhooks ------------------------------------------------------------------------------------

export const WEBHOOK_EVENTS = [
  'request.created',
  'request.approved',
  'request.rejected',
  'request.expired',
  'request.cancelled',
  'request.executed',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventName, string> = {
  'request.created': 'Request created',
  'request.approved': 'Request approved',
  'request.rejected': 'Request rejected',
  'request.expired': 'Request expired',
  'request.cancelled': 'Request cancelled',
  'request.executed': 'Request executed (with counts)',
};

export const webhookUrlSchema = z
  .string({ error: 'Enter the URL that receives the webhook.' })
  .trim()
  .min(1, 'Enter the URL that receives the webhook.')
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'Use an http:// or https:// URL without a user name or password in it.');

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1, 'Pick at least one event.')
  .transform((v) => [...new Set(v)]);

export const createWebhookSchema = z.object({
  instanceId: z.string().min(1),
  url: webhookUrlSchema,
  events: eventsSchema,
  active: z.boolean().default(true),
});

export const updateWebhookSchema = z.object({
  instanceId: z.string().min(1),
  webhookId: z.string().min(1),
  url: webhookUrlSchema.optional(),
  events: eventsSchema.optional(),
  active: z.boolean().optional(),
});

export const webhookRefSchema = z.object({ instanceId: z.string().min(1), webhookId: z.string().min(1) });

export const deletionSettingsSchema = z.object({
  instanceId: z.string().min(1),
  requestTtlHours: z.coerce.number().int('Use whole hours.').min(1, 'At least 1 hour.').max(8760, 'At most 8760 hours (a year).'),
  recentPullDays: z.coerce.number().int('Use whole days.').min(0, 'At least 0 days.').max(3650, 'At most 3650 days.'),
});
