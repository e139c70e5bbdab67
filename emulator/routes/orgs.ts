import type { RequestContext } from '../context';
import { hubTime } from '../clock';
import { beyondLastPage, isResult, paginate, parsePageStrict, type PageParams } from '../pagination';
import { callerOrgAccess, seesEmails, type OrgAccessNeed } from '../permissions';
import type { OrgRecord, UserRecord } from '../records';
import { hubError, type HandlerResult } from '../responses';
import { groupJson, groupMemberJson, inviteeMemberJson, inviteJson, orgMemberJson } from '../serialize';
import type { OrgRole } from '../types';

// Org administration routes (OAT-labelled in the spec). PAT-derived JWTs never get here: the route table
// refuses them with 403 "token issued from personal access token is not allowed".

function orgFor(ctx: RequestContext, need: OrgAccessNeed): OrgRecord | HandlerResult {
  const org = ctx.rt.state.orgs.get(ctx.params.org);
  if (!org) return hubError(404, 'organization not found');
  if (!callerOrgAccess(ctx.caller, org, need)) return hubError(403, 'forbidden');
  return org;
}

function isOrg(value: OrgRecord | HandlerResult): value is OrgRecord {
  return 'groups' in value;
}

function paged<T>(ctx: RequestContext, items: readonly T[], map: (item: T) => unknown): HandlerResult {
  const paging: PageParams | HandlerResult = parsePageStrict(ctx, 10);
  if (isResult(paging)) return paging;
  if (beyondLastPage(items.length, paging)) return hubError(404, 'page not found');
  return { status: 200, body: paginate(ctx, items, paging, map) };
}

/** GET /v2/orgs/{org}/groups?username=&search= */
export function listGroups(ctx: RequestContext): HandlerResult {
  const org = orgFor(ctx, 'member');
  if (!isOrg(org)) return org;
  const username = ctx.query.get('username');
  const search = ctx.query.get('search')?.toLowerCase() ?? '';
  const groups = org.groups.filter(
    (g) => (!username || g.members.includes(username)) && (!search || g.name.toLowerCase().includes(search)),
  );
  return paged(ctx, groups, groupJson);
}

/** GET /v2/orgs/{org}/groups/{group} */
export function getGroup(ctx: RequestContext): HandlerResult {
  const org = orgFor(ctx, 'member');
  if (!isOrg(org)) return org;
  const group = org.groups.find((g) => g.name === ctx.params.group);
  return group ? { status: 200, body: groupJson(group) } : hubError(404, 'group not found');
}

function matchesSearch(user: UserRecord, search: string, withEmail: boolean): boolean {
  return (
    user.username.toLowerCase().includes(search) ||
    user.fullName.toLowerCase().includes(search) ||
    (withEmail && user.email.toLowerCase().includes(search))
  );
}

/** GET /v2/orgs/{org}/groups/{group}/members?search= (e-mails only for owners/OATs). */
export function listGroupMembers(ctx: RequestContext): HandlerResult {
  const org = orgFor(ctx, 'member');
  if (!isOrg(org)) return org;
  const group = org.groups.find((g) => g.name === ctx.params.group);
  if (!group) return hubError(404, 'group not found');
  const showEmail = seesEmails(ctx.caller, org);
  const search = ctx.query.get('search')?.toLowerCase() ?? '';
  const users = group.members
    .map((name) => ctx.rt.state.users.get(name))
    .filter((u): u is UserRecord => u !== undefined && (!search || matchesSearch(u, search, showEmail)));
  return paged(ctx, users, (u) => groupMemberJson(u, showEmail));
}

type MemberRow = { kind: 'member'; user: UserRecord; role: OrgRole } | { kind: 'invitee'; index: number };

/** GET /v2/orgs/{org}/members?search=&type=all|invitee|member&role=owner|editor|member&invites=true */
export function listOrgMembers(ctx: RequestContext): HandlerResult {
  const org = orgFor(ctx, 'member');
  if (!isOrg(org)) return org;
  const showEmail = seesEmails(ctx.caller, org);
  const search = ctx.query.get('search')?.toLowerCase() ?? '';
  const type = ctx.query.get('type') ?? 'all';
  const role = ctx.query.get('role');
  if (!['all', 'invitee', 'member'].includes(type)) return hubError(400, 'type must be one of: all, invitee, member');
  if (role !== null && !['owner', 'editor', 'member'].includes(role)) {
    return hubError(400, 'role must be one of: owner, editor, member');
  }
  const rows: MemberRow[] = [];
  if (type !== 'invitee') {
    for (const [username, memberRole] of org.members) {
      const user = ctx.rt.state.users.get(username);
      if (!user || (role && memberRole !== role) || (search && !matchesSearch(user, search, showEmail))) continue;
      rows.push({ kind: 'member', user, role: memberRole });
    }
  }
  if (type === 'invitee' || (type === 'all' && ctx.query.get('invites') === 'true')) {
    org.invites.forEach((inv, index) => {
      if ((!role || inv.role === role) && (!search || inv.invitee.toLowerCase().includes(search))) {
        rows.push({ kind: 'invitee', index });
      }
    });
  }
  return paged(ctx, rows, (row) =>
    row.kind === 'member'
      ? orgMemberJson(row.user, org, row.role, showEmail)
      : inviteeMemberJson(org.invites[row.index]),
  );
}

/** GET /v2/orgs/{org}/invites -> {data: [...]} (owners and OATs). */
export function listInvites(ctx: RequestContext): HandlerResult {
  const org = orgFor(ctx, 'admin');
  if (!isOrg(org)) return org;
  return { status: 200, body: { data: org.invites.map((inv) => inviteJson(inv, org)) } };
}

/** DELETE /v2/invites/{id} -> 204. */
export function deleteInvite(ctx: RequestContext): HandlerResult {
  for (const org of ctx.rt.state.orgs.values()) {
    const index = org.invites.findIndex((inv) => inv.id === ctx.params.id);
    if (index === -1) continue;
    if (!callerOrgAccess(ctx.caller, org, 'admin')) return hubError(403, 'forbidden');
    org.invites.splice(index, 1);
    return { status: 204 };
  }
  return hubError(404, 'invite not found');
}

/** GET /v2/orgs/{org}/access-tokens -> {total, next, previous, results} (OAT list uses `total`). */
export function listOrgAccessTokens(ctx: RequestContext): HandlerResult {
  const org = orgFor(ctx, 'admin');
  if (!isOrg(org)) return org;
  const paging = parsePageStrict(ctx, 10);
  if (isResult(paging)) return paging;
  const tokens = [...ctx.rt.state.oats.values()].filter((t) => t.org === org.name);
  const page = paginate(ctx, tokens, paging, (t) => ({
    id: t.id,
    label: t.label,
    created_by: t.createdBy,
    is_active: t.isActive,
    created_at: hubTime(t.createdAt),
    expires_at: t.expiresAt === null ? null : hubTime(t.expiresAt),
    last_used_at: t.lastUsed === null ? null : hubTime(t.lastUsed),
  }));
  return { status: 200, body: { total: page.count, next: page.next, previous: page.previous, results: page.results } };
}
