import { describe, expect, it } from 'vitest';
import {
  parsePushWindowParams,
  parseRepositoryListParams,
  pushWindowSearch,
  repositoryListSearch,
  resolvePushWindow,
  toOrdering,
} from './browse-params';

const p = (qs: string) => new URLSearchParams(qs);

describe('repository list params', () => {
  it('reads the view from the URL with safe fallbacks', () => {
    expect(parseRepositoryListParams(p(''))).toEqual({ namespace: null, q: '', sort: 'name', dir: 'asc', page: 1, pageSize: 25 });
    expect(parseRepositoryListParams(p('namespace=acme&q=api&sort=pulls&page=3&pageSize=50'))).toEqual({
      namespace: 'acme',
      q: 'api',
      sort: 'pulls',
      dir: 'desc',
      page: 3,
      pageSize: 50,
    });
    expect(parseRepositoryListParams(p('sort=evil&dir=up&page=-4&pageSize=7'))).toMatchObject({ sort: 'name', dir: 'asc', page: 1, pageSize: 25 });
  });
  it('writes only what differs from the defaults', () => {
    const view = parseRepositoryListParams(p('namespace=acme&sort=updated&dir=desc&page=2'));
    expect(repositoryListSearch(view).toString()).toBe('namespace=acme&sort=updated&page=2');
    expect(parseRepositoryListParams(repositoryListSearch(view))).toEqual(view);
  });
  it("maps sort and direction to Hub's ordering", () => {
    expect(toOrdering('name', 'asc')).toBe('name');
    expect(toOrdering('updated', 'desc')).toBe('-last_updated');
    expect(toOrdering('pulls', 'desc')).toBe('-pull_count');
  });
});

describe('push window params', () => {
  const NOW = Date.UTC(2025, 5, 15, 12);
  it('defaults to the last 24 hours', () => {
    expect(resolvePushWindow(parsePushWindowParams(p('')), NOW)).toEqual({ ok: true, from: NOW - 86_400_000, to: NOW });
    expect(resolvePushWindow(parsePushWindowParams(p('window=1h')), NOW)).toEqual({ ok: true, from: NOW - 3_600_000, to: NOW });
    expect(resolvePushWindow(parsePushWindowParams(p('window=7d')), NOW)).toEqual({ ok: true, from: NOW - 7 * 86_400_000, to: NOW });
  });
  it('reads custom bounds as UTC, dates as whole days', () => {
    expect(resolvePushWindow(parsePushWindowParams(p('window=custom&from=2025-06-01&to=2025-06-02')), NOW)).toEqual({
      ok: true,
      from: Date.UTC(2025, 5, 1),
      to: Date.UTC(2025, 5, 3) - 1,
    });
    expect(resolvePushWindow(parsePushWindowParams(p('window=custom&from=2025-06-01T10:30')), NOW)).toEqual({ ok: true, from: Date.UTC(2025, 5, 1, 10, 30), to: NOW });
    const iso = resolvePushWindow(parsePushWindowParams(p(`window=custom&from=${new Date(NOW - 5000).toISOString()}&to=${new Date(NOW).toISOString()}`)), NOW);
    expect(iso).toEqual({ ok: true, from: NOW - 5000, to: NOW });
  });
  it('explains bad custom windows', () => {
    expect(resolvePushWindow(parsePushWindowParams(p('window=custom')), NOW).ok).toBe(false);
    expect(resolvePushWindow(parsePushWindowParams(p('window=custom&from=2025-06-02&to=2025-06-01')), NOW)).toEqual({ ok: false, error: 'The start of the window is after its end.' });
    expect(resolvePushWindow(parsePushWindowParams(p('window=custom&from=2020-01-01')), NOW).ok).toBe(false);
  });
  it('round-trips through the URL', () => {
    expect(pushWindowSearch({ window: '24h', from: 'x', to: 'y' }).toString()).toBe('');
    expect(pushWindowSearch({ window: 'custom', from: '2025-06-01', to: '' }).toString()).toBe('window=custom&from=2025-06-01');
  });
});
