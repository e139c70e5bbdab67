import type { RequestContext } from '../context';
import { callerRepoAccess, scopeAtLeast, type Access } from '../permissions';
import type { RepoRecord } from '../records';
import { hubError, insufficientScope, legacyForbidden, legacyNotFound, type HandlerResult } from '../responses';

export type Flavor = 'namespaced' | 'legacy';

export interface RepoAccess {
  repo: RepoRecord;
  access: Access;
}

export function notFound(flavor: Flavor, what = 'repository'): HandlerResult {
  return flavor === 'legacy' ? legacyNotFound() : hubError(404, `${what} not found`);
}

function forbidden(flavor: Flavor): HandlerResult {
  return flavor === 'legacy' ? legacyForbidden() : hubError(403, 'forbidden');
}

/**
 * Look up {ns}/{repo} for reading. A private repository the caller cannot read looks missing (404, or 403 when
 * configured), so private names do not leak.
 */
export function readableRepo(ctx: RequestContext, flavor: Flavor): RepoAccess | HandlerResult {
  const repo = ctx.rt.state.getRepo(ctx.params.ns, ctx.params.repo);
  if (!repo) return notFound(flavor);
  const access = callerRepoAccess(ctx.rt.state, ctx.caller, repo);
  if (access === 'none') return ctx.rt.options.privateRepoStatus === 403 ? forbidden(flavor) : notFound(flavor);
  return { repo, access };
}

/**
 * Gate for writes. Order mirrors Hub: the token's scope is checked first (a PAT below repo:admin gets
 * 403 "insufficient scope" whatever the repository), then existence/visibility (404), then account rights (403).
 */
export function writableRepo(ctx: RequestContext, flavor: Flavor, need: Access): RepoAccess | HandlerResult {
  if (ctx.caller.kind === 'pat' && !scopeAtLeast(ctx.caller.scope, 'repo:admin')) return insufficientScope();
  const found = readableRepo(ctx, flavor);
  if (!('repo' in found)) return found;
  const rank: Record<Access, number> = { none: 0, read: 1, write: 2, admin: 3 };
  if (rank[found.access] < rank[need]) return forbidden(flavor);
  return found;
}

/** The acting username for audit events. */
export function actorName(ctx: RequestContext): string {
  const c = ctx.caller;
  return c.kind === 'anonymous' ? 'anonymous' : c.kind === 'oat' ? c.org.name : c.user.username;
}
