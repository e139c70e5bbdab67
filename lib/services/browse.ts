import 'server-only';
// Browse use cases: repository lists, repository pages with their tags, the recent-pushes audit and
// the people lookup. Every function checks the actor's permission, scopes Hub calls to one
// instance, goes through the per-instance Hub cache, and returns small DTOs. Hub failures become
// AppErrors with code `hub_<HubErrorCode>` and Hub client's user-facing message.
import { hasPermission, type HasRoles, type Permission } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { AppError, isAppError } from '@/lib/errors';
import { isHubError, type HubClient, type HubRepository, type HubTag } from '@/lib/hub';
import { nameProblem, type NameKind } from '@/lib/hub/names';
import { renderMarkdown } from '@/lib/markdown';
import type {
  AccountLookupDTO,
  BrowseInstanceDTO,
  RecentPushesDTO,
  RecentPushRepositoryDTO,
  RecentPushRowDTO,
  RepositoryDetailDTO,
  RepositoryListDTO,
  RepositoryOrdering,
  RepositoryRowDTO,
} from '@/lib/queries/browse-types';
import { toMs } from '@/lib/tags/format';
import type { TagRow } from '@/lib/tags/types';
import { capabilityFor, parseCapabilities } from './capabilities';
import { hubCache, type CachedResult } from './hub-cache';
import { getHubClientForInstance } from './hub-clients';

export type BrowseActor = HasRoles;

const BROWSE_PERMISSION: Permission = 'repositories.view';
const AUDIT_PERMISSION: Permission = 'audit.view';

/** Cache keys of this module, so other features can invalidate precisely (invalidateHubCache). */
export const cacheKeys = {
  repositoriesPage: (ns: string, q: { page: number; pageSize: number; name: string; ordering: string }) =>
    `repos:${ns}:${q.ordering}:${q.pageSize}:${q.page}:${q.name}`,
  repository: (ns: string, repo: string) => `repo:${ns}/${repo}`,
  tags: (ns: string, repo: string) => `tags:${ns}/${repo}`,
  recentPage: (ns: string, page: number) => `recent:${ns}:${page}`,
  account: (name: string, kind: string) => `account:${kind}:${name}`,
} as const;

function assertAllowed(actor: BrowseActor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new AppError('forbidden', "You don't have permission to do this.");
}

/** Refuses names that break Docker naming rules with a message that says why (never reaches Hub). */
export function assertValidName(kind: NameKind, value: string, field: string = kind): void {
  const problem = nameProblem(kind, value);
  if (problem !== null) {
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    throw new AppError('validation', `"${shown}" is not a valid Docker Hub ${kind} name: it ${problem}.`, { [field]: [problem] });
  }
}

/** Turns a Hub client failure into an AppError with the client's user-facing message. */
export function toBrowseError(err: unknown): unknown {
  if (isAppError(err)) return err;
  if (isHubError(err)) return new AppError(`hub_${err.code}`, err.message, err.fieldErrors);
  return err;
}

// ---- instances -------------------------------------------------------------------------------------

const instanceSelect = {
  id: true,
  name: true,
  kind: true,
  username: true,
  namespaces: true,
  status: true,
  capabilities: true,
  updatedAt: true,
} as const;

interface InstanceRow {
  id: string;
  name: string;
  kind: 'PAT' | 'OAT';
  username: string;
  namespaces: string[];
  status: string;
  capabilities: unknown;
  updatedAt: Date;
}

function toInstanceDTO(row: InstanceRow): BrowseInstanceDTO {
  const capabilities = parseCapabilities(row.capabilities);
  const namespaces = [...new Set([row.username, ...row.namespaces].filter((n) => n !== ''))];
  const decision = capabilityFor({ capabilities, status: row.status }, 'readPrivate');
  let privateNotice: string | null = null;
  if (!decision.allowed) {
    privateNotice =
      capabilities === null
        ? "This instance's token has not been checked yet, so private repositories may be missing from these lists."
        : `${decision.reason ?? ''} Only public repositories are listed.`.trim();
  }
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    username: row.username,
    namespaces,
    status: row.status,
    capabilities,
    privateNotice,
  };
}

async function loadInstance(instanceId: string): Promise<InstanceRow> {
  const row = await db.instance.findUnique({ where: { id: instanceId }, select: instanceSelect });
  if (row === null) throw new AppError('not_found', 'That Docker Hub instance does not exist (it may have been deleted).');
  return row as InstanceRow;
}

