import { describe, expect, it } from 'vitest';
import { parseDateBound, toIsoDate } from './dates';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const DAY = 86_400_000;

describe('parseDateBound', () => {
  it('treats blank as no bound', () => {
    expect(parseDateBound('  ', NOW)).toEqual({ ok: true, value: null });
  });
  it('reads relative ages', () => {
    expect(parseDateBound('30d', NOW)).toEqual({ ok: true, value: NOW - 30 * DAY });
    expect(parseDateBound('12h', NOW)).toEqual({ ok: true, value: NOW - 12 * 3_600_000 });
    expect(parseDateBound('2 weeks ago', NOW)).toEqual({ ok: true, value: NOW - 14 * DAY });
    expect(parseDateBound('1y', NOW)).toEqual({ ok: true, value: NOW - 365 * DAY });
  });
  it('reads ISO dates as UTC midnight and ISO date-times exactly', () => {
    expect(parseDateBound('2025-01-31', NOW)).toEqual({ ok: true, value: Date.UTC(2025, 0, 31) });
    expect(parseDateBound('2025-01-31T10:00:00Z', NOW)).toEqual({ ok: true, value: Date.UTC(2025, 0, 31, 10) });
  });
  it('rejects impossible dates and gibberish with a message', () => {
    const feb = parseDateBound('2025-02-30', NOW);
    expect(feb.ok).toBe(false);
    const junk = parseDateBound('last tuesday', NOW);
    expect(junk.ok).toBe(false);
    if (!junk.ok) expect(junk.error).toMatch(/not a date/);
  });
  it('round-trips the date-only form', () => {
    expect(toIsoDate(Date.UTC(2024, 1, 29))).toBe('2024-02-29');
  });
});
