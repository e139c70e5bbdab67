import { asObject, type RequestContext } from '../context';
import { beyondLastPage, isResult, paginate, paginateRaw, parsePageStrict } from '../pagination';
import { visibleInList } from '../permissions';
import { hubError, invalidOrdering, ORDERING_VALUES, type HandlerResult } from '../responses';
import { repoInfo, repoListEntry, tagJson, tagJsonString } from '../serialize';
import type { RepoSortKey } from '../store';
import type { TagSortKey } from '../tag-index';
import { actorName, notFound, readableRepo, writableRepo } from './repo-access';

// Namespaced (current, documented) repository and tag routes: /v2/namespaces/{ns}/repositories/...

/** Default repository order: by name. Stable under concurrent pushes, so paging never skips or repeats. */
export const DEFAULT_REPO_ORDERING: RepoSortKey = 'name';
/** Default tag order: newest push first (what Hub's UI and most clients expect on page 1). */
export const DEFAULT_TAG_ORDERING: TagSortKey = '-last_updated';
export const TAG_ORDERING_VALUES: readonly TagSortKey[] = ['last_updated', '-last_updated', 'name', '-name'];

function isRepoOrdering(value: string): value is RepoSortKey {
  return (ORDERING_VALUES as readonly string[]).includes(value);
}

export function isTagOrdering(value: string): value is TagSortKey {
  return (TAG_ORDERING_VALUES as readonly string[]).includes(value);
}

const pageNotFound = () => hubError(404, 'page not found');

/** GET /v2/namespaces/{ns}/repositories */
export function listNamespaceRepositories(ctx: RequestContext): HandlerResult {
  const ordering = ctx.query.get('ordering');
  if (ordering !== null && !isRepoOrdering(ordering)) return invalidOrdering();
  const paging = parsePageStrict(ctx, 10);
  if (isResult(paging)) return paging;
  const { state } = ctx.rt;
  if (!state.namespaceExists(ctx.params.ns)) return hubError(404, 'namespace not found');
  const needle = ctx.query.get('name')?.toLowerCase() ?? '';
  const repos = state
    .sortedNamespaceRepos(ctx.params.ns, ordering ?? DEFAULT_REPO_ORDERING)
    .filter((r) => visibleInList(state, ctx.caller, r) && (!needle || r.name.toLowerCase().includes(needle)));
  if (beyondLastPage(repos.length, paging)) return pageNotFound();
  return { status: 200, body: paginate(ctx, repos, paging, (r) => repoListEntry(state, r)) };
}

/** GET|HEAD /v2/namespaces/{ns}/repositories/{repo} */
export function getRepository(ctx: RequestContext): HandlerResult {
  const found = readableRepo(ctx, 'namespaced');
  if (!('repo' in found)) return found;
  return { status: 200, body: repoInfo(ctx.rt.state, found.repo, found.access, 'namespaced') };
}

/** PATCH /v2/namespaces/{ns}/repositories/{repo}: not an update endpoint on Hub (observed 403, 2026). */
export function patchNamespacedRepository(): HandlerResult {
  return hubError(403, 'forbidden');
}

/**
 * GET|HEAD /v2/namespaces/{ns}/repositories/{repo}/tags. Beyond the spec, `name` (substring) and `ordering`
 * are honoured here too, with plain semantics ('-' = descending), because some clients send them.
 */
export function listTags(ctx: RequestContext): HandlerResult {
  const ordering = ctx.query.get('ordering');
  if (ordering !== null && !isTagOrdering(ordering)) return invalidOrdering(TAG_ORDERING_VALUES);
  const paging = parsePageStrict(ctx, 10);
  if (isResult(paging)) return paging;
  const found = readableRepo(ctx, 'namespaced');
  if (!('repo' in found)) return found;
  const { repo } = found;
  const needle = ctx.query.get('name') ?? '';
  const sorted = repo.tags.sorted(ordering ?? DEFAULT_TAG_ORDERING);
  const tags = needle ? sorted.filter((t) => t.name.includes(needle)) : sorted;
  if (beyondLastPage(tags.length, paging)) return pageNotFound();
  return { status: 200, rawJson: paginateRaw(ctx, tags, paging, (t) => tagJsonString(repo, t, ctx.now)) };
}

/** GET|HEAD /v2/namespaces/{ns}/repositories/{repo}/tags/{tag} */
export function getTag(ctx: RequestContext): HandlerResult {
  const found = readableRepo(ctx, 'namespaced');
  if (!('repo' in found)) return found;
  const tag = found.repo.tags.get(ctx.params.tag);
  if (!tag) return notFound('namespaced', 'tag');
  return { status: 200, body: tagJson(found.repo, tag, ctx.now) };
}

function compiles(rule: string): boolean {
  try {
    new RegExp(rule);
    return true;
  } catch {
    return false;
  }
}

/** PATCH /v2/namespaces/{ns}/repositories/{repo}/immutabletags {immutable_tags, immutable_tags_rules} */
export function updateImmutableTags(ctx: RequestContext): HandlerResult {
  const found = writableRepo(ctx, 'namespaced', 'admin');
  if (!('repo' in found)) return found;
  const body = asObject(ctx.body);
  const enabled = body?.immutable_tags;
  const rules = body?.immutable_tags_rules;
  if (typeof enabled !== 'boolean' || !Array.isArray(rules) || !rules.every((r) => typeof r === 'string')) {
    return hubError(400, 'immutable_tags (boolean) and immutable_tags_rules (string[]) are required');
  }
  const ruleList = rules as string[];
  const bad = ruleList.find((r) => !compiles(r));
  if (bad !== undefined) return hubError(400, `invalid immutable tags rule: ${bad}`);
  ctx.rt.state.setImmutableTags(found.repo, enabled, ruleList, actorName(ctx));
  return { status: 200, body: repoInfo(ctx.rt.state, found.repo, found.access, 'namespaced') };
}

/**
 * POST /v2/namespaces/{ns}/repositories/{repo}/immutabletags/verify {regex} -> {tags}. The regex is checked by
 * compiling it: the spec's documented pattern rejects its own example ("v.*"), so it is not enforced.
 */
export function verifyImmutableTags(ctx: RequestContext): HandlerResult {
  const found = writableRepo(ctx, 'namespaced', 'admin');
  if (!('repo' in found)) return found;
  const regex = asObject(ctx.body)?.regex;
  if (typeof regex !== 'string' || regex === '' || !compiles(regex)) return hubError(400, 'invalid regex');
  const matcher = new RegExp(`^(?:${regex})$`);
  const tags = found.repo.tags
    .sorted('name')
    .filter((t) => matcher.test(t.name))
    .map((t) => t.name);
  return { status: 200, body: { tags } };
}
