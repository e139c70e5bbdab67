import { hubTime } from './clock';
import type { Access } from './permissions';
import type { AuditRecord, GroupRecord, InviteRecord, OrgRecord, RepoRecord, TagRecord, UserRecord } from './records';
import type { EmulatorState } from './store';
import type { OrgRole } from './types';

// JSON shapes as the real Hub sends them (key order included: some clients and snapshot tests care).

const ACTIVE_WINDOW_MS = 30 * 86_400_000;

const time = (ms: number | null) => (ms === null ? null : hubTime(ms));

/** Tag status: "active" when pushed or pulled within the last month. */
function activity(pushedAt: number, pulledAt: number | null, now: number): 'active' | 'inactive' {
  const latest = Math.max(pushedAt, pulledAt ?? 0);
  return now - latest <= ACTIVE_WINDOW_MS ? 'active' : 'inactive';
}

/** listNamespaceRepositories / legacy list entry. */
export function repoListEntry(state: EmulatorState, repo: RepoRecord): Record<string, unknown> {
  return {
    name: repo.name,
    namespace: repo.namespace,
    repository_type: 'image',
    status: 1,
    status_description: 'active',
    description: repo.description ?? '',
    is_private: repo.isPrivate,
    star_count: repo.starCount,
    pull_count: repo.pullCount,
    last_updated: hubTime(state.repoLastUpdated(repo)),
    last_modified: time(repo.lastModified ?? state.repoLastUpdated(repo)),
    date_registered: hubTime(repo.dateRegistered),
    affiliation: '',
    media_types: repo.tags.mediaTypes,
    content_types: repo.tags.size > 0 ? ['image'] : [],
    categories: repo.categories,
    storage_size: repo.tags.storageSize,
  };
}

/**
 * repository_info. Namespaced routes send full_description: null when unset; the legacy route omits the key
 * (observed), which `variant` selects.
 */
export function repoInfo(
  state: EmulatorState,
  repo: RepoRecord,
  access: Access,
  variant: 'namespaced' | 'legacy',
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    user: repo.namespace,
    name: repo.name,
    namespace: repo.namespace,
    repository_type: 'image',
    status: 1,
    status_description: 'active',
    description: repo.description ?? '',
    is_private: repo.isPrivate,
    is_automated: false,
    star_count: repo.starCount,
    pull_count: repo.pullCount,
    last_updated: hubTime(state.repoLastUpdated(repo)),
    last_modified: time(repo.lastModified ?? state.repoLastUpdated(repo)),
    date_registered: hubTime(repo.dateRegistered),
    collaborator_count: 0,
    affiliation: null,
    hub_user: repo.namespace,
    has_starred: false,
  };
  if (variant === 'namespaced' || repo.fullDescription !== null) body.full_description = repo.fullDescription;
  body.permissions = {
    read: access !== 'none',
    write: access === 'write' || access === 'admin',
    admin: access === 'admin',
  };
  body.media_types = repo.tags.mediaTypes;
  body.content_types = repo.tags.size > 0 ? ['image'] : [];
  body.categories = repo.categories;
  body.immutable_tags_settings = { enabled: repo.immutableTags.enabled, rules: [...repo.immutableTags.rules] };
  body.storage_size = repo.tags.storageSize;
  body.source = null;
  return body;
}

/** Serialized tags keyed by record; valid while the time-dependent statuses are unchanged. */
const tagJsonCache = new WeakMap<TagRecord, { key: string; json: string }>();

/**
 * tagJson as a JSON string, cached per tag record (records are replaced, never mutated, on push). Only the
 * active/inactive statuses depend on the clock, so they form the cache key. Pages of the 10,000-tag
 * repository are built from these strings instead of re-serializing objects on every request.
 */
export function tagJsonString(repo: RepoRecord, tag: TagRecord, now: number): string {
  let key = `${repo.id}:${activity(tag.pushedAt, tag.pulledAt, now)}`;
  for (const img of tag.images) key += activity(img.lastPushed, img.lastPulled, now)[0];
  const hit = tagJsonCache.get(tag);
  if (hit && hit.key === key) return hit.json;
  const json = JSON.stringify(tagJson(repo, tag, now));
  tagJsonCache.set(tag, { key, json });
  return json;
}

/**
 * The real tag object (§4.3 of the notes): images as an array, v2 as a boolean, tag_status, media_type,
 * content_type, digest (absent on some old tags), in Hub's key order; `status` is appended as the spec's alias.
 */
