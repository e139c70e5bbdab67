import 'server-only';
// Reading the audit log: filtered pages for /audit and a streamed CSV export. The log itself is
// written by lib/audit (append-only, hash-chained); this module only reads it.
import { hasPermission } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/client';
import { forbiddenError } from '@/lib/errors';
import type { AuditFilter } from '@/lib/validations/deletions';
import type { DeletionActor } from './common';

export interface AuditEventDTO {
  id: string;
  at: number;
  actorEmail: string | null;
  action: string;
  instanceId: string | null;
  instanceName: string | null;
  repository: string | null;
  details: unknown;
}

export interface AuditPageDTO {
  events: AuditEventDTO[];
  /** Pass as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

function assertView(actor: DeletionActor): void {
  if (!hasPermission(actor, 'audit.view')) throw forbiddenError();
}

function whereOf(filter: Omit<AuditFilter, 'take' | 'cursor'>): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.actor) where.actorEmail = { contains: filter.actor, mode: 'insensitive' };
  if (filter.action) where.action = filter.action.endsWith('.') ? { startsWith: filter.action } : { contains: filter.action };
  if (filter.instanceId) where.instanceId = filter.instanceId;
  if (filter.repository) where.repository = { contains: filter.repository, mode: 'insensitive' };
  if (filter.from || filter.to) where.at = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) };
  return where;
}

function cursorOf(value: string | undefined): bigint | undefined {
  if (value === undefined || !/^\d{1,19}$/.test(value)) return undefined;
  return BigInt(value);
}

async function instanceNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.instance.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

type Row = { id: bigint; at: Date; actorEmail: string | null; action: string; instanceId: string | null; repository: string | null; details: unknown };

function toDTO(r: Row, names: Map<string, string>): AuditEventDTO {
  return {
    id: r.id.toString(),
    at: r.at.getTime(),
    actorEmail: r.actorEmail,
    action: r.action,
    instanceId: r.instanceId,
    instanceName: r.instanceId ? (names.get(r.instanceId) ?? null) : null,
    repository: r.repository,
    details: r.details,
  };
}

/** One page of audit events matching the filter, newest first. */
export async function listAuditEvents(actor: DeletionActor, filter: AuditFilter): Promise<AuditPageDTO> {
  assertView(actor);
  const cursor = cursorOf(filter.cursor);
  const where = whereOf(filter);
  const rows = await db.auditEvent.findMany({
    where: cursor === undefined ? where : { AND: [where, { id: { lt: cursor } }] },
    orderBy: { id: 'desc' },
    take: filter.take + 1,
    select: { id: true, at: true, actorEmail: true, action: true, instanceId: true, repository: true, details: true },
  });
  const page = rows.slice(0, filter.take);
  const names = await instanceNames(page.map((r) => r.instanceId));
  return { events: page.map((r) => toDTO(r, names)), nextCursor: rows.length > filter.take ? (page[page.length - 1]?.id.toString() ?? null) : null };
}

/** CSV cell: quoted when needed; a leading = + - @ is neutralised so spreadsheets don't run it. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_HEADER = ['id', 'at', 'actor', 'action', 'instance_id', 'instance', 'repository', 'details', 'prev_hash', 'hash'];

/** The filtered log as CSV lines (header first), oldest first, streamed in batches. */
export async function* auditCsvLines(actor: DeletionActor, filter: Omit<AuditFilter, 'take' | 'cursor'>): AsyncGenerator<string> {
  assertView(actor);
  const where = whereOf(filter);
  yield `${CSV_HEADER.join(',')}\r\n`;
  let after: bigint | undefined;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: after === undefined ? where : { AND: [where, { id: { gt: after } }] },
      orderBy: { id: 'asc' },
      take: 1000,
    });
    if (rows.length === 0) return;
    const names = await instanceNames(rows.map((r) => r.instanceId));
    let chunk = '';
    for (const r of rows) {
      chunk +=
        [
          r.id.toString(),
          r.at.toISOString(),
          r.actorEmail ?? '',
          r.action,
          r.instanceId ?? '',
          r.instanceId ? (names.get(r.instanceId) ?? '') : '',
          r.repository ?? '',
          JSON.stringify(r.details),
          r.prevHash,
          r.hash,
        ]
          .map(csvCell)
          .join(',') + '\r\n';
    }
    yield chunk;
    after = rows[rows.length - 1]?.id;
    if (rows.length < 1000) return;
  }
}

/** Choices for the audit page's filters: action names and instances. */
export async function getAuditFilterOptions(actor: DeletionActor): Promise<{ actions: string[]; instances: { id: string; name: string }[] }> {
  assertView(actor);
  const [actions, instances] = await Promise.all([
    db.auditEvent.findMany({ distinct: ['action'], select: { action: true }, orderBy: { action: 'asc' } }),
    db.instance.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ]);
  return { actions: actions.map((a) => a.action), instances };
}
