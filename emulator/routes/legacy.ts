import { asObject, type RequestContext } from '../context';
import { beyondLastPage, isResult, paginate, paginateRaw, parsePageLegacy } from '../pagination';
import { scopeAtLeast, visibleInList } from '../permissions';
import {
  hubError,
  insufficientScope,
  legacyError,
  legacyNotFound,
  ORDERING_VALUES,
  type HandlerResult,
} from '../responses';
import { repoInfo, repoListEntry, tagJson, tagJsonString } from '../serialize';
import type { RepoSortKey } from '../store';
import type { TagSortKey } from '../tag-index';
import { actorName, readableRepo, writableRepo } from './repo-access';
import { DEFAULT_REPO_ORDERING, DEFAULT_TAG_ORDERING, isTagOrdering } from './repositories';

// Undocumented Django-era routes under /v2/repositories/... (trailing slash; DRF error bodies {"detail": ...}).

export const DESCRIPTION_MAX = 100;
export const FULL_DESCRIPTION_MAX = 25_000;

const invalidPage = () => legacyError(404, 'Invalid page.');

/** GET /v2/repositories/{ns}/ (deprecated list). DRF ignores unknown `ordering` values instead of failing. */
export function legacyListRepositories(ctx: RequestContext): HandlerResult {
  const paging = parsePageLegacy(ctx, 10);
  if (isResult(paging)) return paging;
  const { state } = ctx.rt;
  if (!state.namespaceExists(ctx.params.ns)) return legacyNotFound();
  const raw = ctx.query.get('ordering') ?? '';
  const ordering: RepoSortKey = (ORDERING_VALUES as readonly string[]).includes(raw)
    ? (raw as RepoSortKey)
    : DEFAULT_REPO_ORDERING;
  const needle = ctx.query.get('name')?.toLowerCase() ?? '';
  const repos = state
    .sortedNamespaceRepos(ctx.params.ns, ordering)
    .filter((r) => visibleInList(state, ctx.caller, r) && (!needle || r.name.toLowerCase().includes(needle)));
  if (beyondLastPage(repos.length, paging)) return invalidPage();
  return { status: 200, body: paginate(ctx, repos, paging, (r) => repoListEntry(state, r)) };
}

/** GET /v2/repositories/{ns}/{repo}/ — full_description absent when unset (observed). */
export function legacyGetRepository(ctx: RequestContext): HandlerResult {
  const found = readableRepo(ctx, 'legacy');
  if (!('repo' in found)) return found;
  return { status: 200, body: repoInfo(ctx.rt.state, found.repo, found.access, 'legacy') };
}

/**
 * PATCH /v2/repositories/{ns}/{repo}/ {description?, full_description?} -> 200 updated repository.
 * Needs a repo:admin PAT (or password) and admin rights. Over-long fields -> 400 ValueError {fields, text}.
 */
export function legacyPatchRepository(ctx: RequestContext): HandlerResult {
  const found = writableRepo(ctx, 'legacy', 'admin');
  if (!('repo' in found)) return found;
  const body = asObject(ctx.body) ?? {};
  const fields: Record<string, string[]> = {};
  const patch: { description?: string; full_description?: string } = {};
  for (const [key, max] of [
    ['description', DESCRIPTION_MAX],
    ['full_description', FULL_DESCRIPTION_MAX],
  ] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string') fields[key] = ['Not a valid string.'];
    else if (value !== null && [...value].length > max) {
      fields[key] = [`Ensure this field has no more than ${max} characters.`];
    } else patch[key] = value ?? '';
  }
  if (Object.keys(fields).length > 0) {
    return { status: 400, body: { fields, text: `Invalid ${Object.keys(fields).join(', ')}` } };
  }
  if (patch.description !== undefined || patch.full_description !== undefined) {
    ctx.rt.state.updateDescriptions(found.repo, patch, actorName(ctx));
  }
  return { status: 200, body: repoInfo(ctx.rt.state, found.repo, found.access, 'legacy') };
}

