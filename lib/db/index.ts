import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { env } from '@/lib/env';

/** Creates a Prisma client on `url` that hides secret columns from every query by default. */
export function createDb(url: string) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 10 }),
    omit: {
      instance: { encryptedSecret: true },
      hubTokenCache: { encryptedToken: true },
      user: { passwordHash: true },
      webhookEndpoint: { encryptedSecret: true },
    },
  });
}

export type Db = ReturnType<typeof createDb>;

const globalForDb = globalThis as unknown as { hubkeeperDb?: Db };

function getDb(): Db {
  // One client per process (dev hot reload re-evaluates modules).
  globalForDb.hubkeeperDb ??= createDb(env().DATABASE_URL);
  return globalForDb.hubkeeperDb;
}

/** The process-wide Prisma client, created on first use so `next build` needs no database. */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client) as unknown;
    return typeof value === 'function' ? value.bind(client) : value;
  },
});

export * from './generated/client';
