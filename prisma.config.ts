// Prisma CLI configuration. Migrate runs on the WASM schema engine through the
// pg driver adapter (no engine binary download is possible here).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { CatalogTextClient } from './scripts/lib/catalog-text-pg';

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
    return new PrismaPg(pool);
  },
});
