import type { RequestContext } from '../context';
import { callerOrgAccess } from '../permissions';
import { hubError, type HandlerResult } from '../responses';
import { auditJson } from '../serialize';

// Audit logs: {logs: [...]} without a page envelope, newest first, page_size default 25.

const INT = /^\d+$/;

function canReadAudit(ctx: RequestContext, account: string): boolean | 'missing' {
  const { state } = ctx.rt;
  const org = state.orgs.get(account);
  if (org) return callerOrgAccess(ctx.caller, org, 'admin');
  if (state.users.has(account)) return ctx.caller.kind === 'password' && ctx.caller.user.username === account;
  return 'missing';
}

function parseTime(value: string | null): number | null | 'invalid' {
  if (value === null || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 'invalid' : ms;
}

/** GET /v2/auditlogs/{account}?action=&name=&actor=&from=&to=&page=&page_size= */
export function listAuditLogs(ctx: RequestContext): HandlerResult {
  const account = ctx.params.account;
  const allowed = canReadAudit(ctx, account);
  if (allowed === 'missing') return hubError(404, 'account not found');
  if (!allowed) return hubError(403, 'forbidden');
  const rawPage = ctx.query.get('page') ?? '1';
  const rawSize = ctx.query.get('page_size') ?? '25';
  if (!INT.test(rawPage) || !INT.test(rawSize) || Number(rawPage) < 1 || Number(rawSize) < 1) {
    return hubError(400, 'page and page_size must be positive integers');
  }
  const page = Number(rawPage);
  const pageSize = Math.min(Number(rawSize), 100);
  const from = parseTime(ctx.query.get('from'));
  const to = parseTime(ctx.query.get('to'));
  if (from === 'invalid' || to === 'invalid') return hubError(400, 'from and to must be RFC 3339 date-times');
  const action = ctx.query.get('action');
  const name = ctx.query.get('name');
  const actor = ctx.query.get('actor');
  // Newest first; the store appends in time order except for fixture history, hence the explicit sort.
  const events = ctx.rt.state.audit
    .filter(
      (e) =>
        e.account === account &&
        (!action || e.action === action) &&
        (!name || e.name === name || e.name === `${account}/${name}`) &&
        (!actor || e.actor === actor) &&
        (from === null || e.timestamp >= from) &&
        (to === null || e.timestamp <= to),
    )
    .sort((a, b) => b.timestamp - a.timestamp || b.seq - a.seq);
  return { status: 200, body: { logs: events.slice((page - 1) * pageSize, page * pageSize).map(auditJson) } };
}

const REPO_ACTIONS: [string, string, string][] = [
  ['create', 'Create repository', 'Repository Created'],
  ['update', 'Update repository description or team access', 'Repository Updated'],
  ['delete', 'Delete repository', 'Repository Deleted'],
  ['change_privacy', 'Change repository privacy', 'Privacy Changed'],
  ['category.updated', 'Update repository categories', 'Categories Updated'],
  ['immutable.tags.updated', 'Update immutable tags settings', 'Immutable Tags Updated'],
  ['tag.push', 'Push a tag', 'Tag Pushed'],
  ['tag.delete', 'Delete a tag', 'Tag Deleted'],
];

/** GET /v2/auditlogs/{account}/actions — the repo action group only (what the emulator records). */
export function listAuditActions(ctx: RequestContext): HandlerResult {
  const allowed = canReadAudit(ctx, ctx.params.account);
  if (allowed === 'missing') return hubError(404, 'account not found');
  if (!allowed) return hubError(403, 'forbidden');
  return {
    status: 200,
    body: {
      actions: {
        repo: {
          actions: REPO_ACTIONS.map(([name, description, label]) => ({ name, description, label })),
          label: 'Repository',
        },
      },
    },
  };
}
