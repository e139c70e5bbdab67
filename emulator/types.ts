// Public and internal types of the Docker Hub emulator.
// Kept in one module so fixtures, the store and the routes agree on one vocabulary.

export type PatScope = 'repo:admin' | 'repo:write' | 'repo:read' | 'repo:public_read';
export type OrgRole = 'owner' | 'editor' | 'member';
export type RepoPermission = 'read' | 'write' | 'admin';
export type TokenKind = 'pat' | 'oat' | 'password';

/**
 * A point in time inside a fixture: a number is milliseconds relative to the emulator clock at start
 * (negative = in the past), a string is an absolute ISO-8601 timestamp.
 */
export type FixtureTime = number | string;

export interface FixtureImage {
  architecture: string;
  os?: string;
  variant?: string | null;
  digest?: string;
  size?: number;
  lastPulled?: FixtureTime | null;
}

export interface FixtureTag {
  name: string;
  pushedAt: FixtureTime;
  /** null = never pulled (tag_last_pulled: null). */
  pulledAt?: FixtureTime | null;
  /** Top-level digest. Omitted -> generated; null -> the key is absent (like some old Hub tags). */
  digest?: string | null;
  /** Shortcut when `images` is not given: one image per architecture with generated digests. */
  architectures?: string[];
  images?: FixtureImage[];
  mediaType?: string;
  /** Username of the pusher (last_updater_username). Defaults to the namespace owner. */
  pusher?: string;
  size?: number;
}

export interface FixtureRepository {
  namespace: string;
  name: string;
  description?: string | null;
  fullDescription?: string | null;
  isPrivate?: boolean;
  pullCount?: number;
  starCount?: number;
  dateRegistered: FixtureTime;
  categories?: { name: string; slug: string }[];
  immutableTags?: { enabled: boolean; rules: string[] };
  /** Team grants already in place: group id -> permission. */
  groupGrants?: { groupId: number; permission: RepoPermission }[];
  /** An array, or (TypeScript fixtures only) a generator run the first time the repository's tags are needed. */
  tags: FixtureTag[] | (() => FixtureTag[]);
}

export interface FixturePat {
  token: string;
  scope: PatScope;
  label?: string;
  active?: boolean;
  expiresAt?: FixtureTime | null;
  id?: string;
}

export interface FixtureUser {
  username: string;
  password: string;
  fullName?: string;
  email?: string;
  company?: string;
  location?: string;
  dateJoined?: FixtureTime;
  /** When set, password logins need this TOTP code via /v2/users/2fa-login. */
  twoFactorCode?: string | null;
  pats?: FixturePat[];
}

export interface OatResource {
  type: 'TYPE_REPO' | 'TYPE_ORG';
  path: string;
  scopes: string[];
}

export interface FixtureOat {
  token: string;
  label: string;
  description?: string;
  /** Flat list of scopes carried in the JWT, e.g. scope-repository-list, scope-image-pull. */
  scopes: string[];
  resources?: OatResource[];
  active?: boolean;
  expiresAt?: FixtureTime | null;
  id?: string;
  createdBy?: string;
}

export interface FixtureGroup {
  id: number;
  name: string;
  description?: string;
  members: string[];
}

export interface FixtureInvite {
  invitee: string;
  inviter: string;
  team?: string;
  role?: OrgRole;
  createdAt: FixtureTime;
}

export interface FixtureOrg {
  name: string;
  fullName?: string;
  company?: string;
  location?: string;
  dateJoined?: FixtureTime;
  members: { username: string; role: OrgRole }[];
  groups?: FixtureGroup[];
  oats?: FixtureOat[];
  invites?: FixtureInvite[];
}

export interface Fixture {
  name?: string;
  /** Seed for generated digests, sizes and jitter. */
  seed?: number;
  users: FixtureUser[];
  orgs?: FixtureOrg[];
  repositories: FixtureRepository[];
  /** Generate repo.tag.push audit events for fixture tags (default true). The large fixture turns it off. */
  auditHistory?: boolean;
}

/**
 * One fault rule. Matching: `method` (case-insensitive, omitted = any) and `path` (omitted = any; a string
 * starting with `^` is a regex, anything else a glob where `*` stays inside one path segment and `**` crosses
 * segments). Matching is done on the pathname as received (trailing slash included).
 */
export interface FaultRule {
  method?: string;
  path?: string;
  /** Extra latency for matching requests (real time, not the emulator clock). */
  latencyMs?: number;
  /** Probability 0..1 that a matching request fails; decided by a PRNG seeded with `seed` (default 1). */
  errorRate?: number;
  seed?: number;
  /** Status of injected failures (default 500). */
  status?: number;
  /** The next N matching requests fail. */
  failNext?: number;
  /** The next N matching requests answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitBurst?: number;
  retryAfterSeconds?: number;
  /** Fail with the bare-text anti-abuse 429 `Too Many Requests (HAP429)` and no headers. */
  hap429?: boolean;
  /** Destroy the socket instead of answering (the client sees a connection reset). */
  reset?: boolean;
  /** Run the real handler first (state changes happen), then fail or reset: "Hub did it but the answer was lost". */
  afterHandler?: boolean;
}

export interface RequestLogEntry {
  seq: number;
  /** Emulator clock (ms epoch) when the request arrived. */
  at: number;
  method: string;
  /** Pathname exactly as received, trailing slash included. */
  path: string;
  query: Record<string, string>;
  status: number;
  /** Username (or org for OATs) of the caller; for token exchanges the identifier that was sent. */
  identifier?: string;
  tokenKind?: TokenKind;
  /** Keys of the JSON body (never the values: bodies carry secrets). */
  bodyKeys?: string[];
  /** Set when a fault rule shaped the answer. */
  fault?: 'status' | 'reset' | 'rate_limit' | 'hap429';
}

export interface EmulatorClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export interface EmulatorOptions {
  /** 0/undefined = random free port on 127.0.0.1. */
  port?: number;
  host?: string;
  fixture?: 'default' | 'large' | Fixture | string;
  /** Base clock (ms epoch). Default: real time. The emulator adds an offset for advance()/set(). */
  clock?: { now(): number };
  latencyMs?: number;
  rateLimitPerMinute?: number;
  tokenTtlSeconds?: number;
  faults?: FaultRule[];
  /** Refuse PAT-derived JWTs on POST /v2/repositories/{ns}/{repo}/groups (reports differ; default false). */
  refusePatOnRepoGroups?: boolean;
  /** Refuse PAT-derived JWTs on GET /v2/user/ (hub-tool#71; default false). */
  refusePatOnCurrentUser?: boolean;
  /** What a caller without read access gets for a private repository (default 404). */
  privateRepoStatus?: 404 | 403;
  /** Namespaced paths with a trailing slash: 404 (default) or 301 to the slash-less path. */
  namespacedTrailingSlash?: 404 | 301;
  /** Legacy tag list ordering: true (default) reproduces the observed inverted semantics. */
  legacyTagOrderingInverted?: boolean;
  /** Reject login/token bodies sent without Content-Length (observed 2021 strictness; default false). */
  requireContentLength?: boolean;
}
