// `npm start`: one command from a fresh clone to a running dashboard.
// - No DATABASE_URL: starts an embedded PostgreSQL in the data folder
//   (HUBKEEPER_DATA_DIR, default ./.hubkeeper) and generates first-run secrets there.
// - Applies committed migrations, builds once if no production build exists,
//   then serves with `next start` on PORT (default 3000).
// - Ctrl-C / SIGTERM stops Next, then Postgres with a clean (fast) shutdown.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parseEnv, EnvError } from '../lib/env';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './lib/embedded-postgres';
import { loadOrCreateSecrets } from './lib/first-run-secrets';
import { applyPendingMigrations } from './lib/prisma-cli';

const root = path.resolve(__dirname, '..');
const NEXT_BIN = path.join(root, 'node_modules/next/dist/bin/next');

export interface StartOptions {
  /** Extra environment for the server (the e2e and demo launchers use this). */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Also append the server's stdout and stderr to this file (the e2e leak test reads it). */
  logFile?: string;
  /** Runs after migrations, before the server starts (the demo launcher seeds data here). */
  beforeServe?: (databaseUrl: string) => Promise<void>;
}

function say(line: string) {
  console.log(`[hubkeeper] ${line}`);
}

async function ensureDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** Starts Postgres (if embedded), migrates, builds if needed and serves until stopped. */
export async function start(options: StartOptions = {}): Promise<void> {
  const started = Date.now();
  const environment: Record<string, string | undefined> = { ...process.env, ...options.env };
  const port = environment.PORT ?? '3000';
  const dataDir = path.resolve(root, environment.HUBKEEPER_DATA_DIR ?? '.hubkeeper');
  let embedded: EmbeddedPostgresHandle | null = null;

  if (!environment.DATABASE_URL) {
    const { secrets, file, created } = loadOrCreateSecrets(dataDir);
    const usedFromFile: string[] = [];
    for (const [key, value] of Object.entries(secrets)) {
      if (!environment[key]) {
        environment[key] = value;
        usedFromFile.push(key);
      }
    }
    if (created) say(`generated first-run secrets in ${file} (mode 0600): back this file up with the data folder.`);
    if (usedFromFile.length > 0) {
      say(`using ${usedFromFile.join(' and ')} from ${file}; production installs must set them in the environment.`);
    }
  }

  try {
    // Validate everything except the database URL, which embedded mode provides below.
    parseEnv({ ...environment, DATABASE_URL: environment.DATABASE_URL ?? 'postgresql://placeholder/embedded' });
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  if (!environment.DATABASE_URL) {
    const pgDir = path.join(dataDir, 'postgres');
    say(`no DATABASE_URL: starting embedded PostgreSQL in ${pgDir}`);
    try {
      embedded = await startEmbeddedPostgres({
        dataDir: pgDir,
        port: environment.HUBKEEPER_EMBEDDED_PG_PORT ? Number(environment.HUBKEEPER_EMBEDDED_PG_PORT) : undefined,
        log: options.log,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(
        `[hubkeeper] embedded PostgreSQL did not start: ${message}\n` +
          `  Is another Hubkeeper using ${dataDir}? Stop it first, or set HUBKEEPER_DATA_DIR to another folder.`,
      );
      process.exit(1);
    }
    await ensureDatabase(embedded.adminUrl, 'hubkeeper');
    environment.DATABASE_URL = embedded.urlFor('hubkeeper');
  }

  const stopPostgres = async () => {
    if (!embedded) return;
    const handle = embedded;
    embedded = null;
    say('stopping embedded PostgreSQL');
    await handle.stop().catch(() => {});
  };

  try {
    const applied = await applyPendingMigrations(environment.DATABASE_URL);
    say(applied > 0 ? `applied ${applied} database migration(s)` : 'database schema is up to date');
  } catch (err) {
    console.error(`[hubkeeper] applying migrations failed:\n${err instanceof Error ? err.message : String(err)}`);
    await stopPostgres();
    process.exit(1);
  }

  if (options.beforeServe) {
    try {
      await options.beforeServe(environment.DATABASE_URL);
    } catch (err) {
      console.error(`[hubkeeper] start-up hook failed:\n${err instanceof Error ? err.message : String(err)}`);
      await stopPostgres();
      process.exit(1);
    }
  }

  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    say('no production build yet: running `next build` (first start only, a few minutes)');
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: root, stdio: 'inherit', env: { ...environment, NODE_ENV: 'production' } });
    if (build.status !== 0) {
      await stopPostgres();
      process.exit(build.status ?? 1);
    }
  }

  environment.NEXTAUTH_URL ??= `http://localhost:${port}`;
  const server: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', port], {
    cwd: root,
    stdio: ['ignore', options.logFile ? 'pipe' : 'inherit', options.logFile ? 'pipe' : 'inherit'],
    env: { ...environment, NODE_ENV: 'production' },
  });
  if (options.logFile) {
    const sink = fs.createWriteStream(options.logFile, { flags: 'a' });
    server.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      sink.write(chunk);
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      sink.write(chunk);
    });
  }
  say(`starting on http://localhost:${port} (setup took ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: shutting down`);
    server.kill('SIGTERM');
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await new Promise<void>((resolve) => {
    server.on('exit', async (code) => {
      await stopPostgres();
      process.exitCode = stopping ? 0 : (code ?? 1);
      resolve();
    });
  });
}

if (require.main === module) {
  start().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
