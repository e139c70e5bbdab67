// Runs the Prisma CLI (from node_modules) as a child process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(__dirname, '../..');
const PRISMA_BIN = path.join(root, 'node_modules/prisma/build/index.js');
const MIGRATIONS_DIR = path.join(root, 'prisma/migrations');

/** Runs `prisma <args>`; returns stdout, throws with stderr on failure. */
export function runPrisma(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(process.execPath, [PRISMA_BIN, ...args], {
    cwd: root,
    env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** Applies every committed migration to the database at `databaseUrl`. */
export function migrateDeploy(databaseUrl: string): void {
  runPrisma(['migrate', 'deploy'], { ...process.env, DATABASE_URL: databaseUrl });
}

/** Names of the committed migrations, in order. */
function committedMigrations(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(MIGRATIONS_DIR, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}

/** Migrations Prisma recorded as applied (none when the bookkeeping table does not exist yet). */
async function appliedMigrations(databaseUrl: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query<{ exists: string | null }>(`SELECT to_regclass('public._prisma_migrations') AS exists`);
    if (table.rows[0]?.exists == null) return new Set();
    const rows = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return new Set(rows.rows.map((r) => r.migration_name));
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations; returns how many were pending. When none is pending the Prisma
 * CLI is not started at all: it lingers about 10 s after its work before exiting, which
 * would otherwise slow down every start.
 */
export async function applyPendingMigrations(databaseUrl: string): Promise<number> {
  const applied = await appliedMigrations(databaseUrl);
  const pending = committedMigrations().filter((name) => !applied.has(name));
  if (pending.length > 0) migrateDeploy(databaseUrl);
  return pending.length;
}
