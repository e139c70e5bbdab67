// URL parameters of the browse views and route handlers: one parser for the page, the client and
// the API, so a shared link shows the same view. Tolerant: unknown values fall back to defaults.
import { REPOSITORY_PAGE_SIZES, type RepositoryOrdering, type RepositoryPageSize } from './browse-types';

export type RepositorySortKey = 'name' | 'updated' | 'pulls';

export interface RepositoryListParams {
  namespace: string | null;
  q: string;
  sort: RepositorySortKey;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: RepositoryPageSize;
}

export const DEFAULT_REPOSITORY_PARAMS: RepositoryListParams = {
  namespace: null,
  q: '',
  sort: 'name',
  dir: 'asc',
  page: 1,
  pageSize: 25,
};

const SORT_FIELD: Record<RepositorySortKey, 'name' | 'last_updated' | 'pull_count'> = {
  name: 'name',
  updated: 'last_updated',
  pulls: 'pull_count',
};

type Params = { get(name: string): string | null };

/** Reads the repository list view from URL search params. */
export function parseRepositoryListParams(params: Params): RepositoryListParams {
  const sortRaw = params.get('sort');
  const sort: RepositorySortKey = sortRaw === 'name' || sortRaw === 'updated' || sortRaw === 'pulls' ? sortRaw : DEFAULT_REPOSITORY_PARAMS.sort;
  const dirRaw = params.get('dir');
  const dir = dirRaw === 'asc' || dirRaw === 'desc' ? dirRaw : sort === 'name' ? 'asc' : 'desc';
  const page = Number.parseInt(params.get('page') ?? '', 10);
  const size = Number.parseInt(params.get('pageSize') ?? '', 10);
  const ns = (params.get('namespace') ?? '').trim();
  return {
    namespace: ns === '' ? null : ns,
    q: (params.get('q') ?? '').slice(0, 255),
    sort,
    dir,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
    pageSize: (REPOSITORY_PAGE_SIZES as readonly number[]).includes(size) ? (size as RepositoryPageSize) : DEFAULT_REPOSITORY_PARAMS.pageSize,
  };
}

/** Writes the non-default parts of the view (namespace always when given). */
export function repositoryListSearch(p: RepositoryListParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.namespace !== null) out.set('namespace', p.namespace);
  if (p.q.trim() !== '') out.set('q', p.q.trim());
  if (p.sort !== DEFAULT_REPOSITORY_PARAMS.sort) out.set('sort', p.sort);
  const defaultDir = p.sort === 'name' ? 'asc' : 'desc';
  if (p.dir !== defaultDir) out.set('dir', p.dir);
  if (p.page !== 1) out.set('page', String(p.page));
  if (p.pageSize !== DEFAULT_REPOSITORY_PARAMS.pageSize) out.set('pageSize', String(p.pageSize));
  return out;
}

/** Hub's `ordering` for a sort key and direction. */
export function toOrdering(sort: RepositorySortKey, dir: 'asc' | 'desc'): RepositoryOrdering {
  const field = SORT_FIELD[sort];
  return (dir === 'desc' ? `-${field}` : field) as RepositoryOrdering;
}

export type PushWindowPreset = '1h' | '24h' | '7d' | 'custom';

export interface PushWindowParams {
  window: PushWindowPreset;
  /** Raw custom bounds as typed (ISO date-time or date); only used with window=custom. */
  from: string;
  to: string;
}

const PRESET_MS: Record<Exclude<PushWindowPreset, 'custom'>, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

/** Reads the recent-pushes window from URL params (default: the last 24 hours). */
export function parsePushWindowParams(params: Params): PushWindowParams {
  const w = params.get('window');
  const window: PushWindowPreset = w === '1h' || w === '24h' || w === '7d' || w === 'custom' ? w : '24h';
  return { window, from: params.get('from') ?? '', to: params.get('to') ?? '' };
}

export type ResolvedWindow = { ok: true; from: number; to: number } | { ok: false; error: string };

function parseInstant(text: string, endOfDay: boolean): number | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const ms = Date.parse(`${t}T00:00:00Z`);
    return Number.isNaN(ms) ? null : endOfDay ? ms + 86_400_000 - 1 : ms;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t)) {
    // datetime-local inputs give no zone: read them as UTC, like every time on these pages.
    const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** Turns the window params into [from, to] (ms epoch), measured from `now`. */
export function resolvePushWindow(p: PushWindowParams, now: number): ResolvedWindow {
  if (p.window !== 'custom') return { ok: true, from: now - PRESET_MS[p.window], to: now };
  const from = parseInstant(p.from, false);
  if (from === null) return { ok: false, error: 'Give the start of the custom window as a date (2025-01-31) or date and time (UTC).' };
  const to = p.to.trim() === '' ? now : parseInstant(p.to, true);
  if (to === null) return { ok: false, error: 'Give the end of the custom window as a date (2025-01-31) or date and time (UTC), or leave it empty for now.' };
  if (from > to) return { ok: false, error: 'The start of the window is after its end.' };
  if (to - from > 366 * 86_400_000) return { ok: false, error: 'The window can be at most one year long.' };
  return { ok: true, from, to };
}

export function pushWindowSearch(p: PushWindowParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.window !== '24h') out.set('window', p.window);
  if (p.window === 'custom') {
    if (p.from.trim() !== '') out.set('from', p.from.trim());
    if (p.to.trim() !== '') out.set('to', p.to.trim());
  }
  return out;
}
