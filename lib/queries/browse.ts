// Client-safe React Query keys and fetchers for the browse feature. The fetchers call the route
// handlers under /api and turn error bodies into ApiError with the server's message.
import type {
  AccountLookupDTO,
  RecentPushesDTO,
  RepositoryDetailDTO,
  RepositoryListDTO,
  TagStreamEvent,
} from './browse-types';
import { repositoryListSearch, toOrdering, type PushWindowParams, pushWindowSearch, type RepositoryListParams } from './browse-params';
import { decodeTags } from '@/lib/tags/wire';
import { ApiError, getJson, readApiError } from './fetch-json';
import type { TagRow } from '@/lib/tags/types';

export const browseKeys = {
  all: ['browse'] as const,
  instance: (instanceId: string) => ['browse', 'instance', instanceId] as const,
  repositories: (instanceId: string, p: RepositoryListParams) =>
    ['browse', 'instance', instanceId, 'repositories', p.namespace ?? '', p.q.trim(), p.sort, p.dir, p.page, p.pageSize] as const,
  repository: (instanceId: string, ns: string, repo: string) => ['browse', 'instance', instanceId, 'repository', ns, repo] as const,
  tags: (instanceId: string, ns: string, repo: string) => ['browse', 'instance', instanceId, 'tags', ns, repo] as const,
  pushes: (p: PushWindowParams) => ['browse', 'pushes', p.window, p.from, p.to] as const,
  lookup: (instanceId: string, name: string, kind: string) => ['browse', 'lookup', instanceId, name, kind] as const,
};

const enc = encodeURIComponent;

export function repositoriesUrl(instanceId: string, p: RepositoryListParams, refresh = false): string {
  const search = repositoryListSearch(p);
  // The API takes Hub's ordering directly.
  search.delete('sort');
  search.delete('dir');
  search.set('ordering', toOrdering(p.sort, p.dir));
  search.set('page', String(p.page));
  search.set('pageSize', String(p.pageSize));
  if (refresh) search.set('refresh', '1');
  return `/api/instances/${enc(instanceId)}/repositories?${search.toString()}`;
}

export function fetchRepositories(instanceId: string, p: RepositoryListParams, opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<RepositoryListDTO> {
  return getJson(repositoriesUrl(instanceId, p, opts.refresh ?? false), opts.signal);
}

export function repositoryUrl(instanceId: string, ns: string, repo: string): string {
  return `/api/instances/${enc(instanceId)}/repositories/${enc(ns)}/${enc(repo)}`;
}

export function fetchRepository(instanceId: string, ns: string, repo: string, opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<RepositoryDetailDTO> {
  return getJson(`${repositoryUrl(instanceId, ns, repo)}${opts.refresh ? '?refresh=1' : ''}`, opts.signal);
}

/** URL of the NDJSON tag list (the repository page preloads it without `refresh`). */
export function tagsUrl(instanceId: string, ns: string, repo: string, refresh = false): string {
  return `${repositoryUrl(instanceId, ns, repo)}/tags${refresh ? '?refresh=1' : ''}`;
}

export interface TagsResult {
  tags: TagRow[];
  fetchedAt: number;
  cached: boolean;
}

/**
 * Loads every tag of a repository from the NDJSON stream of GET …/tags, calling `onProgress` as
 * pages arrive on the server.
 */
export async function fetchAllTags(
  instanceId: string,
  ns: string,
  repo: string,
  opts: { refresh?: boolean; signal?: AbortSignal; onProgress?: (p: { loaded: number; total: number }) => void } = {},
): Promise<TagsResult> {
  // Plain request (no custom headers, default cache mode) so it can pick up the page's
  // <link rel="preload"> of the same URL, which the browser starts before the scripts run.
  const res = await fetch(tagsUrl(instanceId, ns, repo, opts.refresh ?? false), opts.signal ? { signal: opts.signal } : {});
  if (!res.ok) throw await readApiError(res);
  if (res.body === null) throw new ApiError(500, 'empty', 'The server sent no tags.');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let result: TagsResult | null = null;
  const handle = (line: string): void => {
    if (line.trim() === '') return;
    const event = JSON.parse(line) as TagStreamEvent;
    if (event.type === 'progress') opts.onProgress?.({ loaded: event.loaded, total: event.total });
    else if (event.type === 'error') throw new ApiError(502, event.error.code, event.error.message);
    else result = { tags: decodeTags(event.tags), fetchedAt: event.fetchedAt, cached: event.cached };
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Only the new text can hold the next line break (the last line is a megabyte long).
    let from = buffer.length;
    buffer += value;
    let nl = buffer.indexOf('\n', from);
    while (nl !== -1) {
      handle(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      from = 0;
      nl = buffer.indexOf('\n', from);
    }
  }
  handle(buffer);
  if (result === null) throw new ApiError(502, 'incomplete', 'The tag list stopped before it was complete. Try again.');
  return result;
}

export function pushesUrl(p: PushWindowParams, format: 'json' | 'csv', refresh = false): string {
  const search = pushWindowSearch(p);
  if (refresh) search.set('refresh', '1');
  const qs = search.toString();
  return `/api/pushes${format === 'csv' ? '/export' : ''}${qs ? `?${qs}` : ''}`;
}

export function fetchRecentPushes(p: PushWindowParams, opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<RecentPushesDTO> {
  return getJson(pushesUrl(p, 'json', opts.refresh ?? false), opts.signal);
}

export function fetchLookup(instanceId: string, name: string, kind: string, opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<AccountLookupDTO> {
  const search = new URLSearchParams({ name, kind });
  if (opts.refresh) search.set('refresh', '1');
  return getJson(`/api/instances/${enc(instanceId)}/lookup?${search.toString()}`, opts.signal);
}