/** Map the legacy `ordering` to our sort keys; Hub's observed semantics are inverted (see README). */
function legacyTagOrdering(raw: string | null, inverted: boolean): TagSortKey {
  if (raw === null || !isTagOrdering(raw)) return DEFAULT_TAG_ORDERING;
  if (!inverted) return raw;
  return raw.startsWith('-') ? (raw.slice(1) as TagSortKey) : (`-${raw}` as TagSortKey);
}

/** GET /v2/repositories/{ns}/{repo}/tags/ with `name` (substring) and `ordering`. */
export function legacyListTags(ctx: RequestContext): HandlerResult {
  const paging = parsePageLegacy(ctx, 10);
  if (isResult(paging)) return paging;
  const found = readableRepo(ctx, 'legacy');
  if (!('repo' in found)) return found;
  const { repo } = found;
  const order = legacyTagOrdering(ctx.query.get('ordering'), ctx.rt.options.legacyTagOrderingInverted);
  const needle = ctx.query.get('name') ?? '';
  const sorted = repo.tags.sorted(order);
  const tags = needle ? sorted.filter((t) => t.name.includes(needle)) : sorted;
  if (beyondLastPage(tags.length, paging)) return invalidPage();
  return { status: 200, rawJson: paginateRaw(ctx, tags, paging, (t) => tagJsonString(repo, t, ctx.now)) };
}

/** GET /v2/repositories/{ns}/{repo}/tags/{tag}/ */
export function legacyGetTag(ctx: RequestContext): HandlerResult {
  const found = readableRepo(ctx, 'legacy');
  if (!('repo' in found)) return found;
  const tag = found.repo.tags.get(ctx.params.tag);
  if (!tag) return legacyNotFound();
  return { status: 200, body: tagJson(found.repo, tag, ctx.now) };
}

/** DELETE /v2/repositories/{ns}/{repo}/tags/{tag}/ -> 204; immutable tags are refused with 400. */
export function legacyDeleteTag(ctx: RequestContext): HandlerResult {
  const found = writableRepo(ctx, 'legacy', 'write');
  if (!('repo' in found)) return found;
  const outcome = ctx.rt.state.deleteTag(found.repo, ctx.params.tag, actorName(ctx));
  switch (outcome.kind) {
    case 'deleted':
      return { status: 204 };
    case 'not_found':
      return legacyNotFound();
    case 'immutable':
      return legacyError(400, `Tag "${ctx.params.tag}" is immutable (rule "${outcome.rule}") and cannot be deleted.`);
  }
}

const GROUP_PERMISSIONS = ['read', 'write', 'admin'] as const;
type GroupPermission = (typeof GROUP_PERMISSIONS)[number];

/**
 * POST /v2/repositories/{ns}/{repo}/groups {group_id, permission} -> 200 {group_name, permission, group_id}.
 * Documented and current (not legacy): OATs of the owning org are accepted, PATs too unless configured otherwise.
 */
export function createRepositoryGroup(ctx: RequestContext): HandlerResult {
  if (ctx.caller.kind === 'pat' && !scopeAtLeast(ctx.caller.scope, 'repo:admin')) return insufficientScope();
  const body = asObject(ctx.body);
  const groupId = body?.group_id;
  const permission = body?.permission;
  if (typeof groupId !== 'number' || !Number.isInteger(groupId)) {
    return hubError(400, 'group_id must be an integer', { fields: { group_id: ['A valid integer is required.'] } });
  }
  if (typeof permission !== 'string' || !(GROUP_PERMISSIONS as readonly string[]).includes(permission)) {
    return hubError(400, 'permission must be one of: read, write, admin', {
      fields: { permission: ['Must be one of: read, write, admin'] },
    });
  }
  const found = readableRepo(ctx, 'namespaced');
  if (!('repo' in found)) return found;
  const org = ctx.rt.state.orgs.get(found.repo.namespace);
  const group = org ? ctx.rt.state.findGroupById(org, groupId) : undefined;
  if (!org || !group) return hubError(404, 'group not found');
  const allowed = ctx.caller.kind === 'oat' ? ctx.caller.org.name === org.name : found.access === 'admin';
  if (!allowed) return hubError(403, 'forbidden');
  ctx.rt.state.grantGroup(found.repo, group, permission as GroupPermission, actorName(ctx));
  return { status: 200, body: { group_name: group.name, permission, group_id: group.id } };
}
