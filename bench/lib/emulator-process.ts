// Runs the Hub emulator in its own Node process for benchmarks, so its CPU work (JSON for thousands of
// tags) does not compete with the client under test on one event loop — like the real, remote Hub.
import { spawn } from 'node:child_process';
import path from 'node:path';

import type { RequestLogEntry } from '@/emulator';

export interface EmulatorProcess {
  url: string;
  log(): Promise<RequestLogEntry[]>;
  clearLog(): Promise<void>;
  close(): Promise<void>;
}

/** Starts `emulator/cli.ts` on a random port and resolves once it listens. */
export async function startEmulatorProcess(args: { fixture: string; latencyMs: number }): Promise<EmulatorProcess> {
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(root, 'emulator', 'cli.ts'),
      '--port',
      '0',
      '--fixture',
      args.fixture,
      '--latency',
      String(args.latencyMs),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited early (code ${String(code)})`)));
  });
  return {
    url,
    async log() {
      const res = await fetch(`${url}/__emulator/log`);
      return ((await res.json()) as { entries: RequestLogEntry[] }).entries;
    },
    async clearLog() {
      await fetch(`${url}/__emulator/log`, { method: 'DELETE' });
    },
    close() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
