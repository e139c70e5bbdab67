import { createPrng, fakeDigest, randInt, seedFrom } from './prng';
import type {
  AuditRecord,
  GroupRecord,
  ImageRecord,
  OatRecord,
  OrgRecord,
  PatRecord,
  RepoRecord,
  TagRecord,
  UserRecord,
} from './records';
import { TagIndex } from './tag-index';
import type { Fixture, FixtureTag, FixtureTime, PatScope, RepoPermission } from './types';

export type RepoSortKey = 'name' | '-name' | 'last_updated' | '-last_updated' | 'pull_count' | '-pull_count';

export const MEDIA_TYPE_INDEX = 'application/vnd.oci.image.index.v1+json';
export const MEDIA_TYPE_MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';

/** Ids of tags created at runtime start here, far above fixture ids (repoId * 100000 + index). */
const RUNTIME_TAG_ID_START = 900_000_000;

export interface PushOptions {
  digest?: string;
  architectures?: string[];
  size?: number;
  pusher?: string;
}

export type DeleteTagOutcome = { kind: 'deleted' } | { kind: 'not_found' } | { kind: 'immutable'; rule: string };

/** Deterministic UUID-shaped id from the given parts. */
export function stableUuid(...parts: (string | number)[]): string {
  const hex = fakeDigest('uuid', ...parts).slice(7, 39);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The whole live state of one emulator: users, orgs, tokens, repositories, tags and audit events. */
export class EmulatorState {
  readonly users = new Map<string, UserRecord>();
  readonly orgs = new Map<string, OrgRecord>();
  /** Keyed by the secret itself: token lookup is the hot path of /v2/auth/token. */
  readonly pats = new Map<string, PatRecord>();
  readonly oats = new Map<string, OatRecord>();
  /** Keyed by `namespace/name`. */
  readonly repos = new Map<string, RepoRecord>();
  readonly audit: AuditRecord[] = [];
  /** Pending 2FA logins: login_2fa_token -> username + expiry. */
  readonly twoFactorChallenges = new Map<string, { username: string; expiresAt: number }>();

  private readonly byNamespace = new Map<string, RepoRecord[]>();
  private readonly namespaceSortCache = new Map<string, Map<RepoSortKey, RepoRecord[]>>();
  private nextTagId = RUNTIME_TAG_ID_START;
  private nextRepoId = 0;
  private auditSeq = 0;

  constructor(
    readonly now: () => number,
    readonly seed: number,
  ) {}

  // ---- lookups -------------------------------------------------------------------------------------------

  getRepo(namespace: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${namespace}/${name}`);
  }

  namespaceExists(namespace: string): boolean {
    return this.users.has(namespace) || this.orgs.has(namespace);
  }

  namespaceRepos(namespace: string): readonly RepoRecord[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** Repositories of a namespace in the given order (cached until the namespace changes). */
  sortedNamespaceRepos(namespace: string, key: RepoSortKey): readonly RepoRecord[] {
    let perNs = this.namespaceSortCache.get(namespace);
    if (!perNs) {
      perNs = new Map();
      this.namespaceSortCache.set(namespace, perNs);
    }
    let sorted = perNs.get(key);
    if (!sorted) {
      sorted = [...this.namespaceRepos(namespace)].sort(compareRepos(key, this));
      perNs.set(key, sorted);
    }
    return sorted;
  }

  findGroupById(org: OrgRecord, id: number): GroupRecord | undefined {
    return org.groups.find((g) => g.id === id);
  }

  /** Repository last_updated: newest push, or the registration date for an empty repository. */
  repoLastUpdated(repo: RepoRecord): number {
    return Math.max(repo.tags.lastPushed ?? repo.dateRegistered, repo.dateRegistered);
  }

  /** The user who acts for a namespace when nobody else is named (the user itself, or the first org owner). */
  namespaceOwner(namespace: string): UserRecord | undefined {
    const user = this.users.get(namespace);
    if (user) return user;
    const org = this.orgs.get(namespace);
    if (!org) return undefined;
    for (const [username, role] of org.members) {
      if (role === 'owner') return this.users.get(username);
    }
    return undefined;
  }

  // ---- mutations -----------------------------------------------------------------------------------------

  addRepo(repo: Omit<RepoRecord, 'id'> & { id?: number }): RepoRecord {
    const record: RepoRecord = { ...repo, id: repo.id ?? ++this.nextRepoId };
    this.nextRepoId = Math.max(this.nextRepoId, record.id);
    this.repos.set(`${record.namespace}/${record.name}`, record);
    const list = this.byNamespace.get(record.namespace) ?? [];
    list.push(record);
    this.byNamespace.set(record.namespace, list);
    this.touchNamespace(record.namespace);
    return record;
  }

  /** Simulate `docker push ns/repo:tag`; creates the repository (public) when missing. */
  pushTag(namespace: string, name: string, tagName: string, opts: PushOptions = {}): TagRecord {
    if (!this.namespaceExists(namespace)) throw new Error(`unknown namespace ${namespace}`);
    const now = this.now();
    const pusher = opts.pusher ? this.users.get(opts.pusher) : this.namespaceOwner(namespace);
    const pusherName = opts.pusher ?? pusher?.username ?? namespace;
    let repo = this.getRepo(namespace, name);
    if (!repo) {
      repo = this.addRepo({
        namespace,
        name,
        description: null,
        fullDescription: null,
        isPrivate: false,
        pullCount: 0,
        starCount: 0,
        dateRegistered: now,
        lastModified: now,
        categories: [],
        immutableTags: { enabled: false, rules: [] },
        groupGrants: new Map(),
        tags: new TagIndex(() => []),
      });
      this.addAudit(namespace, 'repo.create', `${namespace}/${name}`, pusherName, {}, `created the repository ${name}`);
    }
    const existing = repo.tags.get(tagName);
    if (existing) {
      const rule = immutableRuleFor(repo, tagName);
      if (rule) throw new Error(`tag ${tagName} is immutable (rule ${rule}); the registry refuses the overwrite`);
    }
    const arches = opts.architectures ?? ['amd64'];
    const pushSalt = `${now}:${this.nextTagId}`;
    const images = arches.map((arch) =>
      makeImage(arch, fakeDigest(namespace, name, tagName, arch, pushSalt), opts.size ?? 30_000_000, now, null),
    );
    const digest = opts.digest ?? fakeDigest(namespace, name, tagName, 'index', pushSalt);
    if (opts.digest && images.length === 1) images[0].digest = opts.digest;
    const tag: TagRecord = {
      id: existing?.id ?? ++this.nextTagId,
      name: tagName,
      digest,
      mediaType: images.length > 1 ? MEDIA_TYPE_INDEX : MEDIA_TYPE_MANIFEST_V2,
      images,
      pushedAt: now,
      pulledAt: existing?.pulledAt ?? null,
      pusher: pusherName,
      pusherId: pusher?.id ?? 0,
      size: images[0]?.size ?? 0,
    };
    repo.tags.set(tag);
    repo.lastModified = now;
    this.touchNamespace(namespace);
    this.addAudit(
      namespace,
      'repo.tag.push',
      `${namespace}/${name}`,
      pusherName,
      { digest, tag: tagName },
      `pushed the tag ${tagName} with the digest ${digest.slice(0, 19)} to the repository ${namespace}/${name}`,
    );
    return tag;
  }

  deleteTag(repo: RepoRecord, tagName: string, actor: string): DeleteTagOutcome {
    if (!repo.tags.get(tagName)) return { kind: 'not_found' };
    const rule = immutableRuleFor(repo, tagName);
    if (rule) return { kind: 'immutable', rule };
    repo.tags.delete(tagName);
    this.touchNamespace(repo.namespace);
    this.addAudit(
      repo.namespace,
      'repo.tag.delete',
      `${repo.namespace}/${repo.name}`,
      actor,
      { tag: tagName },
      `deleted the tag ${tagName} from the repository ${repo.namespace}/${repo.name}`,
    );
    return { kind: 'deleted' };
  }

  updateDescriptions(
    repo: RepoRecord,
    patch: { description?: string; full_description?: string },
    actor: string,
  ): void {
    const changed: string[] = [];
    if (patch.description !== undefined) {
      repo.description = patch.description;
      changed.push('description');
    }
    if (patch.full_description !== undefined) {
      repo.fullDescription = patch.full_description;
      changed.push('full_description');
    }
    repo.lastModified = this.now();
    this.touchNamespace(repo.namespace);
    this.addAudit(
      repo.namespace,
      'repo.update',
      `${repo.namespace}/${repo.name}`,
      actor,
      { change: 'description', fields: changed.join(',') },
      `updated the ${changed.join(' and ') || 'description'} of the repository ${repo.namespace}/${repo.name}`,
    );
  }

  grantGroup(repo: RepoRecord, group: GroupRecord, permission: RepoPermission, actor: string): void {
    repo.groupGrants.set(group.id, permission);
    this.addAudit(
      repo.namespace,
      'repo.update',
      `${repo.namespace}/${repo.name}`,
      actor,
      { change: 'team_permission', group_name: group.name, group_id: String(group.id), permission },
      `granted ${permission} access on ${repo.namespace}/${repo.name} to the team ${group.name}`,
    );
  }

  setImmutableTags(repo: RepoRecord, enabled: boolean, rules: string[], actor: string): void {
    repo.immutableTags = { enabled, rules: [...rules] };
    repo.lastModified = this.now();
    this.addAudit(
      repo.namespace,
      'repo.immutable.tags.updated',
      `${repo.namespace}/${repo.name}`,
      actor,
      { enabled: String(enabled), rules: rules.join(',') },
      `updated the immutable tags settings of ${repo.namespace}/${repo.name}`,
    );
  }

  /** Add a PAT for a user (test helper); returns the secret. */
  addPat(username: string, scope: PatScope, token?: string): string {
    if (!this.users.has(username)) throw new Error(`unknown user ${username}`);
    const secret = token ?? `dckr_pat_${fakeDigest('pat', username, scope, this.pats.size, this.now()).slice(7, 34)}`;
    this.pats.set(secret, {
      id: stableUuid('pat', secret),
      username,
      token: secret,
      scope,
      label: `${scope} token`,
      isActive: true,
      expiresAt: null,
      createdAt: this.now(),
      lastUsed: null,
    });
    return secret;
  }

  addAudit(
    account: string,
    action: string,
    name: string,
    actor: string,
    data: Record<string, string>,
    description: string,
    timestamp = this.now(),
  ): void {
    this.audit.push({ seq: ++this.auditSeq, account, action, name, actor, data, timestamp, description });
  }

  private touchNamespace(namespace: string): void {
    this.namespaceSortCache.delete(namespace);
  }
}

/** The immutable-tag rule (a full-match regex) that protects this tag, if any. */
export function immutableRuleFor(repo: RepoRecord, tagName: string): string | null {
  if (!repo.immutableTags.enabled) return null;
  for (const rule of repo.immutableTags.rules) {
    try {
      if (new RegExp(`^(?:${rule})$`).test(tagName)) return rule;
    } catch {
      // An invalid stored rule protects nothing, like a rule Hub would have refused to save.
    }
  }
  return null;
}

function compareRepos(key: RepoSortKey, state: EmulatorState): (a: RepoRecord, b: RepoRecord) => number {
  const byName = (a: RepoRecord, b: RepoRecord) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  switch (key) {
    case 'name':
      return byName;
    case '-name':
      return (a, b) => byName(b, a);
    case 'last_updated':
      return (a, b) => state.repoLastUpdated(a) - state.repoLastUpdated(b) || byName(a, b);
    case '-last_updated':
      return (a, b) => state.repoLastUpdated(b) - state.repoLastUpdated(a) || byName(a, b);
    case 'pull_count':
      return (a, b) => a.pullCount - b.pullCount || byName(a, b);
    case '-pull_count':
      return (a, b) => b.pullCount - a.pullCount || byName(a, b);
  }
}

function makeImage(
  architecture: string,
  digest: string,
  size: number,
  pushedAt: number,
  pulledAt: number | null,
  variant: string | null = architecture === 'arm64' ? 'v8' : null,
  os = 'linux',
): ImageRecord {
  return { architecture, os, variant, digest, size, lastPulled: pulledAt, lastPushed: pushedAt };
}

// ---- building a state from a fixture ---------------------------------------------------------------------

/** Resolve a fixture time: numbers are relative to the clock at start, strings are absolute ISO timestamps. */
export function resolveTime(value: FixtureTime, startMs: number): number {
  if (typeof value === 'number') return startMs + value;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new Error(`invalid fixture timestamp: ${value}`);
  return parsed;
}

/** Build a fresh state from a fixture; times are anchored at startMs so the result is deterministic. */
export function buildState(fixture: Fixture, startMs: number, now: () => number): EmulatorState {
  const seed = fixture.seed ?? 42;
  const state = new EmulatorState(now, seed);
  const at = (t: FixtureTime) => resolveTime(t, startMs);
  const opt = (t: FixtureTime | null | undefined) => (t === null || t === undefined ? null : at(t));

  fixture.users.forEach((u, i) => {
    state.users.set(u.username, {
      id: 1001 + i,
      uuid: stableUuid('user', seed, u.username).replace(/-/g, ''),
      username: u.username,
      password: u.password,
      fullName: u.fullName ?? u.username,
      email: u.email ?? `${u.username}@example.com`,
      company: u.company ?? '',
      location: u.location ?? '',
      dateJoined: at(u.dateJoined ?? -3 * 365 * 86_400_000),
      twoFactorCode: u.twoFactorCode ?? null,
    });
    for (const p of u.pats ?? []) {
      state.pats.set(p.token, {
        id: p.id ?? stableUuid('pat', p.token),
        username: u.username,
        token: p.token,
        scope: p.scope,
        label: p.label ?? `${p.scope} token`,
        isActive: p.active ?? true,
        expiresAt: opt(p.expiresAt),
        createdAt: at(-30 * 86_400_000),
        lastUsed: null,
      });
    }
  });

  (fixture.orgs ?? []).forEach((o, i) => {
    const org: OrgRecord = {
      id: 5001 + i,
      uuid: stableUuid('org', seed, o.name).replace(/-/g, ''),
      name: o.name,
      fullName: o.fullName ?? o.name,
      company: o.company ?? o.fullName ?? o.name,
      location: o.location ?? '',
      dateJoined: at(o.dateJoined ?? -3 * 365 * 86_400_000),
      members: new Map(o.members.map((m) => [m.username, m.role])),
      groups: (o.groups ?? []).map((g) => ({
        id: g.id,
        uuid: stableUuid('group', o.name, g.name),
        name: g.name,
        description: g.description ?? '',
        members: [...g.members],
      })),
      invites: (o.invites ?? []).map((inv, j) => ({
        id: stableUuid('invite', o.name, inv.invitee, j),
        invitee: inv.invitee,
        inviter: inv.inviter,
        team: inv.team ?? '',
        role: inv.role ?? 'member',
        createdAt: at(inv.createdAt),
      })),
    };
    state.orgs.set(o.name, org);
    for (const t of o.oats ?? []) {
      state.oats.set(t.token, {
        id: t.id ?? stableUuid('oat', t.token),
        org: o.name,
        token: t.token,
        label: t.label,
        description: t.description ?? '',
        scopes: [...t.scopes],
        resources: t.resources ?? [{ type: 'TYPE_ORG', path: o.name, scopes: [...t.scopes] }],
        isActive: t.active ?? true,
        expiresAt: opt(t.expiresAt),
        createdAt: at(-60 * 86_400_000),
        createdBy: t.createdBy ?? o.members.find((m) => m.role === 'owner')?.username ?? o.name,
        lastUsed: null,
      });
    }
  });

  fixture.repositories.forEach((r, repoIndex) => {
    const repoId = repoIndex + 1;
    const owner = state.namespaceOwner(r.namespace);
    const source = r.tags;
    const materialize = (): TagRecord[] => {
      const tags = typeof source === 'function' ? source() : source;
      return tags.map((t, i) => tagFromFixture(t, r.namespace, r.name, repoId * 100_000 + i, seed, at, state, owner));
    };
    state.addRepo({
      id: repoId,
      namespace: r.namespace,
      name: r.name,
      description: r.description ?? null,
      fullDescription: r.fullDescription ?? null,
      isPrivate: r.isPrivate ?? false,
      pullCount: r.pullCount ?? 0,
      starCount: r.starCount ?? 0,
      dateRegistered: at(r.dateRegistered),
      lastModified: null,
      categories: r.categories ?? [],
      immutableTags: r.immutableTags ?? { enabled: false, rules: [] },
      groupGrants: new Map((r.groupGrants ?? []).map((g) => [g.groupId, g.permission])),
      tags: new TagIndex(materialize),
    });
  });

  if (fixture.auditHistory !== false) addFixtureAuditHistory(state);
  return state;
}

function tagFromFixture(
  t: FixtureTag,
  namespace: string,
  repo: string,
  id: number,
  seed: number,
  at: (t: FixtureTime) => number,
  state: EmulatorState,
  owner: UserRecord | undefined,
): TagRecord {
  const prng = createPrng(seedFrom(seed, namespace, repo, t.name));
  const pushedAt = at(t.pushedAt);
  const pulledAt = t.pulledAt === null || t.pulledAt === undefined ? null : at(t.pulledAt);
  const images: ImageRecord[] = t.images
    ? t.images.map((img) =>
        makeImage(
          img.architecture,
          img.digest ?? fakeDigest(seed, namespace, repo, t.name, img.architecture),
          img.size ?? t.size ?? randInt(prng, 5_000_000, 400_000_000),
          pushedAt,
          img.lastPulled === null || img.lastPulled === undefined ? pulledAt : at(img.lastPulled),
          img.variant === undefined ? (img.architecture === 'arm64' ? 'v8' : null) : img.variant,
          img.os ?? 'linux',
        ),
      )
    : (t.architectures ?? ['amd64']).map((arch) =>
        makeImage(
          arch,
          fakeDigest(seed, namespace, repo, t.name, arch),
          t.size ?? randInt(prng, 5_000_000, 400_000_000),
          pushedAt,
          pulledAt,
        ),
      );
  const digest = t.digest === undefined ? fakeDigest(seed, namespace, repo, t.name, 'index') : t.digest;
  const pusher = t.pusher ? state.users.get(t.pusher) : owner;
  return {
    id,
    name: t.name,
    digest,
    mediaType: t.mediaType ?? (images.length > 1 ? MEDIA_TYPE_INDEX : MEDIA_TYPE_MANIFEST_V2),
    images,
    pushedAt,
    pulledAt,
    pusher: t.pusher ?? owner?.username ?? namespace,
    pusherId: pusher?.id ?? 0,
    size: t.size ?? images[0]?.size ?? 0,
  };
}

/** One repo.tag.push event per fixture tag, oldest first, so the audit log tells the fixture's history. */
function addFixtureAuditHistory(state: EmulatorState): void {
  const events: { ts: number; repo: RepoRecord; tag: TagRecord }[] = [];
  for (const repo of state.repos.values()) {
    for (const tag of repo.tags.all()) events.push({ ts: tag.pushedAt, repo, tag });
  }
  events.sort((a, b) => a.ts - b.ts);
  for (const { ts, repo, tag } of events) {
    const digest = tag.digest ?? tag.images[0]?.digest ?? '';
    state.addAudit(
      repo.namespace,
      'repo.tag.push',
      `${repo.namespace}/${repo.name}`,
      tag.pusher,
      { digest, tag: tag.name },
      `pushed the tag ${tag.name} with the digest ${digest.slice(0, 19)} to the repository ${repo.namespace}/${repo.name}`,
      ts,
    );
  }
}
