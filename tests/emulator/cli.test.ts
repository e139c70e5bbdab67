import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C } from '@/emulator';

const ROOT = path.resolve(__dirname, '../..');

describe('emulator CLI', () => {
  it('starts, prints its URL and the demo credentials, serves requests, and stops on SIGTERM', async () => {
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['emulator/cli.ts', '--port', '0', '--latency', '1', '--rate-limit', '50'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match && output.includes(C.oat)) resolve(match[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
      });
      expect(output).toContain(C.pats.admin);
      expect(output).toContain(C.password);
      const res = await fetch(`${url}/v2/namespaces/acme/repositories`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('50');
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);
});
