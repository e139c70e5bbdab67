// Cron schedules of retention policies: validation with the position of the bad field, a human
// preview ("Every Monday at 03:00 (UTC)"), the next run times, and the slot a run belongs to.
// Uses cron-parser 4.9, the version pg-boss 10 uses to fire schedules, so the preview shows
// exactly the times pg-boss will run. Pure: every function takes `now`.
import cronParser from 'cron-parser';
import cronstrue from 'cronstrue';

export const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const ALIASES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
/** Runs read every tag of their scope: no more often than this. */
export const MIN_INTERVAL_MINUTES = 15;

export type CronCheck =
  | { ok: true; expression: string; timezone: string; description: string; next: number[] }
  | { ok: false; field: 'cron' | 'timezone'; message: string; position: number | null };

/** True when `tz` is an IANA zone this runtime knows (UTC included). */
export function isValidTimezone(tz: string): boolean {
  if (tz.trim() === '' || tz !== tz.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function parse(expression: string, timezone: string, now: number) {
  return cronParser.parseExpression(expression, { tz: timezone, currentDate: new Date(now) });
}

function cleanMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text
    .replace(/^Constraint error, got value (\S+) expected range (\S+)$/, 'the value $1 is out of range ($2)')
    .replace(/^Invalid characters, got value: (.*)$/, 'invalid characters "$1"');
}

/** The next `count` run times (ms epoch) strictly after `now`. */
export function nextRuns(expression: string, timezone: string, now: number, count = 5): number[] {
  const it = parse(expression, timezone, now);
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) out.push(it.next().getTime());
  return out;
}

/** The latest slot at or before `at` (the slot a scheduled delivery at `at` belongs to). */
export function slotAt(expression: string, timezone: string, at: number): number {
  // prev() is strictly before currentDate; +1 ms makes a delivery exactly on the slot count.
  return parse(expression, timezone, at + 1)
    .prev()
    .getTime();
}

/**
 * Validates a cron expression and time zone: five fields (or @daily-style aliases), every field
 * in range, runs at least once, no more often than every MIN_INTERVAL_MINUTES.
 */
export function checkCron(rawExpression: string, timezone: string, now: number): CronCheck {
  if (!isValidTimezone(timezone)) {
    return {
      ok: false,
      field: 'timezone',
      message: `"${timezone.slice(0, 60)}" is not a time zone this server knows; use an IANA name like UTC or Europe/Berlin.`,
      position: null,
    };
  }
  const expression = rawExpression.trim().replace(/\s+/g, ' ');
  if (expression === '')
    return {
      ok: false,
      field: 'cron',
      message: 'Enter a cron expression, e.g. "0 3 * * 1" (Mondays at 03:00).',
      position: 0,
    };
  const leading = rawExpression.length - rawExpression.trimStart().length;
  if (expression.startsWith('@')) {
    if (!ALIASES.has(expression)) {
      return {
        ok: false,
        field: 'cron',
        message: `Unknown shortcut "${expression}"; use @hourly, @daily, @weekly, @monthly or @yearly, or five fields.`,
        position: leading,
      };
    }
  } else {
    // Field offsets in the text as typed, so the message can point at the bad one.
    const fields: { text: string; start: number }[] = [];
    const re = /\S+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(rawExpression)) !== null) fields.push({ text: m[0], start: m.index });
    if (fields.length !== 5) {
      const position = fields.length > 5 ? (fields[5]?.start ?? null) : rawExpression.trimEnd().length;
      return {
        ok: false,
        field: 'cron',
        message: `A cron expression has five fields (minute hour day-of-month month day-of-week); this one has ${fields.length}.`,
        position,
      };
    }
    for (let i = 0; i < 5; i += 1) {
      const probe = fields.map((f, j) => (j === i ? f.text : '*')).join(' ');
      try {
        parse(probe, 'UTC', now).next();
      } catch (err) {
        const field = fields[i] as { text: string; start: number };
        return {
          ok: false,
          field: 'cron',
          message: `The ${FIELD_NAMES[i]} field "${field.text}" is invalid: ${cleanMessage(err)}.`,
          position: field.start,
        };
      }
    }
  }
  let next: number[];
  try {
    next = nextRuns(expression, timezone, now, 6);
  } catch (err) {
    return { ok: false, field: 'cron', message: `This schedule never runs: ${cleanMessage(err)}.`, position: leading };
  }
  for (let i = 1; i < next.length; i += 1) {
    const gap = (next[i] as number) - (next[i - 1] as number);
    if (gap < MIN_INTERVAL_MINUTES * 60_000) {
      return {
        ok: false,
        field: 'cron',
        message: `This schedule runs every ${Math.round(gap / 60_000)} minutes; a retention run reads every tag of its scope, so run at most every ${MIN_INTERVAL_MINUTES} minutes.`,
        position: leading,
      };
    }
  }
  return { ok: true, expression, timezone, description: describeCron(expression, timezone), next: next.slice(0, 5) };
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_ALIASES: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

function dayIndex(text: string): number | null {
  const upper = text.toUpperCase();
  if (upper in DAY_ALIASES) return DAY_ALIASES[upper] ?? null;
  if (!/^\d$/.test(text)) return null;
  const n = Number(text);
  return n === 7 ? 0 : n <= 6 ? n : null;
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

/** "Every Monday at 03:00 (UTC)"; falls back to cronstrue's wording for unusual expressions. */
export function describeCron(expression: string, timezone: string): string {
  const zone = ` (${timezone})`;
  const fields = expression.trim().split(/\s+/);
  const aliases: Record<string, string> = {
    '@hourly': 'Every hour, on the hour',
    '@daily': 'Every day at 00:00',
    '@midnight': 'Every day at 00:00',
    '@weekly': 'Every Sunday at 00:00',
    '@monthly': 'On the 1st of every month at 00:00',
    '@yearly': 'Every 1 January at 00:00',
    '@annually': 'Every 1 January at 00:00',
  };
  const alias = aliases[expression.trim()];
  if (alias !== undefined) return alias + zone;
  if (fields.length === 5) {
    const [min, hour, dom, mon, dow] = fields as [string, string, string, string, string];
    if (/^\d{1,2}$/.test(min) && /^\d{1,2}$/.test(hour) && mon === '*') {
      const time = `${hour.padStart(2, '0')}:${min.padStart(2, '0')}`;
      if (dom === '*' && dow === '*') return `Every day at ${time}${zone}`;
      if (dom === '*') {
        const days = dow.split(',').map(dayIndex);
        if (days.every((d): d is number => d !== null)) {
          const names = days.map((d) => DAY_NAMES[d] ?? '');
          const joined =
            names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
          return `Every ${joined} at ${time}${zone}`;
        }
        if (/^(1-5|MON-FRI)$/i.test(dow)) return `Every weekday (Monday to Friday) at ${time}${zone}`;
      }
      if (dow === '*' && /^\d{1,2}$/.test(dom))
        return `On the ${ordinal(Number(dom))} of every month at ${time}${zone}`;
    }
    if (/^\d{1,2}$/.test(min) && hour === '*' && dom === '*' && mon === '*' && dow === '*')
      return `Every hour at minute ${min}${zone}`;
  }
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false }) + zone;
  } catch {
    return expression + zone;
  }
}

/** `2026-01-05 03:00 (Europe/Berlin)`: a run time as the schedule's zone reads it. */
export function formatInZone(ms: number, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    weekday: 'short',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
