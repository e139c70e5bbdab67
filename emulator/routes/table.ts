import type { Handler } from '../context';
import { currentUser, getAccessToken, listAccessTokens, orgProfile, userProfile } from './account';
import { listAuditActions, listAuditLogs } from './audit';
import { createAccessToken, users2faLogin, usersLogin } from './auth';
import {
  createRepositoryGroup,
  legacyDeleteTag,
  legacyGetRepository,
  legacyGetTag,
  legacyListRepositories,
  legacyListTags,
  legacyPatchRepository,
} from './legacy';
import {
  deleteInvite,
  getGroup,
  listGroupMembers,
  listGroups,
  listInvites,
  listOrgAccessTokens,
  listOrgMembers,
} from './orgs';
import {
  getRepository,
  getTag,
  listNamespaceRepositories,
  listTags,
  patchNamespacedRepository,
  updateImmutableTags,
  verifyImmutableTags,
} from './repositories';

/**
 * Trailing-slash policy. `none`: documented namespaced paths, a slash is an unknown path. `redirect`: Django-era
 * legacy paths, canonical form ends in '/', the slash-less form answers 301 (and performs nothing). `either`:
 * both forms are served (documented without slash, but hub-tool sends one).
 */
export type SlashPolicy = 'none' | 'redirect' | 'either';

/**
 * Token-type families (the policy table of the notes, §13):
 * - `legacy-repo`: /v2/repositories/... except /groups — OAT JWTs get 403.
 * - `org-admin`, `audit`: PAT JWTs get 403.
 * - `pat-admin`: /v2/access-tokens* — PAT and OAT JWTs get 403.
 * - `repo-groups`: PAT allowed unless refusePatOnRepoGroups.
 * - `current-user`: /v2/user/ — OAT 403; PAT 403 only if refusePatOnCurrentUser.
 */
export type Family =
  | 'auth'
  | 'namespaced'
  | 'legacy-repo'
  | 'repo-groups'
  | 'org-admin'
  | 'audit'
  | 'pat-admin'
  | 'current-user'
  | 'public-account';

export interface RouteDef {
  /** GET routes answer HEAD too (same status and headers, no body). */
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: string;
  slash: SlashPolicy;
  family: Family;
  /** true = anonymous callers get 401. */
  authRequired: boolean;
  handler: Handler;
}

const r = (
  method: RouteDef['method'],
  pattern: string,
  slash: SlashPolicy,
  family: Family,
  authRequired: boolean,
  handler: Handler,
): RouteDef => ({ method, pattern, slash, family, authRequired, handler });

export const ROUTES: RouteDef[] = [
  r('POST', '/v2/auth/token', 'either', 'auth', false, createAccessToken),
  r('POST', '/v2/users/login', 'either', 'auth', false, usersLogin),
  r('POST', '/v2/users/2fa-login', 'either', 'auth', false, users2faLogin),

  r('GET', '/v2/namespaces/:ns/repositories', 'none', 'namespaced', false, listNamespaceRepositories),
  r('GET', '/v2/namespaces/:ns/repositories/:repo', 'none', 'namespaced', false, getRepository),
  r('PATCH', '/v2/namespaces/:ns/repositories/:repo', 'none', 'namespaced', true, patchNamespacedRepository),
  r('GET', '/v2/namespaces/:ns/repositories/:repo/tags', 'none', 'namespaced', false, listTags),
  r('GET', '/v2/namespaces/:ns/repositories/:repo/tags/:tag', 'none', 'namespaced', false, getTag),
  r('PATCH', '/v2/namespaces/:ns/repositories/:repo/immutabletags', 'none', 'namespaced', true, updateImmutableTags),
  r(
    'POST',
    '/v2/namespaces/:ns/repositories/:repo/immutabletags/verify',
    'none',
    'namespaced',
    true,
    verifyImmutableTags,
  ),

  r('POST', '/v2/repositories/:ns/:repo/groups', 'either', 'repo-groups', true, createRepositoryGroup),
  r('GET', '/v2/repositories/:ns', 'redirect', 'legacy-repo', false, legacyListRepositories),
  r('GET', '/v2/repositories/:ns/:repo', 'redirect', 'legacy-repo', false, legacyGetRepository),
  r('PATCH', '/v2/repositories/:ns/:repo', 'redirect', 'legacy-repo', true, legacyPatchRepository),
  r('GET', '/v2/repositories/:ns/:repo/tags', 'redirect', 'legacy-repo', false, legacyListTags),
  r('GET', '/v2/repositories/:ns/:repo/tags/:tag', 'redirect', 'legacy-repo', false, legacyGetTag),
  r('DELETE', '/v2/repositories/:ns/:repo/tags/:tag', 'redirect', 'legacy-repo', true, legacyDeleteTag),

  r('GET', '/v2/user', 'redirect', 'current-user', true, currentUser),
  r('GET', '/v2/users/:name', 'redirect', 'public-account', false, userProfile),
  r('GET', '/v2/orgs/:name', 'either', 'public-account', false, orgProfile),

  r('GET', '/v2/orgs/:org/groups', 'either', 'org-admin', true, listGroups),
  r('GET', '/v2/orgs/:org/groups/:group', 'either', 'org-admin', true, getGroup),
  r('GET', '/v2/orgs/:org/groups/:group/members', 'either', 'org-admin', true, listGroupMembers),
  r('GET', '/v2/orgs/:org/members', 'either', 'org-admin', true, listOrgMembers),
  r('GET', '/v2/orgs/:org/invites', 'either', 'org-admin', true, listInvites),
  r('DELETE', '/v2/invites/:id', 'either', 'org-admin', true, deleteInvite),
  r('GET', '/v2/orgs/:org/access-tokens', 'either', 'org-admin', true, listOrgAccessTokens),

  r('GET', '/v2/auditlogs/:account', 'either', 'audit', true, listAuditLogs),
  r('GET', '/v2/auditlogs/:account/actions', 'either', 'audit', true, listAuditActions),

  r('GET', '/v2/access-tokens', 'either', 'pat-admin', true, listAccessTokens),
  r('GET', '/v2/access-tokens/:uuid', 'either', 'pat-admin', true, getAccessToken),
];
