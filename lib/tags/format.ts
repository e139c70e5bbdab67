// Display helpers shared by the browse tables. Client-safe and deterministic given `now`.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 1234567 → "1.2 MB" (decimal units, like Docker Hub). null → "—". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** 12345 → "12,345". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString('en-US');
}

const STEPS: Array<[number, string]> = [
  [60, 'second'],
  [60, 'minute'],
  [24, 'hour'],
  [7, 'day'],
  [4.345, 'week'],
  [12, 'month'],
  [Number.POSITIVE_INFINITY, 'year'],
];

/** "3 days ago" / "in 2 hours" / "just now". */
export function formatRelative(ms: number, now: number): string {
  let delta = (now - ms) / 1000;
  const future = delta < 0;
  delta = Math.abs(delta);
  if (delta < 45) return future ? 'in a moment' : 'just now';
  for (const [size, unit] of STEPS) {
    if (delta < size) {
      const n = Math.max(1, Math.round(delta));
      const label = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return future ? `in ${label}` : `${label} ago`;
    }
    delta /= size;
  }
  return future ? 'in the future' : 'long ago';
}

/** Exact UTC time for tooltips: "2025-01-31 14:05:09 UTC". */
export function formatExact(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Parses an ISO string from Hub into ms epoch; null for null/invalid. */
export function toMs(iso: string | null | undefined): number | null {
  if (iso === null || iso === undefined || iso === '') return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
