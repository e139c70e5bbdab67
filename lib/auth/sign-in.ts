import 'server-only';
import { db as defaultDb, type Db } from '@/lib/db';
import { recordAudit, type Tx } from '@/lib/audit';
import { logger } from '@/lib/logger';
import { systemClock, type Clock } from './clock';
import { isLocked, lockedUntilFor } from './lockout';
import { getDummyHash, verifyPassword } from './password';

export { SIGN_IN_ERROR_MESSAGE } from './messages';

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  // `reason` is for logs and tests only; callers must show SIGN_IN_ERROR_MESSAGE whatever it is.
  | { ok: false; reason: 'invalid' | 'locked' | 'inactive' };

export interface AuthenticateOptions {
  db?: Db;
  clock?: Clock;
}

const MAX_EMAIL_LENGTH = 254;
const MAX_PASSWORD_LENGTH = 1024;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/** Lower-cases and trims an email as typed; returns '' for anything that is not a string. */
export function normalizeEmail(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

// A password typed into the email field must never land in the append-only audit log.
function auditableEmail(email: string): string {
  return EMAIL_SHAPE.test(email) ? email : '(not an email address)';
}

type Attempt = { allowed: false } | { allowed: true; failedSignIns: number; lockedUntil: Date | null };

/**
 * Counts an attempt before the password is checked (and locks at the threshold), inside a
 * row lock. Counting first means parallel guesses cannot slip past the limit while the
 * first ones are still being verified; a success resets the counter afterwards.
 */
async function reserveUserAttempt(client: Db, userId: string, nowMs: number): Promise<Attempt> {
  return client.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    const row = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { failedSignIns: true, lockedUntil: true },
    });
    if (isLocked(row.lockedUntil, nowMs)) return { allowed: false } as const;
    const failedSignIns = row.failedSignIns + 1;
    const lockedUntil = lockedUntilFor(failedSignIns, nowMs);
    await tx.user.update({ where: { id: userId }, data: { failedSignIns, lockedUntil } });
    return { allowed: true, failedSignIns, lockedUntil } as const;
  });
}

/** The same bookkeeping for an email with no account (SignInThrottle). */
async function reserveUnknownEmailAttempt(client: Db, email: string, nowMs: number): Promise<Attempt> {
  return client.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "SignInThrottle" ("email", "failedSignIns", "updatedAt") VALUES (${email}, 0, now()) ON CONFLICT ("email") DO NOTHING`;
    await tx.$queryRaw`SELECT 1 FROM "SignInThrottle" WHERE "email" = ${email} FOR UPDATE`;
    const row = await tx.signInThrottle.findUniqueOrThrow({
      where: { email },
      select: { failedSignIns: true, lockedUntil: true },
    });
    if (isLocked(row.lockedUntil, nowMs)) return { allowed: false } as const;
    const failedSignIns = row.failedSignIns + 1;
    const lockedUntil = lockedUntilFor(failedSignIns, nowMs);
    await tx.signInThrottle.update({ where: { email }, data: { failedSignIns, lockedUntil } });
    return { allowed: true, failedSignIns, lockedUntil } as const;
  });
}

async function auditFailure(
  tx: Tx,
  actor: { id: string; email: string } | null,
  email: string,
  reason: 'invalid' | 'inactive',
  attempt: { failedSignIns: number; lockedUntil: Date | null },
) {
  await recordAudit(tx, {
    actor,
    action: 'auth.sign_in_failed',
    details: { email: auditableEmail(email), reason, failedSignIns: attempt.failedSignIns },
  });
  if (attempt.lockedUntil) {
    await recordAudit(tx, {
      actor,
      action: 'auth.locked',
      details: {
        email: auditableEmail(email),
        failedSignIns: attempt.failedSignIns,
        lockedUntil: attempt.lockedUntil.toISOString(),
      },
    });
  }
}

// Old throttle rows for unknown emails are housekeeping only; real time is right here.
async function pruneThrottle(client: Db) {
  await client.signInThrottle.deleteMany({ where: { updatedAt: { lt: new Date(Date.now() - 24 * 60 * 60_000) } } });
}

/**
 * Checks an email and password. Every refusal looks the same to the caller; unknown emails
 * cost the same argon2 verification as known ones and are throttled the same way.
 */
export async function authenticate(
  input: { email: unknown; password: unknown },
  opts: AuthenticateOptions = {},
): Promise<SignInResult> {
  const client = opts.db ?? defaultDb;
  const nowMs = (opts.clock ?? systemClock).now();
  const email = normalizeEmail(input.email);
  const password = typeof input.password === 'string' ? input.password : '';

  if (!email || !password || email.length > MAX_EMAIL_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    return { ok: false, reason: 'invalid' };
  }

  const user = await client.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, active: true, passwordHash: true },
  });

  if (!user) {
    const attempt = await reserveUnknownEmailAttempt(client, email, nowMs);
    if (!attempt.allowed) {
      logger.warn({ event: 'auth.sign_in_refused', reason: 'locked' }, 'sign-in refused while locked');
      return { ok: false, reason: 'locked' };
    }
    await verifyPassword(await getDummyHash(), password);
    await client.$transaction((tx) => auditFailure(tx, null, email, 'invalid', attempt));
    await pruneThrottle(client);
    return { ok: false, reason: attempt.lockedUntil ? 'locked' : 'invalid' };
  }

  const actor = { id: user.id, email: user.email };
  const attempt = await reserveUserAttempt(client, user.id, nowMs);
  if (!attempt.allowed) {
    logger.warn({ event: 'auth.sign_in_refused', reason: 'locked', userId: user.id }, 'sign-in refused while locked');
    return { ok: false, reason: 'locked' };
  }

  const passwordOk = await verifyPassword(user.passwordHash, password);
  if (!passwordOk || !user.active) {
    const reason = passwordOk ? 'inactive' : 'invalid';
    await client.$transaction((tx) => auditFailure(tx, actor, email, reason, attempt));
    if (reason === 'inactive') return { ok: false, reason };
    return { ok: false, reason: attempt.lockedUntil ? 'locked' : 'invalid' };
  }

  const signedIn = await client.$transaction(async (tx) => {
    // Re-check `active` in the same statement: a deactivation racing this sign-in wins.
    const updated = await tx.user.updateMany({
      where: { id: user.id, active: true },
      data: { failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date(nowMs) },
    });
    if (updated.count !== 1) return false;
    await recordAudit(tx, { actor, action: 'auth.sign_in', details: {} });
    return true;
  });
  if (!signedIn) return { ok: false, reason: 'inactive' };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
