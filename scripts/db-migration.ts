// `npm run db:migration -- <name>`: writes a new migration from the difference
// between the schema as of the last migration (prisma/schema.last-migration.prisma)
// and prisma/schema.prisma. `prisma migrate dev` needs a shadow database, which
// the WASM schema engine cannot create here, so the diff is datamodel-to-datamodel.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { runPrisma } from './lib/prisma-cli';
import { startEmbeddedPostgres } from './lib/embedded-postgres';

const root = path.resolve(__dirname, '..');
const schema = path.join(root, 'prisma/schema.prisma');
const snapshot = path.join(root, 'prisma/schema.last-migration.prisma');
const migrationsDir = path.join(root, 'prisma/migrations');

async function main() {
  const name = (process.argv[2] ?? '').trim();
  if (!/^[a-z0-9_]+$/.test(name)) {
    console.error('Usage: npm run db:migration -- <name>   (lower-case letters, digits and _)');
    process.exit(2);
  }
  const from = fs.existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
  // The JS schema engine diffs through a live connection even between two datamodels,
  // so a throwaway embedded Postgres serves when no DATABASE_URL is given.
  let databaseUrl = process.env.DATABASE_URL;
  const scratch = databaseUrl ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'hk-migration-'));
  const pg = scratch ? await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg') }) : null;
  if (pg) databaseUrl = pg.adminUrl;
  let sql: string;
  try {
    sql = runPrisma(['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'], {
      ...process.env,
      DATABASE_URL: databaseUrl,
    });
  } finally {
    await pg?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log('No schema changes since the last migration.');
    return;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
  fs.copyFileSync(schema, snapshot);
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  if (!fs.existsSync(lock)) fs.writeFileSync(lock, 'provider = "postgresql"\n');
  console.log(`Wrote ${path.relative(root, dir)}/migration.sql`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