/** One instance as the browse pages need it; AppError('not_found') for an unknown id. */
export async function getBrowseInstance(actor: BrowseActor, instanceId: string): Promise<BrowseInstanceDTO> {
  assertAllowed(actor, BROWSE_PERMISSION);
  return toInstanceDTO(await loadInstance(instanceId));
}

/** Every instance, by name. */
export async function listBrowseInstances(actor: BrowseActor): Promise<BrowseInstanceDTO[]> {
  assertAllowed(actor, BROWSE_PERMISSION);
  const rows = await db.instance.findMany({ select: instanceSelect, orderBy: { name: 'asc' } });
  return (rows as InstanceRow[]).map(toInstanceDTO);
}

/** Checks that `namespace` is one of the instance's namespaces (and a valid name). */
function assertNamespace(instance: BrowseInstanceDTO, namespace: string): void {
  assertValidName('namespace', namespace);
  if (!instance.namespaces.includes(namespace)) {
    throw new AppError(
      'not_found',
      `"${namespace}" is not a namespace of instance ${instance.name}. Its namespaces are: ${instance.namespaces.join(', ')}.`,
      { namespace: ['unknown namespace'] },
    );
  }
}

interface Scoped {
  row: InstanceRow;
  instance: BrowseInstanceDTO;
  /** The Hub client, created on first use (a cache hit never decrypts the token). */
  client: () => Promise<HubClient>;
  cached: <T, P = never>(key: string, load: (client: HubClient, report: (p: P) => void) => Promise<T>, opts?: { refresh?: boolean; onProgress?: (p: P) => void }) => Promise<CachedResult<T>>;
}

function scope(row: InstanceRow): Scoped {
  let clientPromise: Promise<HubClient> | undefined;
  const client = (): Promise<HubClient> => (clientPromise ??= getHubClientForInstance(row.id));
  // The instance's updatedAt is the cache generation: a new token or namespace list starts afresh.
  const generation = String(row.updatedAt.getTime());
  return {
    row,
    instance: toInstanceDTO(row),
    client,
    cached: async (key, load, opts = {}) => {
      try {
        return await hubCache().get(row.id, key, async (report) => load(await client(), report), {
          generation,
          ...(opts.refresh === undefined ? {} : { refresh: opts.refresh }),
          ...(opts.onProgress === undefined ? {} : { onProgress: opts.onProgress }),
        });
      } catch (err) {
        throw toBrowseError(err);
      }
    },
  };
}

// ---- repositories ----------------------------------------------------------------------------------

function toRepositoryRow(r: HubRepository): RepositoryRowDTO {
  return {
    namespace: r.namespace,
    name: r.name,
    description: r.description,
    isPrivate: r.isPrivate,
    lastUpdated: toMs(r.lastUpdated),
    pullCount: r.pullCount,
    starCount: r.starCount,
    storageSize: r.storageSize,
  };
}

export interface RepositoryListQuery {
  namespace?: string;
  page: number;
  pageSize: number;
  name: string;
  ordering: RepositoryOrdering;
  refresh?: boolean;
}

/** One page of an instance namespace's repositories, as Hub orders and filters them. */
export async function listRepositories(actor: BrowseActor, instanceId: string, query: RepositoryListQuery): Promise<RepositoryListDTO> {
  assertAllowed(actor, BROWSE_PERMISSION);
  const s = scope(await loadInstance(instanceId));
  const namespace = query.namespace ?? s.instance.namespaces[0] ?? s.row.username;
  assertNamespace(s.instance, namespace);
  const name = query.name.trim();
  const key = cacheKeys.repositoriesPage(namespace, { ...query, name });
  const result = await s.cached(
    key,
    async (client) => {
      try {
        const page = await client.listRepositoriesPage(namespace, {
          page: query.page,
          pageSize: query.pageSize,
          ordering: query.ordering,
          ...(name === '' ? {} : { name }),
        });
        return { count: page.count, rows: page.results.map(toRepositoryRow), pastEnd: false };
      } catch (err) {
        // Hub answers 404 for a page past the end; that is an empty page, not a missing namespace.
        if (query.page > 1 && isHubError(err, 'not_found')) {
          const first = await client.listRepositoriesPage(namespace, { page: 1, pageSize: 1, ordering: query.ordering, ...(name === '' ? {} : { name }) });
          return { count: first.count, rows: [] as RepositoryRowDTO[], pastEnd: true };
        }
        throw err;
      }
    },
    { refresh: query.refresh ?? false },
  );
  return {
    instance: s.instance,
    namespace,
    page: query.page,
    pageSize: query.pageSize,
    name,
    ordering: query.ordering,
    count: result.value.count,
    rows: result.value.rows,
    pastEnd: result.value.pastEnd,
    fetchedAt: result.fetchedAt,
  };
}

