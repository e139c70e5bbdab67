// DTOs of the browse route handlers. Types only: shared by lib/services/browse.ts (server) and
// the client components and fetchers.
import type { InstanceCapabilities } from '@/lib/services/capabilities';
import type { TagsWire } from '@/lib/tags/wire';

export type RepositoryOrdering = 'name' | '-name' | 'last_updated' | '-last_updated' | 'pull_count' | '-pull_count';

export const REPOSITORY_PAGE_SIZES = [5, 10, 25, 50, 100] as const;
export type RepositoryPageSize = (typeof REPOSITORY_PAGE_SIZES)[number];

export interface BrowseInstanceDTO {
  id: string;
  name: string;
  kind: 'PAT' | 'OAT';
  /** The account the token belongs to (username, or organisation for an OAT). */
  username: string;
  /** The username first, then the extra namespaces configured on the instance. */
  namespaces: string[];
  status: string;
  capabilities: InstanceCapabilities | null;
  /** Set when the token cannot list private repositories (public ones only are shown). */
  privateNotice: string | null;
}

export interface RepositoryRowDTO {
  namespace: string;
  name: string;
  description: string;
  isPrivate: boolean;
  /** ms epoch */
  lastUpdated: number | null;
  pullCount: number;
  starCount: number;
  storageSize: number | null;
}

export interface RepositoryListDTO {
  instance: BrowseInstanceDTO;
  namespace: string;
  page: number;
  pageSize: number;
  name: string;
  ordering: RepositoryOrdering;
  /** Total repositories matching the search (all pages). */
  count: number;
  rows: RepositoryRowDTO[];
  /** ms epoch when Hub answered (the age shown next to the refresh button). */
  fetchedAt: number;
  /** Requested page is past the last one. */
  pastEnd: boolean;
}

export interface RepositoryDetailDTO {
  instance: BrowseInstanceDTO;
  namespace: string;
  name: string;
  description: string;
  /** README rendered to sanitised HTML on the server ('' when there is none). */
  fullDescriptionHtml: string;
  hasFullDescription: boolean;
  isPrivate: boolean;
  pullCount: number;
  starCount: number;
  storageSize: number | null;
  lastUpdated: number | null;
  dateRegistered: number | null;
  permissions: { read: boolean; write: boolean; admin: boolean } | null;
  immutableTags: { enabled: boolean; rules: string[] } | null;
  fetchedAt: number;
}

/** One NDJSON line of GET …/tags. */
export type TagStreamEvent =
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'done'; fetchedAt: number; cached: boolean; tags: TagsWire }
  | { type: 'error'; error: { code: string; message: string } };

export interface RecentPushRowDTO {
  instanceId: string;
  instanceName: string;
  namespace: string;
  repository: string;
  tag: string;
  digest: string | null;
  architectures: string[];
  size: number | null;
  /** ms epoch */
  pushedAt: number;
  pusher: string | null;
  isPrivate: boolean;
}

export interface RecentPushRepositoryDTO {
  instanceId: string;
  instanceName: string;
  namespace: string;
  repository: string;
  lastUpdated: number;
  isPrivate: boolean;
  tagsInWindow: number;
}

export interface RecentPushesDTO {
  from: number;
  to: number;
  rows: RecentPushRowDTO[];
  repositories: RecentPushRepositoryDTO[];
  /** Instances/namespaces that could not be read; the rest is still shown. */
  problems: Array<{ instanceId: string; instanceName: string; namespace: string | null; message: string }>;
  /** How many repositories were looked at per namespace before the walk stopped. */
  scanned: number;
  fetchedAt: number;
}

export interface AccountLookupDTO {
  kind: 'user' | 'organization';
  name: string;
  fullName: string | null;
  type: string | null;
  company: string | null;
  location: string | null;
  /** ms epoch */
  joined: number | null;
  profileUrl: string;
  gravatarUrl: string | null;
  instanceName: string;
  fetchedAt: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; reference?: string };
}