export function tagJson(repo: RepoRecord, tag: TagRecord, now: number): Record<string, unknown> {
  const status = activity(tag.pushedAt, tag.pulledAt, now);
  const body: Record<string, unknown> = {
    creator: tag.pusherId,
    id: tag.id,
    images: tag.images.map((img) => ({
      architecture: img.architecture,
      features: '',
      variant: img.variant,
      digest: img.digest,
      os: img.os,
      os_features: '',
      os_version: null,
      size: img.size,
      status: activity(img.lastPushed, img.lastPulled, now),
      last_pulled: time(img.lastPulled),
      last_pushed: time(img.lastPushed),
    })),
    last_updated: hubTime(tag.pushedAt),
    last_updater: tag.pusherId,
    last_updater_username: tag.pusher,
    name: tag.name,
    repository: repo.id,
    full_size: tag.size,
    v2: true,
    tag_status: status,
    tag_last_pulled: time(tag.pulledAt),
    tag_last_pushed: hubTime(tag.pushedAt),
    media_type: tag.mediaType,
    content_type: 'image',
  };
  if (tag.digest !== null) body.digest = tag.digest;
  body.status = status;
  return body;
}

function gravatar(email: string): string {
  return `https://www.gravatar.com/avatar/${Buffer.from(email).toString('hex').slice(0, 32)}?s=80&r=g&d=mm`;
}

/** Fields of the spec's `user` schema. */
function userFields(user: UserRecord): Record<string, unknown> {
  return {
    id: user.uuid,
    company: user.company,
    date_joined: hubTime(user.dateJoined),
    full_name: user.fullName,
    gravatar_email: '',
    gravatar_url: gravatar(user.email),
    location: user.location,
    profile_url: '',
    type: 'User',
    username: user.username,
  };
}

/** GET /v2/users/{name}/ (undocumented public profile). */
export function publicProfile(user: UserRecord): Record<string, unknown> {
  return {
    id: user.uuid,
    uuid: user.uuid,
    username: user.username,
    full_name: user.fullName,
    location: user.location,
    company: user.company,
    profile_url: '',
    date_joined: hubTime(user.dateJoined),
    gravatar_url: gravatar(user.email),
    gravatar_email: '',
    type: 'User',
  };
}

/** GET /v2/user/ — the caller's own profile (adds e-mail). */
export function ownProfile(user: UserRecord): Record<string, unknown> {
  return { ...publicProfile(user), email: user.email };
}

/** GET /v2/orgs/{name} (undocumented; the fields hub-tool reads). */
export function orgJson(org: OrgRecord): Record<string, unknown> {
  return {
    id: org.uuid,
    uuid: org.uuid,
    orgname: org.name,
    full_name: org.fullName,
    location: org.location,
    company: org.company,
    profile_url: '',
    date_joined: hubTime(org.dateJoined),
    gravatar_url: '',
    gravatar_email: '',
    type: 'Organization',
  };
}

const ROLE_LABEL: Record<OrgRole, string> = { owner: 'Owner', editor: 'Editor', member: 'Member' };

export function orgMemberJson(
  user: UserRecord,
  org: OrgRecord,
  role: OrgRole,
  showEmail: boolean,
): Record<string, unknown> {
  return {
    ...userFields(user),
    email: showEmail ? user.email : '',
    role: ROLE_LABEL[role],
    groups: org.groups.filter((g) => g.members.includes(user.username)).map((g) => g.name),
    is_guest: false,
    primary_email: showEmail ? user.email : '',
  };
}

export function inviteeMemberJson(invite: InviteRecord): Record<string, unknown> {
  return {
    id: invite.id.replace(/-/g, ''),
    company: '',
    date_joined: hubTime(invite.createdAt),
    full_name: '',
    gravatar_email: '',
    gravatar_url: '',
    location: '',
    profile_url: '',
    type: 'User',
    username: invite.invitee,
    email: invite.invitee.includes('@') ? invite.invitee : '',
    role: 'Invitee',
    groups: invite.team ? [invite.team] : [],
    is_guest: false,
    primary_email: '',
  };
}

export function groupJson(group: GroupRecord): Record<string, unknown> {
  return {
    id: group.id,
    uuid: group.uuid,
    name: group.name,
    description: group.description,
    member_count: group.members.length,
  };
}

export function groupMemberJson(user: UserRecord, showEmail: boolean): Record<string, unknown> {
  const body = userFields(user);
  if (showEmail) body.email = user.email;
  return body;
}

export function inviteJson(invite: InviteRecord, org: OrgRecord): Record<string, unknown> {
  return {
    id: invite.id,
    inviter_username: invite.inviter,
    invitee: invite.invitee,
    org: org.name,
    team: invite.team,
    created_at: hubTime(invite.createdAt),
  };
}

export function auditJson(event: AuditRecord): Record<string, unknown> {
  return {
    account: event.account,
    action: event.action,
    name: event.name,
    actor: event.actor,
    data: event.data,
    timestamp: new Date(event.timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    action_description: event.description,
  };
}
