// Shared factories for the auth integration tests (real Postgres, real argon2).
import { encode } from 'next-auth/jwt';
import { db } from '@/lib/db';
import { hashPassword } from '@/lib/auth/password';
import type { RoleName } from '@/lib/auth/permissions';
import type { Clock } from '@/lib/auth/clock';

export const PASSWORD = 'correct horse battery staple';

/** Creates a user directly in the database. */
export async function makeUser(opts: {
  email: string;
  name?: string;
  roles?: RoleName[];
  active?: boolean;
  password?: string;
}) {
  return db.user.create({
    data: {
      email: opts.email.toLowerCase(),
      name: opts.name ?? opts.email.split('@')[0] ?? 'User',
      roles: opts.roles ?? ['VIEWER'],
      active: opts.active ?? true,
      passwordHash: await hashPassword(opts.password ?? PASSWORD),
    },
    select: { id: true, email: true, name: true, roles: true },
  });
}

/** A clock the test moves by hand. */
export function manualClock(
  start = Date.UTC(2030, 0, 1, 12, 0, 0),
): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

/** A real next-auth session cookie value (encrypted JWT) for `userId`, as the sign-in flow sets it. */
export async function sessionTokenFor(userId: string): Promise<string> {
  const secret = process.env.NEXTAUTH_SECRET ?? '';
  return encode({ token: { sub: userId }, secret, maxAge: 60 * 60 });
}

// The audit log is append-only (a trigger refuses DELETE), so tests look at what was
// appended after a mark instead of clearing the table.
let mark = BigInt(0);

/** Remembers the newest audit row; auditActions()/auditEvents() then return only later rows. */
export async function markAudit(): Promise<void> {
  const last = await db.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  mark = last?.id ?? BigInt(0);
}

export async function auditEvents() {
  return db.auditEvent.findMany({ where: { id: { gt: mark } }, orderBy: { id: 'asc' } });
}

export async function auditActions(): Promise<string[]> {
  return (await auditEvents()).map((r) => r.action);
}