/** A repository's header data and README (rendered to sanitised HTML). */
export async function getRepositoryDetail(
  actor: BrowseActor,
  instanceId: string,
  namespace: string,
  repository: string,
  options: { refresh?: boolean } = {},
): Promise<RepositoryDetailDTO> {
  assertAllowed(actor, BROWSE_PERMISSION);
  const s = scope(await loadInstance(instanceId));
  assertNamespace(s.instance, namespace);
  assertValidName('repository', repository);
  const result = await s.cached(
    cacheKeys.repository(namespace, repository),
    async (client) => {
      const r = await client.getRepository(namespace, repository);
      const full = r.fullDescription ?? '';
      return {
        namespace: r.namespace,
        name: r.name,
        description: r.description,
        fullDescriptionHtml: renderMarkdown(full),
        hasFullDescription: full.trim() !== '',
        isPrivate: r.isPrivate,
        pullCount: r.pullCount,
        starCount: r.starCount,
        storageSize: r.storageSize,
        lastUpdated: toMs(r.lastUpdated),
        dateRegistered: toMs(r.dateRegistered),
        permissions: r.permissions ?? null,
        immutableTags: r.immutableTags ?? null,
      };
    },
    { refresh: options.refresh ?? false },
  );
  return { instance: s.instance, ...result.value, fetchedAt: result.fetchedAt };
}

/** HubTag → the compact row the table, filters and deletion feature use. */
export function toTagRow(t: HubTag): TagRow {
  return {
    name: t.name,
    digest: t.digest,
    architectures: t.architectures,
    size: t.fullSize,
    lastPushed: toMs(t.lastPushed ?? t.lastUpdated),
    lastPulled: toMs(t.lastPulled),
    status: t.status,
    pusher: t.lastUpdaterUsername,
  };
}

export interface TagListProgress {
  loaded: number;
  total: number;
}

/**
 * Every tag of a repository, loaded with the client's concurrent paging (page 1, then all other
 * pages at once under the instance's read cap). `onProgress` sees pages arrive, also when this
 * call joins a load another request started.
 */
export async function listRepositoryTags(
  actor: BrowseActor,
  instanceId: string,
  namespace: string,
  repository: string,
  options: { refresh?: boolean; onProgress?: (p: TagListProgress) => void } = {},
): Promise<{ tags: TagRow[]; fetchedAt: number; cached: boolean }> {
  assertAllowed(actor, BROWSE_PERMISSION);
  const s = scope(await loadInstance(instanceId));
  assertNamespace(s.instance, namespace);
  assertValidName('repository', repository);
  const result = await loadTags(s, namespace, repository, options);
  return { tags: result.value, fetchedAt: result.fetchedAt, cached: result.cached };
}

function loadTags(
  s: Scoped,
  namespace: string,
  repository: string,
  options: { refresh?: boolean; onProgress?: (p: TagListProgress) => void } = {},
): Promise<CachedResult<TagRow[]>> {
  return s.cached<TagRow[], TagListProgress>(
    cacheKeys.tags(namespace, repository),
    async (client, report) => {
      const tags = await client.listAllTags(namespace, repository, { onProgress: report });
      return tags.map(toTagRow);
    },
    {
      refresh: options.refresh ?? false,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    },
  );
}

/**
 * Starts loading a repository's tags into the cache without waiting (the repository page calls it
 * while it renders, so the browser's request for the tags joins a load that is already running).
 */
export function warmRepositoryTags(actor: BrowseActor, instanceId: string, namespace: string, repository: string): void {
  listRepositoryTags(actor, instanceId, namespace, repository).catch(() => {
    // The tags request that follows reports the error to the user.
  });
}

// ---- recent pushes ---------------------------------------------------------------------------------

