import 'server-only';

import { z } from 'zod';

import type {
  HubAuditLog,
  HubGroup,
  HubGroupMember,
  HubOrg,
  HubOrgMember,
  HubPage,
  HubRepository,
  HubRepositoryGroup,
  HubTag,
  HubTagImage,
  HubUser,
} from './types';

// Tolerant schemas: the spec and real Hub disagree (hub-api-notes §9), so every field that has
// been seen missing or null is nullish, and alternative spellings are accepted.

const str = z.string().nullish();
const num = z.number().nullish();
const idLike = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v)));

/** Wraps an item schema in Hub's paging envelope ({count,next,previous,results}). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z
    .object({
      count: z.number().int().nonnegative(),
      next: str,
      previous: str,
      results: z.array(item),
    })
    .transform((p) => ({
      count: p.count,
      next: p.next ?? null,
      previous: p.previous ?? null,
      results: p.results as z.output<T>[],
    }));
}

export const accessTokenResponseSchema = z.object({ access_token: z.string().min(1) });
export const loginResponseSchema = z.object({ token: z.string().min(1) });

const categorySchema = z.union([z.object({ name: z.string(), slug: z.string().nullish() }).loose(), z.string()]);

export const repositorySchema = z
  .object({
    name: z.string(),
    namespace: z.string(),
    description: str,
    is_private: z.boolean().nullish(),
    star_count: num,
    pull_count: num,
    last_updated: str,
    last_modified: str,
    date_registered: str,
    storage_size: num,
    repository_type: str,
    status_description: str,
    media_types: z.array(z.string()).nullish(),
    content_types: z.array(z.string()).nullish(),
    categories: z.array(categorySchema).nullish(),
    full_description: str,
    last_updater_username: str,
    permissions: z
      .object({
        read: z.boolean().nullish(),
        write: z.boolean().nullish(),
        admin: z.boolean().nullish(),
      })
      .nullish(),
    immutable_tags_settings: z
      .object({ enabled: z.boolean().nullish(), rules: z.array(z.string()).nullish() })
      .nullish(),
  })
  .transform((r): HubRepository => {
    const repo: HubRepository = {
      namespace: r.namespace,
      name: r.name,
      description: r.description ?? '',
      isPrivate: r.is_private ?? false,
      starCount: r.star_count ?? 0,
      pullCount: r.pull_count ?? 0,
      lastUpdated: r.last_updated ?? null,
      lastModified: r.last_modified ?? null,
      dateRegistered: r.date_registered ?? null,
      storageSize: r.storage_size ?? null,
      repositoryType: r.repository_type ?? null,
      statusDescription: r.status_description ?? null,
      mediaTypes: r.media_types ?? [],
      contentTypes: r.content_types ?? [],
      categories: (r.categories ?? []).map((c) => (typeof c === 'string' ? c : c.name)),
    };
    if (r.full_description !== undefined) repo.fullDescription = r.full_description;
    if (r.last_updater_username !== undefined) repo.lastUpdaterUsername = r.last_updater_username;
    if (r.permissions !== null && r.permissions !== undefined) {
      repo.permissions = {
        read: r.permissions.read ?? false,
        write: r.permissions.write ?? false,
        admin: r.permissions.admin ?? false,
      };
    }
    if (r.immutable_tags_settings !== null && r.immutable_tags_settings !== undefined) {
      repo.immutableTags = {
        enabled: r.immutable_tags_settings.enabled ?? false,
        rules: r.immutable_tags_settings.rules ?? [],
      };
    }
    return repo;
  });

const imageSchema = z
  .object({
    architecture: str,
    os: str,
    variant: str,
    digest: str,
    size: num,
    status: str,
    last_pulled: str,
    last_pushed: str,
  })
  .transform((i): HubTagImage => ({
    architecture: i.architecture ?? null,
    os: i.os ?? null,
    variant: i.variant ?? null,
    digest: i.digest ?? null,
    size: i.size ?? null,
    status: i.status ?? null,
    lastPulled: i.last_pulled ?? null,
    lastPushed: i.last_pushed ?? null,
  }));

/** 'os/arch[/variant]', or just the arch when os is missing; null for attestation/unknown entries. */
export function platformOf(image: HubTagImage): string | null {
  const arch = image.architecture;
  if (arch === null || arch === '' || arch === 'unknown') return null;
  const variant = image.variant !== null && image.variant !== '' ? `/${image.variant}` : '';
  if (image.os === null || image.os === '' || image.os === 'unknown') return `${arch}${variant}`;
  return `${image.os}/${arch}${variant}`;
}

