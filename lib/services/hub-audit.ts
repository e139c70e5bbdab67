import 'server-only';
// Docker Hub's own audit log of an organization (GET /v2/auditlogs/{account}: pushes, deletes,
// settings changes), read through an organization access token, and the matching slice of
// Hubkeeper's own audit log, so the two can be read side by side.
import { hasPermission, type HasRoles } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/client';
import { AppError, forbiddenError } from '@/lib/errors';
import { isHubError } from '@/lib/hub';
import { explainHubErrorForInstance } from '@/lib/hub-errors/instances';
import { hubAuditQuerySchema, type HubAuditQuery } from '@/lib/validations/teams';
import { getHubClientForInstance } from './hub-clients';
import { ExplainedHubError, resolveOrgSource, type OrgSourceDto } from './teams';

export const HUB_AUDIT_PAGE_SIZE = 25;

export interface HubAuditEventDto {
  action: string;
  description: string | null;
  /** Repository (or other object) the event is about. */
  name: string;
  actor: string;
  timestamp: string;
  data: Record<string, string>;
}

export interface HubAuditPageDto {
  source: OrgSourceDto;
  filters: HubAuditQuery;
  events: HubAuditEventDto[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

function assertViewer(actor: HasRoles | null | undefined): void {
  if (!actor || !hasPermission(actor, 'audit.view')) throw forbiddenError();
}

/** One page of Docker Hub's audit log for the instance's organization, newest first, with filters. */
export async function listHubAuditEvents(
  actor: HasRoles | null,
  instanceId: string,
  query: unknown,
): Promise<HubAuditPageDto> {
  assertViewer(actor);
  const parsed = hubAuditQuerySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'validation',
      issue?.message ?? 'Check the filters.',
      issue ? { [String(issue.path[0] ?? '_')]: [issue.message] } : undefined,
    );
  }
  const filters = parsed.data;
  const source = await resolveOrgSource(instanceId, filters.org);
  try {
    const client = await getHubClientForInstance(source.via.id);
    const logs = await client.listAuditLogs(source.org, {
      ...(filters.action === undefined ? {} : { action: filters.action }),
      ...(filters.actor === undefined ? {} : { actor: filters.actor }),
      ...(filters.from === undefined ? {} : { from: `${filters.from}T00:00:00Z` }),
      ...(filters.to === undefined ? {} : { to: `${filters.to}T23:59:59.999Z` }),
      page: filters.page,
      pageSize: HUB_AUDIT_PAGE_SIZE,
    });
    return {
      source,
      filters: { ...filters, org: source.org },
      events: logs.map((l) => ({
        action: l.action,
        description: l.actionDescription,
        name: l.name,
        actor: l.actor,
        timestamp: l.timestamp,
        data: l.data,
      })),
      page: filters.page,
      pageSize: HUB_AUDIT_PAGE_SIZE,
      hasMore: logs.length === HUB_AUDIT_PAGE_SIZE,
    };
  } catch (err) {
    if (!isHubError(err)) throw err;
    // Past the last page Hub may answer 404: that is an empty page, not a failure.
    if (err.code === 'not_found' && filters.page > 1) {
      return {
        source,
        filters: { ...filters, org: source.org },
        events: [],
        page: filters.page,
        pageSize: HUB_AUDIT_PAGE_SIZE,
        hasMore: false,
      };
    }
    const explanation = await explainHubErrorForInstance(err, {
      feature: 'hub_audit',
      action: `read the audit log of ${source.org}`,
      instanceId: source.via.id,
      namespace: source.org,
    });
    throw new ExplainedHubError(`hub_${err.code}`, err.message, explanation);
  }
}

export interface HubkeeperAuditEventDto {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  instanceId: string | null;
  repository: string | null;
  /** One line about what happened, for the events this feature knows; null otherwise. */
  summary: string | null;
}

function summaryOf(action: string, details: Prisma.JsonValue): string | null {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return null;
  const d = details as Record<string, unknown>;
  if (action.startsWith('team.')) {
    const team =
      typeof d.groupName === 'string' ? `${d.groupName} (${String(d.groupId)})` : `team ${String(d.groupId)}`;
    const via = typeof d.via === 'object' && d.via !== null ? (d.via as Record<string, unknown>).name : null;
    const outcome = action === 'team.access_granted' ? 'granted' : `refused (${String(d.code ?? 'error')})`;
    return `${team}: ${String(d.permission)} ${outcome}${typeof via === 'string' ? ` via ${via}` : ''}`;
  }
  if (typeof d.name === 'string') return d.name;
  return null;
}

/**
 * Hubkeeper's own audit events next to Hub's: those of this instance, plus team access grants on the
 * organization's repositories made through any instance. Newest first.
 */
export async function listHubkeeperAuditEvents(
  actor: HasRoles | null,
  instanceId: string,
  options: { org?: string; limit?: number } = {},
): Promise<HubkeeperAuditEventDto[]> {
  assertViewer(actor);
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const or: Prisma.AuditEventWhereInput[] = [{ instanceId }];
  if (options.org !== undefined)
    or.push({ action: { startsWith: 'team.' }, repository: { startsWith: `${options.org}/` } });
  const rows = await db.auditEvent.findMany({
    where: { OR: or },
    orderBy: { id: 'desc' },
    take: limit,
    select: { id: true, at: true, actorEmail: true, action: true, instanceId: true, repository: true, details: true },
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    actorEmail: r.actorEmail,
    action: r.action,
    instanceId: r.instanceId,
    repository: r.repository,
    summary: summaryOf(r.action, r.details),
  }));
}
