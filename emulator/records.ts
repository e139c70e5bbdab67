import type { OatResource, OrgRole, PatScope, RepoPermission } from './types';
import type { TagIndex } from './tag-index';

// In-memory records of the emulator state. Times are ms epoch on the emulator clock.

export interface UserRecord {
  id: number;
  uuid: string;
  username: string;
  password: string;
  fullName: string;
  email: string;
  company: string;
  location: string;
  dateJoined: number;
  twoFactorCode: string | null;
}

export interface PatRecord {
  id: string;
  username: string;
  token: string;
  scope: PatScope;
  label: string;
  isActive: boolean;
  expiresAt: number | null;
  createdAt: number;
  lastUsed: number | null;
}

export interface OatRecord {
  id: string;
  org: string;
  token: string;
  label: string;
  description: string;
  scopes: string[];
  resources: OatResource[];
  isActive: boolean;
  expiresAt: number | null;
  createdAt: number;
  createdBy: string;
  lastUsed: number | null;
}

export interface GroupRecord {
  id: number;
  uuid: string;
  name: string;
  description: string;
  members: string[];
}

export interface InviteRecord {
  id: string;
  invitee: string;
  inviter: string;
  team: string;
  role: OrgRole;
  createdAt: number;
}

export interface OrgRecord {
  id: number;
  uuid: string;
  name: string;
  fullName: string;
  company: string;
  location: string;
  dateJoined: number;
  /** username -> role, in fixture order. */
  members: Map<string, OrgRole>;
  groups: GroupRecord[];
  invites: InviteRecord[];
}

export interface ImageRecord {
  architecture: string;
  os: string;
  variant: string | null;
  digest: string;
  size: number;
  lastPulled: number | null;
  lastPushed: number;
}

export interface TagRecord {
  id: number;
  name: string;
  /** Top-level digest; null = absent in JSON (some old Hub tags have none). */
  digest: string | null;
  mediaType: string;
  images: ImageRecord[];
  pushedAt: number;
  pulledAt: number | null;
  pusher: string;
  pusherId: number;
  /** full_size. */
  size: number;
}

export interface RepoRecord {
  id: number;
  namespace: string;
  name: string;
  description: string | null;
  fullDescription: string | null;
  isPrivate: boolean;
  pullCount: number;
  starCount: number;
  dateRegistered: number;
  /** Last metadata change (description update, push). */
  lastModified: number | null;
  categories: { name: string; slug: string }[];
  immutableTags: { enabled: boolean; rules: string[] };
  /** group id -> permission granted to that team. */
  groupGrants: Map<number, RepoPermission>;
  tags: TagIndex;
}

export interface AuditRecord {
  seq: number;
  account: string;
  action: string;
  name: string;
  actor: string;
  data: Record<string, string>;
  timestamp: number;
  description: string;
}
