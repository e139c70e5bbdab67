import { hubTime } from '../clock';
import type { RequestContext } from '../context';
import { isResult, paginate, parsePageStrict } from '../pagination';
import type { PatRecord } from '../records';
import { hubError, oatNotAllowed, unauthorized, type HandlerResult } from '../responses';
import { orgJson, ownProfile, publicProfile } from '../serialize';

// Undocumented account routes (/v2/user/, /v2/users/{name}/, /v2/orgs/{name}) and PAT self-management.

/** GET /v2/user/ — the caller's own account. */
export function currentUser(ctx: RequestContext): HandlerResult {
  const c = ctx.caller;
  if (c.kind === 'anonymous') return unauthorized();
  if (c.kind === 'oat') return oatNotAllowed();
  return { status: 200, body: ownProfile(c.user) };
}

/** GET /v2/users/{name}/ — public profile, anonymous allowed. */
export function userProfile(ctx: RequestContext): HandlerResult {
  const user = ctx.rt.state.users.get(ctx.params.name);
  return user ? { status: 200, body: publicProfile(user) } : hubError(404, 'user not found');
}

/** GET /v2/orgs/{name} — works with PAT JWTs too (hub-feedback#2438). */
export function orgProfile(ctx: RequestContext): HandlerResult {
  const org = ctx.rt.state.orgs.get(ctx.params.name);
  return org ? { status: 200, body: orgJson(org) } : hubError(404, 'organization not found');
}

function accessTokenJson(pat: PatRecord): Record<string, unknown> {
  return {
    uuid: pat.id,
    client_id: 'HUB',
    creator_ip: '127.0.0.1',
    creator_ua: 'hub-emulator',
    created_at: hubTime(pat.createdAt),
    last_used: pat.lastUsed === null ? null : hubTime(pat.lastUsed),
    generated_by: 'manual',
    is_active: pat.isActive,
    token: '',
    token_label: pat.label,
    scopes: [pat.scope],
    expires_at: pat.expiresAt === null ? null : hubTime(pat.expiresAt),
  };
}

function ownPats(ctx: RequestContext): PatRecord[] | HandlerResult {
  const c = ctx.caller;
  if (c.kind === 'anonymous') return unauthorized();
  if (c.kind === 'oat') return oatNotAllowed();
  return [...ctx.rt.state.pats.values()].filter((p) => p.username === c.user.username);
}

/** GET /v2/access-tokens (password JWTs only; PAT JWTs are refused by the route table). */
export function listAccessTokens(ctx: RequestContext): HandlerResult {
  const pats = ownPats(ctx);
  if (!Array.isArray(pats)) return pats;
  const paging = parsePageStrict(ctx, 10);
  if (isResult(paging)) return paging;
  const page = paginate(ctx, pats, paging, accessTokenJson);
  return {
    status: 200,
    body: {
      count: page.count,
      next: page.next,
      previous: page.previous,
      active_count: pats.filter((p) => p.isActive).length,
      results: page.results,
    },
  };
}

/** GET /v2/access-tokens/{uuid} */
export function getAccessToken(ctx: RequestContext): HandlerResult {
  const pats = ownPats(ctx);
  if (!Array.isArray(pats)) return pats;
  const pat = pats.find((p) => p.id === ctx.params.uuid);
  return pat
    ? { status: 200, body: accessTokenJson(pat) }
    : { status: 404, body: { detail: 'Not found.', message: 'Not found.' } };
}
