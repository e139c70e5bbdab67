import { beforeEach, describe, expect, it } from 'vitest';
import type { User as NextAuthUser } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import { db } from '@/lib/db';
import { authenticate, SIGN_IN_ERROR_MESSAGE } from '@/lib/auth/sign-in';
import { getAuthOptions, SESSION_MAX_AGE_SECONDS } from '@/lib/auth/options';
import { auditActions, auditEvents, makeUser, manualClock, markAudit, PASSWORD } from './fixtures';

const WRONG = 'definitely not the password';

async function counters(email: string) {
  return db.user.findUniqueOrThrow({
    where: { email },
    select: { failedSignIns: true, lockedUntil: true, lastSignInAt: true },
  });
}

/** The authorize() next-auth calls for the credentials provider. */
function nextAuthAuthorize() {
  const provider = getAuthOptions().providers[0] as unknown as {
    options: { authorize: (c: Record<string, string> | undefined, req: unknown) => Promise<{ id: string } | null> };
  };
  return (email: string, password: string) => provider.options.authorize({ email, password }, {});
}

beforeEach(async () => {
  await db.signInThrottle.deleteMany();
  await db.user.deleteMany();
  await markAudit();
});

describe('authenticate()', () => {
  it('signs in with the right password, resets counters and records the sign-in', async () => {
    const clock = manualClock();
    const user = await makeUser({ email: 'ada@example.com', name: 'Ada' });
    await db.user.update({ where: { id: user.id }, data: { failedSignIns: 3 } });

    const result = await authenticate({ email: '  ADA@example.com ', password: PASSWORD }, { clock });

    expect(result).toEqual({ ok: true, user: { id: user.id, email: 'ada@example.com', name: 'Ada' } });
    const after = await counters('ada@example.com');
    expect(after.failedSignIns).toBe(0);
    expect(after.lastSignInAt?.getTime()).toBe(clock.now());
    expect(await auditActions()).toEqual(['auth.sign_in']);
  });

  it('refuses a wrong password and an unknown email the same way (next-auth authorize returns null for both)', async () => {
    await makeUser({ email: 'ada@example.com' });
    const authorize = nextAuthAuthorize();

    expect(await authorize('ada@example.com', WRONG)).toBeNull();
    expect(await authorize('nobody@example.com', WRONG)).toBeNull();
    expect(await authorize('ada@example.com', PASSWORD)).toMatchObject({ id: expect.any(String) });

    const wrong = await authenticate({ email: 'ada@example.com', password: WRONG });
    const unknown = await authenticate({ email: 'nobody@example.com', password: WRONG });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(unknown).toEqual({ ok: false, reason: 'invalid' });
    // Unknown emails are counted in SignInThrottle, so they lock like real accounts do.
    expect(await db.signInThrottle.findUnique({ where: { email: 'nobody@example.com' } })).toMatchObject({
      failedSignIns: 2,
    });
    expect(SIGN_IN_ERROR_MESSAGE).toBe(
      'Email or password is incorrect, or the account is temporarily locked. Try again in a few minutes.',
    );
  });

  it('locks after 5 consecutive failures, refuses even the right password while locked, and backs off 1, 2, 4 minutes', async () => {
    const clock = manualClock();
    await makeUser({ email: 'ada@example.com' });
    const attempt = (password: string) => authenticate({ email: 'ada@example.com', password }, { clock });

    for (let i = 1; i <= 4; i += 1) expect(await attempt(WRONG)).toEqual({ ok: false, reason: 'invalid' });
    expect(await attempt(WRONG)).toEqual({ ok: false, reason: 'locked' });
    let state = await counters('ada@example.com');
    expect(state.failedSignIns).toBe(5);
    expect(state.lockedUntil?.getTime()).toBe(clock.now() + 60_000);

    // While locked: refused without being counted or verified, even with the right password.
    clock.advance(59_000);
    expect(await attempt(PASSWORD)).toEqual({ ok: false, reason: 'locked' });
    expect((await counters('ada@example.com')).failedSignIns).toBe(5);

    // After the window one more failure locks again, for twice as long.
    clock.advance(1_001);
    expect(await attempt(WRONG)).toEqual({ ok: false, reason: 'locked' });
    state = await counters('ada@example.com');
    expect(state.failedSignIns).toBe(6);
    expect(state.lockedUntil?.getTime()).toBe(clock.now() + 120_000);

    clock.advance(120_000);
    expect(await attempt(WRONG)).toEqual({ ok: false, reason: 'locked' });
    expect((await counters('ada@example.com')).lockedUntil?.getTime()).toBe(clock.now() + 240_000);

    const actions = await auditActions();
    expect(actions.filter((a) => a === 'auth.sign_in_failed')).toHaveLength(7);
    expect(actions.filter((a) => a === 'auth.locked')).toHaveLength(3);
  });

  it('unlocks once the window has passed, and a success clears the record', async () => {
    const clock = manualClock();
    await makeUser({ email: 'ada@example.com' });
    for (let i = 0; i < 5; i += 1) await authenticate({ email: 'ada@example.com', password: WRONG }, { clock });

    clock.advance(60_000);
    const result = await authenticate({ email: 'ada@example.com', password: PASSWORD }, { clock });

    expect(result.ok).toBe(true);
    const state = await counters('ada@example.com');
    expect(state.failedSignIns).toBe(0);
    expect(state.lockedUntil).toBeNull();
  });

  it('lets no more than 5 guesses through when many arrive at once', async () => {
    const clock = manualClock();
    await makeUser({ email: 'ada@example.com' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => authenticate({ email: 'ada@example.com', password: WRONG }, { clock })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect((await counters('ada@example.com')).failedSignIns).toBe(5);
    expect((await auditActions()).filter((a) => a === 'auth.sign_in_failed')).toHaveLength(5);
  });

  it('throttles unknown emails exactly like accounts', async () => {
    const clock = manualClock();
    const attempt = () => authenticate({ email: 'ghost@example.com', password: WRONG }, { clock });
    for (let i = 1; i <= 4; i += 1) expect(await attempt()).toEqual({ ok: false, reason: 'invalid' });
    expect(await attempt()).toEqual({ ok: false, reason: 'locked' });
    expect(await attempt()).toEqual({ ok: false, reason: 'locked' });
    const row = await db.signInThrottle.findUniqueOrThrow({ where: { email: 'ghost@example.com' } });
    expect(row.failedSignIns).toBe(5);
    expect(row.lockedUntil?.getTime()).toBe(clock.now() + 60_000);
    clock.advance(60_000);
    expect(await attempt()).toEqual({ ok: false, reason: 'locked' });
    expect((await db.signInThrottle.findUniqueOrThrow({ where: { email: 'ghost@example.com' } })).failedSignIns).toBe(
      6,
    );
  });

  it('refuses a deactivated user even with the right password', async () => {
    const user = await makeUser({ email: 'gone@example.com', active: false });
    expect(await authenticate({ email: 'gone@example.com', password: PASSWORD })).toEqual({
      ok: false,
      reason: 'inactive',
    });
    expect(await nextAuthAuthorize()('gone@example.com', PASSWORD)).toBeNull();
    const state = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { lastSignInAt: true } });
    expect(state.lastSignInAt).toBeNull();
  });

  it('never writes a password to the audit log, even one typed into the email field', async () => {
    await makeUser({ email: 'ada@example.com' });
    await authenticate({ email: 'ada@example.com', password: WRONG });
    await authenticate({ email: 'Secret-Password-In-Email-Field', password: WRONG });
    await authenticate({ email: 'ada@example.com', password: PASSWORD });
    const rows = await auditEvents();
    const text = JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(text).not.toContain(WRONG);
    expect(text).not.toContain(PASSWORD);
    expect(text.toLowerCase()).not.toContain('secret-password-in-email-field');
    expect(text).toContain('(not an email address)');
  });

  it('refuses empty input without touching the database counters', async () => {
    expect(await authenticate({ email: '', password: 'x' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await authenticate({ email: 'a@b.c', password: '' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await authenticate({ email: 42, password: null })).toEqual({ ok: false, reason: 'invalid' });
    expect(await db.signInThrottle.count()).toBe(0);
  });
});

describe('next-auth options', () => {
  it('keeps only the user id in the JWT and sessions short', async () => {
    const opts = getAuthOptions();
    const jwt = opts.callbacks?.jwt;
    expect(jwt).toBeDefined();
    const token = await jwt?.({
      token: { name: 'Ada', email: 'ada@example.com', picture: null, sub: 'u1' } as JWT,
      user: { id: 'u1', email: 'ada@example.com', name: 'Ada' } as NextAuthUser,
      account: null,
    });
    expect(token).toEqual({ sub: 'u1' });
    expect(opts.session?.strategy).toBe('jwt');
    expect(opts.session?.maxAge).toBe(SESSION_MAX_AGE_SECONDS);
    expect(SESSION_MAX_AGE_SECONDS).toBeLessThanOrEqual(12 * 60 * 60);
  });
});