export const tagSchema = z
  .object({
    name: z.string(),
    digest: str,
    // Spec says object, real Hub sends an array (notes §9): accept both.
    images: z.union([z.array(imageSchema), imageSchema]).nullish(),
    full_size: num,
    last_updated: str,
    tag_last_pushed: str,
    tag_last_pulled: str,
    tag_status: str,
    status: str,
    last_updater_username: str,
    media_type: str,
    content_type: str,
    v2: z.union([z.boolean(), z.string()]).nullish(),
  })
  .transform((t): HubTag => {
    const images = t.images === null || t.images === undefined ? [] : Array.isArray(t.images) ? t.images : [t.images];
    const architectures: string[] = [];
    for (const image of images) {
      const platform = platformOf(image);
      if (platform !== null && !architectures.includes(platform)) architectures.push(platform);
    }
    return {
      name: t.name,
      digest: t.digest !== null && t.digest !== undefined && t.digest !== '' ? t.digest : null,
      architectures,
      images,
      fullSize: t.full_size ?? null,
      lastUpdated: t.last_updated ?? null,
      lastPushed: t.tag_last_pushed ?? null,
      lastPulled: t.tag_last_pulled ?? null,
      status: t.tag_status ?? t.status ?? null,
      lastUpdaterUsername: t.last_updater_username ?? null,
      mediaType: t.media_type ?? null,
      contentType: t.content_type ?? null,
    };
  });

export const userSchema = z
  .object({
    id: idLike,
    uuid: str,
    username: z.string(),
    full_name: str,
    location: str,
    company: str,
    profile_url: str,
    date_joined: str,
    gravatar_url: str,
    type: str,
  })
  .transform((u): HubUser => ({
    id: u.id,
    uuid: u.uuid ?? null,
    username: u.username,
    fullName: u.full_name ?? null,
    location: u.location ?? null,
    company: u.company ?? null,
    profileUrl: u.profile_url ?? null,
    dateJoined: u.date_joined ?? null,
    gravatarUrl: u.gravatar_url ?? null,
    type: u.type ?? null,
  }));

export const orgSchema = z
  .object({
    id: idLike,
    uuid: str,
    orgname: z.string(),
    full_name: str,
    location: str,
    company: str,
    profile_url: str,
    date_joined: str,
    gravatar_url: str,
    type: str,
  })
  .transform((o): HubOrg => ({
    id: o.id,
    uuid: o.uuid ?? null,
    orgname: o.orgname,
    fullName: o.full_name ?? null,
    location: o.location ?? null,
    company: o.company ?? null,
    profileUrl: o.profile_url ?? null,
    dateJoined: o.date_joined ?? null,
    gravatarUrl: o.gravatar_url ?? null,
    type: o.type ?? null,
  }));

export const groupSchema = z
  .object({
    id: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
    uuid: str,
    name: z.string(),
    description: str,
    member_count: num,
  })
  .transform((g): HubGroup => ({
    id: g.id,
    uuid: g.uuid ?? null,
    name: g.name,
    description: g.description ?? '',
    memberCount: g.member_count ?? null,
  }));

const memberFields = {
  id: idLike,
  username: z.string(),
  full_name: str,
  email: str,
  type: str,
};

export const groupMemberSchema = z.object(memberFields).transform((m): HubGroupMember => ({
  id: m.id,
  username: m.username,
  fullName: m.full_name ?? null,
  email: m.email ?? null,
  type: m.type ?? null,
}));

/** Group members: paginated per spec, a bare array in older Hub answers (hub-tool decodes an array). */
export const groupMembersResponseSchema = z.union([
  pageSchema(groupMemberSchema),
  z
    .array(groupMemberSchema)
    .transform((results): HubPage<HubGroupMember> => ({ count: results.length, next: null, previous: null, results })),
]);

export const orgMemberSchema = z
  .object({
    ...memberFields,
    role: str,
    groups: z.array(z.string()).nullish(),
    is_guest: z.boolean().nullish(),
    date_joined: str,
  })
  .transform((m): HubOrgMember => ({
    id: m.id,
    username: m.username,
    fullName: m.full_name ?? null,
    email: m.email ?? null,
    type: m.type ?? null,
    role: m.role ?? null,
    groups: m.groups ?? [],
    isGuest: m.is_guest ?? null,
    dateJoined: m.date_joined ?? null,
  }));

export const repositoryGroupSchema = z
  .object({
    group_id: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
    group_name: z.string(),
    permission: z.string(),
  })
  .transform((g): HubRepositoryGroup => ({ groupId: g.group_id, groupName: g.group_name, permission: g.permission }));

const auditLogSchema = z
  .object({
    account: z.string().nullish(),
    action: z.string(),
    name: str,
    actor: str,
    data: z.record(z.string(), z.unknown()).nullish(),
    timestamp: z.string(),
    action_description: str,
  })
  .transform((l): HubAuditLog => ({
    account: l.account ?? '',
    action: l.action,
    name: l.name ?? '',
    actor: l.actor ?? '',
    data: Object.fromEntries(
      Object.entries(l.data ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    ),
    timestamp: l.timestamp,
    actionDescription: l.action_description ?? null,
  }));

export const auditLogsResponseSchema = z
  .object({ logs: z.array(auditLogSchema).nullish() })
  .transform((r) => r.logs ?? []);

export const repositoryPageSchema = pageSchema(repositorySchema);
export const tagPageSchema = pageSchema(tagSchema);
export const groupPageSchema = pageSchema(groupSchema);
export const orgMemberPageSchema = pageSchema(orgMemberSchema);
