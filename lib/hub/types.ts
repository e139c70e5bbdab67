// Small camelCase DTOs returned by the Docker Hub client. Types only: safe to import anywhere.

export type HubTokenSourceKind = 'pat' | 'oat' | 'password' | 'unknown';

/** What the exchanged JWT says about itself (never the token). */
export interface HubTokenClaims {
  username: string | null;
  sourceKind: HubTokenSourceKind;
  /** Raw `scope` claim, e.g. "repo:admin". */
  scope: string | null;
  scopes: string[];
  /** ms epoch */
  issuedAt: number | null;
  /** ms epoch */
  expiresAt: number | null;
}

export interface HubPage<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface HubRepositoryPermissions {
  read: boolean;
  write: boolean;
  admin: boolean;
}

export interface HubRepository {
  namespace: string;
  name: string;
  description: string;
  isPrivate: boolean;
  starCount: number;
  pullCount: number;
  lastUpdated: string | null;
  lastModified: string | null;
  dateRegistered: string | null;
  storageSize: number | null;
  repositoryType: string | null;
  statusDescription: string | null;
  mediaTypes: string[];
  contentTypes: string[];
  categories: string[];
  /** Only on single-repository reads; null when Hub has none. */
  fullDescription?: string | null;
  lastUpdaterUsername?: string | null;
  permissions?: HubRepositoryPermissions;
  immutableTags?: { enabled: boolean; rules: string[] };
}

export interface HubTagImage {
  architecture: string | null;
  os: string | null;
  variant: string | null;
  digest: string | null;
  size: number | null;
  status: string | null;
  lastPulled: string | null;
  lastPushed: string | null;
}

export interface HubTag {
  name: string;
  /** Top-level manifest/index digest; null on some old tags. */
  digest: string | null;
  /** 'os/arch[/variant]' (or just arch when os is missing), attestation 'unknown' entries dropped. */
  architectures: string[];
  images: HubTagImage[];
  fullSize: number | null;
  lastUpdated: string | null;
  lastPushed: string | null;
  lastPulled: string | null;
  /** 'active' | 'inactive' as Hub reports it (tag_status or status), null when absent. */
  status: string | null;
  lastUpdaterUsername: string | null;
  mediaType: string | null;
  contentType: string | null;
}

export interface HubUser {
  id: string | null;
  uuid: string | null;
  username: string;
  fullName: string | null;
  location: string | null;
  company: string | null;
  profileUrl: string | null;
  dateJoined: string | null;
  gravatarUrl: string | null;
  type: string | null;
}

export interface HubOrg {
  id: string | null;
  uuid: string | null;
  orgname: string;
  fullName: string | null;
  location: string | null;
  company: string | null;
  profileUrl: string | null;
  dateJoined: string | null;
  gravatarUrl: string | null;
  type: string | null;
}

export interface HubGroup {
  id: number;
  uuid: string | null;
  name: string;
  description: string;
  memberCount: number | null;
}

export interface HubGroupMember {
  id: string | null;
  username: string;
  fullName: string | null;
  email: string | null;
  type: string | null;
}

export interface HubOrgMember extends HubGroupMember {
  role: string | null;
  groups: string[];
  isGuest: boolean | null;
  dateJoined: string | null;
}

export type HubTeamPermission = 'read' | 'write' | 'admin';

export interface HubRepositoryGroup {
  groupId: number;
  groupName: string;
  permission: string;
}

export interface HubAuditLog {
  account: string;
  action: string;
  name: string;
  actor: string;
  data: Record<string, string>;
  timestamp: string;
  actionDescription: string | null;
}

export interface HubListProgress {
  loaded: number;
  total: number;
}

export type HubRepositoryOrdering = 'name' | '-name' | 'last_updated' | '-last_updated' | 'pull_count' | '-pull_count';
