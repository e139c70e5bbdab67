// Seeds users straight into the e2e server's database (plain `pg`, same argon2 parameters
// as the app), so specs don't depend on the user-management UI to get their actors.
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import { ARGON2_OPTIONS } from '../../lib/auth/argon2-options';
import { E2E } from '../config';
import type { E2EUser } from './users';

/** The e2e database URL: DATABASE_URL when the runner exports one, else the fixed e2e embedded Postgres. */
export function e2eDatabaseUrl(): string {
  return process.env.E2E_DATABASE_URL ?? E2E.databaseUrl;
}

// Refuse anything but a local database: these helpers write users directly.
function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`e2e seeding refuses a non-local database (${host})`);
  }
}

/** Runs `fn` with a connected client on the e2e database. */
export async function withDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = e2eDatabaseUrl();
  assertLocal(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `user` (or resets its password, roles, active flag and lockout if the email exists). Returns the id. */
export async function seedUser(user: E2EUser & { active?: boolean }): Promise<string> {
  const passwordHash = await hash(user.password, ARGON2_OPTIONS);
  return withDb(async (client) => {
    const result = await client.query<{ id: string }>(
      `INSERT INTO "User" ("id", "email", "name", "passwordHash", "roles", "active", "updatedAt")
       VALUES ($1, $2, $3, $4, $5::"Role"[], $6, now())
       ON CONFLICT ("email") DO UPDATE SET
         "name" = EXCLUDED."name", "passwordHash" = EXCLUDED."passwordHash", "roles" = EXCLUDED."roles",
         "active" = EXCLUDED."active", "failedSignIns" = 0, "lockedUntil" = NULL, "updatedAt" = now()
       RETURNING "id"`,
      [randomUUID(), user.email.toLowerCase(), user.name, passwordHash, user.roles, user.active ?? true],
    );
    const id = result.rows[0]?.id;
    if (!id) throw new Error(`seeding ${user.email} returned no id`);
    return id;
  });
}

/** Number of users in the e2e database. */
export async function countUsers(): Promise<number> {
  return withDb(async (client) =>
    Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM "User"')).rows[0]?.n ?? 0),
  );
}

/** Reads one user's sign-in state (for lockout assertions). */
export async function userState(
  email: string,
): Promise<{ active: boolean; failedSignIns: number; lockedUntil: Date | null } | null> {
  return withDb(async (client) => {
    const r = await client.query<{ active: boolean; failedSignIns: number; lockedUntil: Date | null }>(
      'SELECT "active", "failedSignIns", "lockedUntil" FROM "User" WHERE "email" = $1',
      [email.toLowerCase()],
    );
    return r.rows[0] ?? null;
  });
}
