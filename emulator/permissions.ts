import type { Caller } from './auth';
import type { OrgRecord, RepoRecord, UserRecord } from './records';
import type { EmulatorState } from './store';
import type { PatScope, RepoPermission } from './types';

// Who may do what to a repository. Two independent limits apply, like on Hub: the account's own rights
// (owner / org role / team grants) and the token's scope (PAT scope, OAT scopes).

export type Access = 'none' | RepoPermission;

const ACCESS_RANK: Record<Access, number> = { none: 0, read: 1, write: 2, admin: 3 };
const SCOPE_RANK: Record<PatScope, number> = {
  'repo:public_read': 0,
  'repo:read': 1,
  'repo:write': 2,
  'repo:admin': 3,
};

export const OAT_SCOPE_REPOSITORY_LIST = 'scope-repository-list';
export const OAT_SCOPE_IMAGE_PULL = 'scope-image-pull';
/** Emulator convention: lets an OAT change repository settings (immutable tags) on the namespaced API. */
export const OAT_SCOPE_REPOSITORY_ADMIN = 'scope-repository-admin';

export function atLeast(have: Access, need: Access): boolean {
  return ACCESS_RANK[have] >= ACCESS_RANK[need];
}

/** Scope hierarchy: repo:admin ⊃ repo:write ⊃ repo:read ⊃ repo:public_read. */
export function scopeAtLeast(have: PatScope, need: PatScope): boolean {
  return SCOPE_RANK[have] >= SCOPE_RANK[need];
}

function minAccess(a: Access, b: Access): Access {
  return ACCESS_RANK[a] <= ACCESS_RANK[b] ? a : b;
}

/** The account's own rights: owner of the user namespace, org owner/editor, or the best team grant. */
export function userRepoAccess(state: EmulatorState, user: UserRecord, repo: RepoRecord): Access {
  if (repo.namespace === user.username) return 'admin';
  const org = state.orgs.get(repo.namespace);
  let access: Access = repo.isPrivate ? 'none' : 'read';
  if (!org) return access;
  const role = org.members.get(user.username);
  if (role === 'owner' || role === 'editor') return 'admin';
  if (!role) return access;
  for (const group of org.groups) {
    const granted = repo.groupGrants.get(group.id);
    if (granted && group.members.includes(user.username) && ACCESS_RANK[granted] > ACCESS_RANK[access])
      access = granted;
  }
  return access;
}

function oatRepoAccess(caller: Extract<Caller, { kind: 'oat' }>, repo: RepoRecord): Access {
  const ownOrg = caller.org.name === repo.namespace;
  const canRead = !repo.isPrivate || (ownOrg && oatCanReadPrivate(caller, repo));
  if (!canRead) return 'none';
  return ownOrg && caller.scopes.includes(OAT_SCOPE_REPOSITORY_ADMIN) ? 'admin' : 'read';
}

function oatCanReadPrivate(caller: Extract<Caller, { kind: 'oat' }>, repo: RepoRecord): boolean {
  if (caller.scopes.includes(OAT_SCOPE_REPOSITORY_LIST)) return true;
  return caller.resources.some(
    (r) => r.type === 'TYPE_REPO' && r.scopes.includes(OAT_SCOPE_IMAGE_PULL) && resourcePathMatches(r.path, repo),
  );
}

/** OAT resource paths: `org/repo`, globs like `org/*`, and `* /* /public` (public repositories only). */
export function resourcePathMatches(path: string, repo: RepoRecord): boolean {
  let pattern = path;
  if (pattern.endsWith('/public')) {
    if (repo.isPrivate) return false;
    pattern = pattern.slice(0, -'/public'.length);
  }
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('[^/]*')}$`);
  return regex.test(`${repo.namespace}/${repo.name}`);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Effective access of a caller: account rights capped by the token's scope. */
export function callerRepoAccess(state: EmulatorState, caller: Caller, repo: RepoRecord): Access {
  switch (caller.kind) {
    case 'anonymous':
      return repo.isPrivate ? 'none' : 'read';
    case 'password':
      return userRepoAccess(state, caller.user, repo);
    case 'pat': {
      const own = userRepoAccess(state, caller.user, repo);
      if (caller.scope === 'repo:public_read') return repo.isPrivate ? 'none' : minAccess(own, 'read');
      const cap: Access = caller.scope === 'repo:admin' ? 'admin' : caller.scope === 'repo:write' ? 'write' : 'read';
      return minAccess(own, cap);
    }
    case 'oat':
      return oatRepoAccess(caller, repo);
  }
}

/** Whether listNamespaceRepositories includes this repository for the caller (OATs need scope-repository-list). */
export function visibleInList(state: EmulatorState, caller: Caller, repo: RepoRecord): boolean {
  if (!repo.isPrivate) return true;
  if (caller.kind === 'oat') {
    return caller.org.name === repo.namespace && caller.scopes.includes(OAT_SCOPE_REPOSITORY_LIST);
  }
  return callerRepoAccess(state, caller, repo) !== 'none';
}

export type OrgAccessNeed = 'member' | 'admin';

/** Org-level rights for org routes: OATs act for their own org; users need membership (owner/editor for admin). */
export function callerOrgAccess(caller: Caller, org: OrgRecord, need: OrgAccessNeed): boolean {
  if (caller.kind === 'oat') return caller.org.name === org.name;
  if (caller.kind === 'anonymous') return false;
  const role = org.members.get(caller.user.username);
  if (!role) return false;
  return need === 'member' || role === 'owner' || role === 'editor';
}

/** Whether the caller sees member e-mails (owners and OATs, like Hub's "elevated permissions"). */
export function seesEmails(caller: Caller, org: OrgRecord): boolean {
  return callerOrgAccess(caller, org, 'admin');
}
