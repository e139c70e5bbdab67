// Parses the date bounds users type into tag filters: an ISO date (UTC), an ISO date-time, or an
// age relative to now such as `30d`, `12h`, `2w`, `1y` ("30 days ago"). Pure and client-safe.

export type DateBound = { ok: true; value: number | null } | { ok: false; error: string };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UNIT_MS: Record<string, number> = { h: HOUR, d: DAY, w: 7 * DAY, y: 365 * DAY };

const RELATIVE = /^(\d{1,5})\s*(h|hours?|d|days?|w|weeks?|y|years?)(?:\s+ago)?$/i;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses one bound; '' means "no bound" (value null). `now` is ms epoch. */
export function parseDateBound(input: string, now: number): DateBound {
  const text = input.trim();
  if (text === '') return { ok: true, value: null };
  const rel = RELATIVE.exec(text);
  if (rel !== null) {
    const amount = Number(rel[1]);
    const unit = (rel[2] ?? 'd').charAt(0).toLowerCase();
    const ms = UNIT_MS[unit];
    if (ms === undefined) return { ok: false, error: `Unknown unit in "${text}".` };
    return { ok: true, value: now - amount * ms };
  }
  const day = DATE_ONLY.exec(text);
  if (day !== null) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const value = Date.UTC(y, m - 1, d);
    const check = new Date(value);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
      return { ok: false, error: `"${text}" is not a real calendar date.` };
    }
    return { ok: true, value };
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const value = Date.parse(text);
    if (!Number.isNaN(value)) return { ok: true, value };
  }
  return { ok: false, error: `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}" is not a date: use 2025-01-31 (UTC) or an age such as 30d, 12h, 2w, 1y.` };
}

/** Formats ms epoch as YYYY-MM-DD (UTC), the inverse of the date-only form. */
export function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