const RECENT_PAGE_SIZE = 100;
// Safety net for a namespace whose repositories are all inside a huge window.
const RECENT_MAX_PAGES = 50;

export interface RecentPushesQuery {
  /** ms epoch, inclusive */
  from: number;
  /** ms epoch, inclusive */
  to: number;
  refresh?: boolean;
}

/**
 * Repositories and tags pushed within [from, to] across every instance and namespace. For each
 * namespace the repositories are walked newest first (`-last_updated`) and the walk stops at the
 * first one last updated before `from`; only the repositories inside the window have their tags read.
 */
export async function listRecentPushes(actor: BrowseActor, query: RecentPushesQuery): Promise<RecentPushesDTO> {
  assertAllowed(actor, AUDIT_PERMISSION);
  if (!(query.from <= query.to)) throw new AppError('validation', 'The start of the window must be before its end.', { from: ['after end'] });
  const rows = (await db.instance.findMany({ select: instanceSelect, orderBy: { name: 'asc' } })) as InstanceRow[];
  const out: RecentPushesDTO = { from: query.from, to: query.to, rows: [], repositories: [], problems: [], scanned: 0, fetchedAt: Date.now() };
  let oldestFetch = Number.POSITIVE_INFINITY;
  const note = (fetchedAt: number): void => {
    oldestFetch = Math.min(oldestFetch, fetchedAt);
  };

  await Promise.all(
    rows.map(async (row) => {
      const s = scope(row);
      await Promise.all(
        s.instance.namespaces.map(async (namespace) => {
          try {
            const inWindow: HubRepository[] = [];
            for (let page = 1; page <= RECENT_MAX_PAGES; page += 1) {
              const result = await s.cached(
                cacheKeys.recentPage(namespace, page),
                async (client) => {
                  try {
                    return await client.listRepositoriesPage(namespace, { page, pageSize: RECENT_PAGE_SIZE, ordering: '-last_updated' });
                  } catch (err) {
                    if (page > 1 && isHubError(err, 'not_found')) return { count: 0, next: null, previous: null, results: [] as HubRepository[] };
                    throw err;
                  }
                },
                { refresh: query.refresh ?? false },
              );
              note(result.fetchedAt);
              let stop = result.value.results.length < RECENT_PAGE_SIZE || result.value.next === null;
              for (const repo of result.value.results) {
                out.scanned += 1;
                const updated = toMs(repo.lastUpdated);
                if (updated === null || updated < query.from) {
                  stop = true;
                  break;
                }
                inWindow.push(repo);
              }
              if (stop) break;
            }
            await Promise.all(
              inWindow.map(async (repo) => {
                try {
                  const tags = await loadTags(s, namespace, repo.name, { refresh: query.refresh ?? false });
                  note(tags.fetchedAt);
                  let count = 0;
                  for (const tag of tags.value) {
                    if (tag.lastPushed === null || tag.lastPushed < query.from || tag.lastPushed > query.to) continue;
                    count += 1;
                    out.rows.push({
                      instanceId: row.id,
                      instanceName: row.name,
                      namespace,
                      repository: repo.name,
                      tag: tag.name,
                      digest: tag.digest,
                      architectures: tag.architectures,
                      size: tag.size,
                      pushedAt: tag.lastPushed,
                      pusher: tag.pusher,
                      isPrivate: repo.isPrivate,
                    } satisfies RecentPushRowDTO);
                  }
                  out.repositories.push({
                    instanceId: row.id,
                    instanceName: row.name,
                    namespace,
                    repository: repo.name,
                    lastUpdated: toMs(repo.lastUpdated) ?? 0,
                    isPrivate: repo.isPrivate,
                    tagsInWindow: count,
                  } satisfies RecentPushRepositoryDTO);
                } catch (err) {
                  const e = toBrowseError(err);
                  out.problems.push({
                    instanceId: row.id,
                    instanceName: row.name,
                    namespace,
                    message: `${namespace}/${repo.name}: ${e instanceof Error ? e.message : 'could not be read'}`,
                  });
                }
              }),
            );
          } catch (err) {
            const e = toBrowseError(err);
            out.problems.push({
              instanceId: row.id,
              instanceName: row.name,
              namespace,
              message: isAppError(e) ? e.message : 'Could not read this namespace from Docker Hub.',
            });
          }
        }),
      );
    }),
  );

  out.rows.sort(
    (a, b) =>
      b.pushedAt - a.pushedAt ||
      a.instanceName.localeCompare(b.instanceName) ||
      a.namespace.localeCompare(b.namespace) ||
      a.repository.localeCompare(b.repository) ||
      a.tag.localeCompare(b.tag),
  );
  out.repositories.sort((a, b) => b.lastUpdated - a.lastUpdated || a.repository.localeCompare(b.repository));
  out.problems.sort((a, b) => a.instanceName.localeCompare(b.instanceName) || (a.namespace ?? '').localeCompare(b.namespace ?? ''));
  if (Number.isFinite(oldestFetch)) out.fetchedAt = oldestFetch;
  return out;
}

