// Runs the Prisma CLI (from node_modules) as a child process.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const PRISMA_BIN = path.resolve(__dirname, '../../node_modules/prisma/build/index.js');

/** Runs `prisma <args>`; returns stdout, throws with stderr on failure. */
export function runPrisma(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(process.execPath, [PRISMA_BIN, ...args], {
    cwd: path.resolve(__dirname, '../..'),
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
