import type { RequestContext } from './context';
import { hubError, legacyError, type HandlerResult } from './responses';

export interface PageParams {
  page: number;
  pageSize: number;
}

const INT = /^\d+$/;

/**
 * Strict paging for the documented routes: page ≥ 1, page_size 1..100. Out-of-range values are rejected with a
 * 400 in the `error` shape plus `fields` (so field-aware clients get the culprit), rather than clamped: the spec
 * declares the bounds, and a silent clamp would hide client bugs.
 */
export function parsePageStrict(ctx: RequestContext, defaultSize: number): PageParams | HandlerResult {
  const rawPage = ctx.query.get('page');
  const rawSize = ctx.query.get('page_size');
  const page = rawPage === null || rawPage === '' ? 1 : INT.test(rawPage) ? Number(rawPage) : NaN;
  const pageSize = rawSize === null || rawSize === '' ? defaultSize : INT.test(rawSize) ? Number(rawSize) : NaN;
  if (!(page >= 1)) {
    return hubError(400, 'Invalid page value. Must be an integer greater than or equal to 1', {
      fields: { page: ['Must be an integer greater than or equal to 1'] },
    });
  }
  if (!(pageSize >= 1 && pageSize <= 100)) {
    return hubError(400, 'Invalid page_size value. Must be between 1 and 100', {
      fields: { page_size: ['Must be between 1 and 100'] },
    });
  }
  return { page, pageSize };
}

/**
 * Django REST framework paging for the legacy routes: page_size above the maximum is clamped to 100 (DRF's
 * max_page_size behaviour) and a bad page is 404 {"detail":"Invalid page."}.
 */
export function parsePageLegacy(ctx: RequestContext, defaultSize: number): PageParams | HandlerResult {
  const rawPage = ctx.query.get('page');
  const rawSize = ctx.query.get('page_size');
  const page = rawPage === null || rawPage === '' ? 1 : INT.test(rawPage) ? Number(rawPage) : NaN;
  if (!(page >= 1)) return legacyError(404, 'Invalid page.');
  let pageSize = rawSize !== null && INT.test(rawSize) ? Number(rawSize) : defaultSize;
  if (pageSize < 1) pageSize = defaultSize;
  return { page, pageSize: Math.min(pageSize, 100) };
}

export function isResult(value: PageParams | HandlerResult): value is HandlerResult {
  return 'status' in value;
}

/** Absolute URL of another page of the same request, every other query parameter kept as sent. */
export function pageLink(ctx: RequestContext, page: number): string {
  const params = new URLSearchParams(ctx.query);
  params.set('page', String(page));
  return `${ctx.baseUrl}${ctx.path}?${params.toString()}`;
}

export interface PageEnvelope<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Slice one page out of an already ordered list: O(page), never re-sorts. */
export function paginate<T, R>(
  ctx: RequestContext,
  items: readonly T[],
  { page, pageSize }: PageParams,
  map: (item: T) => R,
): PageEnvelope<R> {
  const start = (page - 1) * pageSize;
  const slice = items.slice(start, start + pageSize);
  return {
    count: items.length,
    next: start + pageSize < items.length ? pageLink(ctx, page + 1) : null,
    previous: page > 1 ? pageLink(ctx, page - 1) : null,
    results: slice.map(map),
  };
}

/**
 * Like paginate, but items are pre-serialized JSON strings: the envelope is assembled as text, so a page costs
 * string concatenation only. Same key order as the object form.
 */
export function paginateRaw<T>(
  ctx: RequestContext,
  items: readonly T[],
  { page, pageSize }: PageParams,
  toJson: (item: T) => string,
): string {
  const start = (page - 1) * pageSize;
  const slice = items.slice(start, start + pageSize);
  const next = start + pageSize < items.length ? pageLink(ctx, page + 1) : null;
  const previous = page > 1 ? pageLink(ctx, page - 1) : null;
  return `{"count":${items.length},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":[${slice
    .map(toJson)
    .join(',')}]}`;
}

/** True when `page` lies past the last page (page 1 always exists, even when empty). */
export function beyondLastPage(total: number, { page, pageSize }: PageParams): boolean {
  return page > 1 && (page - 1) * pageSize >= total;
}
