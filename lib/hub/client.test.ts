// A hostile local server (not a Hub emulator): it echoes credentials back in every error so we can
// prove the client never lets a token or the secret escape through errors or logs.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createHubClient } from './client';
import { HubError } from './errors';

const SECRET = 'dckr_pat_SuperSecretValue_0123456789';
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64({ alg: 'HS256' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 600, scope: 'repo:admin', 'https://hub.docker.com': { username: 'alice', source: 'docker_pat|x' } })}.c2lnbmF0dXJlLXNpZw`;

let server: Server;
let baseUrl: string;

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const auth = req.headers.authorization ?? '';
      const url = req.url ?? '';
      if (url.startsWith('/v2/auth/token')) {
        if (body.includes('"identifier":"badsecret"')) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `bad credentials ${body}`, errinfo: { detail: body } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: JWT }));
        return;
      }
      if (url.includes('/reset/')) {
        req.socket.destroy();
        return;
      }
      const status = url.includes('/fivehundred/') ? 500 : url.includes('/unauth/') ? 401 : 403;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ message: `you sent ${auth} raw=${auth.slice(7)}`, detail: auth, errinfo: { detail: auth } }),
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function dump(err: unknown): string {
  const e = err as HubError;
  return [
    String(err),
    JSON.stringify(err),
    e.stack,
    inspect(err, { depth: 10, showHidden: true }),
    inspect((err as Error).cause, { depth: 10 }),
  ].join('\n');
}

function makeClient(identifier = 'alice', logs: string[] = []) {
  const log = (obj: Record<string, unknown>, msg?: string) => logs.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
  return createHubClient({
    baseUrl,
    identifier,
    secret: SECRET,
    cacheKey: `leak-test-${identifier}-${Math.random()}`,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    logger: { debug: log, info: log, warn: log },
  });
}

describe('secrets never leave the client', () => {
  it.each([
    ['403 echoing the bearer token', 'forbidden', (c: ReturnType<typeof makeClient>) => c.getTag('acme', 'web', 'v1')],
    [
      '401 echoing the bearer token',
      'unauthorized',
      (c: ReturnType<typeof makeClient>) => c.rawRequest({ method: 'GET', path: '/v2/unauth/' }),
    ],
    [
      '500 on a DELETE echoing the token',
      'unavailable',
      (c: ReturnType<typeof makeClient>) => c.rawRequest({ method: 'DELETE', path: '/v2/fivehundred/' }),
    ],
    [
      'connection reset',
      'unavailable',
      (c: ReturnType<typeof makeClient>) =>
        c.rawRequest({ method: 'PATCH', path: '/v2/reset/', body: { description: 'x' } }),
    ],
  ])('%s', async (_label, code, call) => {
    const logs: string[] = [];
    const client = makeClient('alice', logs);
    const err = await call(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).code).toBe(code);
    const text = dump(err) + logs.join('\n');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain(JWT.split('.')[2]);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/Bearer\s+ey/);
  });

  it('a failed exchange that echoes the secret', async () => {
    const logs: string[] = [];
    const err = await makeClient('badsecret', logs)
      .tokenClaims()
      .catch((e: unknown) => e);
    expect((err as HubError).code).toBe('validation');
    const text = dump(err) + logs.join('\n');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('SuperSecretValue');
  });

  it('a connection reset on a write is unavailable with maybeApplied', async () => {
    const err = await makeClient()
      .rawRequest({ method: 'DELETE', path: '/v2/reset/' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unavailable', maybeApplied: true });
  });
});
