// Vitest global setup for integration tests: one embedded Postgres per run,
// with a template database that has every migration applied. Each test file
// then gets its own database cloned from the template (tests/helpers/setup-db.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres';
import { migrateDeploy } from '../../scripts/lib/prisma-cli';

export const TEMPLATE_DB = 'hk_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.HUBKEEPER_TEST_DATABASE_ADMIN_URL;
  const scratch = external ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'hk-test-pg-'));
  const server = scratch ? await startEmbeddedPostgres({ dataDir: path.join(scratch, 'pg') }) : null;
  const adminUrl = external ?? server?.adminUrl ?? '';
  const cleanup = async () => {
    await server?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = new URL(adminUrl);
    templateUrl.pathname = `/${TEMPLATE_DB}`;
    migrateDeploy(templateUrl.toString());
  } catch (err) {
    await cleanup();
    throw err;
  }
  project.provide('pgAdminUrl', adminUrl);
  return cleanup;
}