const CSV_COLUMNS = ['instance', 'namespace', 'repository', 'tag', 'pushed_at', 'pushed_by', 'digest', 'architectures', 'size_bytes', 'visibility'] as const;

function csvCell(value: string): string {
  // Quote everything that needs it, and neutralise spreadsheet formulas (=, +, -, @ at the start).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The recent-pushes rows as CSV (same rows and order as the page shows). */
export function recentPushesToCsv(dto: RecentPushesDTO): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of dto.rows) {
    lines.push(
      [
        r.instanceName,
        r.namespace,
        r.repository,
        r.tag,
        new Date(r.pushedAt).toISOString(),
        r.pusher ?? '',
        r.digest ?? '',
        r.architectures.join(' '),
        r.size === null ? '' : String(r.size),
        r.isPrivate ? 'private' : 'public',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

// ---- people lookup ---------------------------------------------------------------------------------

export type LookupKind = 'auto' | 'user' | 'organization';

/** Hub's profile URL when it is a plain http(s) link, else the public Docker Hub profile page. */
function profileLink(url: string | null, name: string): string {
  return url !== null && /^https?:\/\/[^\s]+$/i.test(url) ? url : `https://hub.docker.com/u/${encodeURIComponent(name)}`;
}

/** Public metadata of a Docker Hub user or organisation, read with the chosen instance's client. */
export async function lookupAccount(
  actor: BrowseActor,
  instanceId: string,
  name: string,
  kind: LookupKind = 'auto',
  options: { refresh?: boolean } = {},
): Promise<AccountLookupDTO> {
  assertAllowed(actor, BROWSE_PERMISSION);
  const wanted = name.trim().toLowerCase();
  if (wanted === '') throw new AppError('validation', 'Type a Docker Hub username or organization name.', { name: ['required'] });
  assertValidName(kind === 'organization' ? 'organization' : 'username', wanted, 'name');
  const s = scope(await loadInstance(instanceId));
  const result = await s.cached(
    cacheKeys.account(wanted, kind),
    async (client): Promise<Omit<AccountLookupDTO, 'instanceName' | 'fetchedAt'>> => {
      if (kind !== 'organization') {
        try {
          const u = await client.getUser(wanted);
          const isOrg = (u.type ?? '').toLowerCase().startsWith('org');
          return {
            kind: isOrg ? 'organization' : 'user',
            name: u.username,
            fullName: u.fullName || null,
            type: u.type,
            company: u.company || null,
            location: u.location || null,
            joined: toMs(u.dateJoined),
            profileUrl: profileLink(u.profileUrl, u.username),
            gravatarUrl: u.gravatarUrl || null,
          };
        } catch (err) {
          if (!isHubError(err, 'not_found')) throw err;
          if (kind === 'user') throw new AppError('not_found', `Docker Hub has no user named "${wanted}".`, { name: ['not found'] });
        }
      }
      try {
        const o = await client.getOrg(wanted);
        return {
          kind: 'organization',
          name: o.orgname,
          fullName: o.fullName || null,
          type: o.type ?? 'Organization',
          company: o.company || null,
          location: o.location || null,
          joined: toMs(o.dateJoined),
          profileUrl: profileLink(o.profileUrl, o.orgname),
          gravatarUrl: o.gravatarUrl || null,
        };
      } catch (err) {
        if (isHubError(err, 'not_found')) {
          const what = kind === 'auto' ? 'user or organization' : kind;
          throw new AppError('not_found', `Docker Hub has no ${what} named "${wanted}".`, { name: ['not found'] });
        }
        throw err;
      }
    },
    { refresh: options.refresh ?? false },
  );
  return { ...result.value, instanceName: s.instance.name, fetchedAt: result.fetchedAt };
}
