import { describe, expect, it } from 'vitest';
import { checkCron, describeCron, formatInZone, nextRuns, slotAt } from './cron';

const NOW = Date.UTC(2026, 0, 1, 12); // Thursday

describe('checkCron', () => {
  it('previews a weekly schedule with its next five runs in the time zone', () => {
    const c = checkCron('0 3 * * 1', 'UTC', NOW);
    expect(c).toMatchObject({ ok: true, description: 'Every Monday at 03:00 (UTC)' });
    if (!c.ok) return;
    expect(c.next.map((t) => new Date(t).toISOString())).toEqual([
      '2026-01-05T03:00:00.000Z',
      '2026-01-12T03:00:00.000Z',
      '2026-01-19T03:00:00.000Z',
      '2026-01-26T03:00:00.000Z',
      '2026-02-02T03:00:00.000Z',
    ]);
    const berlin = checkCron('0 3 * * MON', 'Europe/Berlin', NOW);
    expect(berlin.ok && new Date(berlin.next[0] ?? 0).toISOString()).toBe('2026-01-05T02:00:00.000Z');
    expect(berlin.ok && formatInZone(berlin.next[0] ?? 0, 'Europe/Berlin')).toBe('Mon 2026-01-05 03:00');
  });

  it('points at the invalid field', () => {
    expect(checkCron('0 25 * * *', 'UTC', NOW)).toMatchObject({
      ok: false,
      field: 'cron',
      position: 2,
      message: expect.stringContaining('hour'),
    });
    expect(checkCron('0 3 * * 1 2020', 'UTC', NOW)).toMatchObject({
      ok: false,
      position: 10,
      message: expect.stringContaining('five fields'),
    });
    expect(checkCron('0 3 *', 'UTC', NOW)).toMatchObject({ ok: false, position: 5 });
    expect(checkCron('0 3 * * xyz', 'UTC', NOW)).toMatchObject({ ok: false, position: 8 });
    expect(checkCron('', 'UTC', NOW)).toMatchObject({ ok: false, position: 0 });
    expect(checkCron('@sometimes', 'UTC', NOW)).toMatchObject({ ok: false });
  });

  it('refuses unknown time zones, schedules that never run and schedules that run too often', () => {
    expect(checkCron('0 3 * * 1', 'Mars/Olympus', NOW)).toMatchObject({ ok: false, field: 'timezone' });
    expect(checkCron('0 0 30 2 *', 'UTC', NOW)).toMatchObject({ ok: false, field: 'cron' });
    expect(checkCron('*/5 * * * *', 'UTC', NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('every 5 minutes'),
    });
    expect(checkCron('*/15 * * * *', 'UTC', NOW).ok).toBe(true);
    expect(checkCron('@daily', 'UTC', NOW)).toMatchObject({ ok: true, description: 'Every day at 00:00 (UTC)' });
  });

  it('describes common schedules in words', () => {
    expect(describeCron('30 2 * * *', 'Europe/Berlin')).toBe('Every day at 02:30 (Europe/Berlin)');
    expect(describeCron('0 3 * * 1,4', 'UTC')).toBe('Every Monday and Thursday at 03:00 (UTC)');
    expect(describeCron('0 3 * * 1-5', 'UTC')).toBe('Every weekday (Monday to Friday) at 03:00 (UTC)');
    expect(describeCron('0 4 1 * *', 'UTC')).toBe('On the 1st of every month at 04:00 (UTC)');
    expect(describeCron('0 */6 * * *', 'UTC')).toMatch(/6 hours/);
  });
});

describe('slotAt', () => {
  it('maps a delivery to the slot it belongs to', () => {
    const slot = Date.UTC(2026, 0, 5, 3);
    expect(slotAt('0 3 * * 1', 'UTC', slot)).toBe(slot);
    expect(slotAt('0 3 * * 1', 'UTC', slot + 45_000)).toBe(slot);
    expect(slotAt('0 3 * * 1', 'UTC', slot - 1)).toBe(Date.UTC(2025, 11, 29, 3));
    expect(nextRuns('0 3 * * 1', 'UTC', slot, 1)).toEqual([Date.UTC(2026, 0, 12, 3)]);
  });
});
