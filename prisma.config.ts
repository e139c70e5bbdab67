// Prisma CLI configuration. Migrate runs on the WASM schema engine through the
// pg driver adapter (no engine binary download is possible here).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { CatalogTextClient } from './scripts/lib/catalog-text-pg';

// The adapter's executeScript splits a migration on every ';', which breaks
// PL/pgSQL bodies (the audit log's append-only trigger). Postgres' simple query
// protocol runs a whole multi-statement script in one round trip, atomically.
class WholeScriptPrismaPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver();
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        (adapter as unknown as { onError(e: unknown): never }).onError(error);
      }
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error('DATABASE_URL is not set: the Prisma CLI needs a database (npm scripts set it for you).');
    }
    const pool = new pg.Pool({ connectionString, Client: CatalogTextClient });
    return new WholeScriptPrismaPg(pool);
  },
});
