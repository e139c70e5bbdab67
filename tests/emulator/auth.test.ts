import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, type HubEmulator } from '@/emulator';
import { api, exchange, jwtClaims, obj, START, startTestEmulator } from './helpers';

let emu: HubEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.clock.set(START);
});

const token = (identifier: string, secret: string) =>
  api(emu, '/v2/auth/token', { method: 'POST', body: { identifier, secret } });

describe('POST /v2/auth/token', () => {
  it('exchanges a PAT for a Hub-shaped JWT with exp = iat + 600 from the emulator clock', async () => {
    const res = await token(C.user, C.pats.admin);
    expect(res.status).toBe(200);
    expect(Object.keys(obj(res.body))).toEqual(['access_token']);
    const claims = jwtClaims(obj(res.body).access_token as string);
    expect(claims.aud).toBe('https://hub.docker.com');
    expect(claims.iss).toBe('https://api.docker.com/');
    expect(claims.iat).toBe(START / 1000);
    expect(claims.exp).toBe(START / 1000 + 600);
    expect(claims.scope).toBe('repo:admin');
    const hub = obj(claims['https://hub.docker.com']);
    expect(hub.username).toBe(C.user);
    expect(hub.source).toMatch(/^docker_pat\|[0-9a-f-]{36}$/);
    expect(typeof hub.uuid).toBe('string');
    expect(typeof hub.session_id).toBe('string');
  });

  it('carries the PAT scope for every scope level', async () => {
    for (const [secret, scope] of [
      [C.pats.write, 'repo:write'],
      [C.pats.read, 'repo:read'],
      [C.pats.publicRead, 'repo:public_read'],
    ] as const) {
      expect(jwtClaims(await exchange(emu, C.user, secret)).scope).toBe(scope);
    }
  });

  it('exchanges an OAT with the org name as identifier; the JWT carries its scopes and resources', async () => {
    const claims = jwtClaims(await exchange(emu, C.org, C.oat));
    const hub = obj(claims['https://hub.docker.com']);
    expect(hub.source).toMatch(/^docker_oat\|/);
    expect(hub.username).toBe('acme');
    expect(String(claims.scope).split(' ')).toContain('scope-repository-list');
    expect(Array.isArray(hub.resources)).toBe(true);
  });

  it('exchanges a password; source is "password"', async () => {
    const claims = jwtClaims(await exchange(emu, C.user, C.password));
    expect(obj(claims['https://hub.docker.com']).source).toBe('password');
  });

  it('honours tokenTtlSeconds', async () => {
    const short = await startTestEmulator({ tokenTtlSeconds: 30 });
    try {
      const claims = jwtClaims(await exchange(short, C.user, C.pats.read));
      expect(Number(claims.exp) - Number(claims.iat)).toBe(30);
    } finally {
      await short.close();
    }
  });

  it.each([
    ['wrong PAT', C.user, 'dckr_pat_nope'],
    ['PAT of another user', C.member.user, C.pats.admin],
    ['inactive PAT', C.user, C.pats.inactive],
    ['expired PAT', C.user, C.pats.expired],
    ['OAT with a username as identifier', C.user, C.oat],
    ['wrong password', C.user, 'wrong'],
    ['unknown user', 'nobody', 'whatever'],
    ['2FA user with password', C.mfa.user, C.mfa.password],
  ])('401 {message, errinfo} for %s', async (_label, identifier, secret) => {
    const res = await token(identifier, secret);
    expect(res.status).toBe(401);
    expect(obj(res.body).errinfo).toEqual({});
    expect(typeof obj(res.body).message).toBe('string');
  });

  it('400 when identifier or secret is missing', async () => {
    const res = await api(emu, '/v2/auth/token', { method: 'POST', body: { identifier: C.user } });
    expect(res.status).toBe(400);
    expect(obj(res.body).errinfo).toEqual({});
    expect(obj(obj(res.body).fields).secret).toBeDefined();
    expect((await api(emu, '/v2/auth/token', { method: 'POST' })).status).toBe(400);
  });

  it('ignores a stale Authorization header so an expired client can still re-exchange', async () => {
    const res = await api(emu, '/v2/auth/token', {
      method: 'POST',
      authorization: 'Bearer expired-or-garbage',
      body: { identifier: C.user, secret: C.pats.read },
    });
    expect(res.status).toBe(200);
  });

  it('the 2FA user can still exchange a PAT', async () => {
    expect((await token(C.mfa.user, C.mfa.pats.read)).status).toBe(200);
  });

  it('optionally rejects bodies without Content-Length', async () => {
    const strict = await startTestEmulator({ requireContentLength: true });
    try {
      const body = JSON.stringify({ identifier: C.user, secret: C.pats.read });
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      });
      const res = await fetch(`${strict.url}/v2/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: chunked,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(400);
      expect((await token(C.user, C.pats.read)).status).toBe(200);
      const ok = await fetch(`${strict.url}/v2/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('POST /v2/users/login (deprecated)', () => {
  const login = (username: string, password: string, query = '') =>
    api(emu, `/v2/users/login${query}`, { method: 'POST', body: { username, password } });

  it('accepts a PAT and a password', async () => {
    const pat = await login(C.user, C.pats.admin);
    expect(pat.status).toBe(200);
    expect(Object.keys(obj(pat.body))).toEqual(['token']);
    expect(obj(jwtClaims(obj(pat.body).token as string)['https://hub.docker.com']).source).toMatch(/^docker_pat\|/);
    expect((await login(C.user, C.password)).status).toBe(200);
  });

  it('returns a refresh_token with ?refresh_token=true', async () => {
    const res = await login(C.user, C.password, '?refresh_token=true');
    expect(typeof obj(res.body).refresh_token).toBe('string');
  });

  it('rejects OATs and bad credentials with 401 {"detail":"Incorrect authentication credentials"}', async () => {
    for (const res of [await login(C.org, C.oat), await login(C.user, 'nope')]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Incorrect authentication credentials' });
    }
  });

  it('runs the 2FA flow for an MFA user', async () => {
    const first = await login(C.mfa.user, C.mfa.password);
    expect(first.status).toBe(401);
    expect(obj(first.body).detail).toBe('Require secondary authentication on MFA enabled account');
    const challenge = obj(first.body).login_2fa_token as string;
    const wrong = await api(emu, '/v2/users/2fa-login', {
      method: 'POST',
      body: { login_2fa_token: challenge, code: '000000' },
    });
    expect(wrong.status).toBe(401);
    const ok = await api(emu, '/v2/users/2fa-login', {
      method: 'POST',
      body: { login_2fa_token: challenge, code: C.mfa.totp },
    });
    expect(ok.status).toBe(200);
    expect(typeof obj(ok.body).token).toBe('string');
  });
});

describe('bearer validation', () => {
  const protectedPath = '/v2/namespaces/acme/repositories/platform-api/immutabletags';
  const unauthorized = { message: 'unauthorized', errinfo: {} };

  it('401 without a token on protected routes', async () => {
    const res = await api(emu, '/v2/orgs/acme/members');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(unauthorized);
    expect((await api(emu, protectedPath, { method: 'PATCH', body: {} })).status).toBe(401);
  });

  it.each([
    ['garbage', 'Bearer not-a-jwt'],
    ['a raw PAT', `Bearer ${C.pats.admin}`],
    ['a raw OAT', `Bearer ${C.oat}`],
    ['a forged JWT', 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjk5OTk5OTk5OTl9.c2lnbmF0dXJl'],
    ['an unknown scheme', 'Basic aGk6dGhlcmU='],
  ])('401 for %s, even on anonymous-friendly routes', async (_label, authorization) => {
    for (const path of ['/v2/namespaces/acme/repositories', '/v2/orgs/acme/groups']) {
      const res = await api(emu, path, { authorization });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(unauthorized);
    }
  });

  it('401 once the JWT is past exp on the emulator clock', async () => {
    const jwt = await exchange(emu, C.user, C.pats.read);
    emu.clock.advance(599_000);
    expect((await api(emu, '/v2/namespaces/acme/repositories', { token: jwt })).status).toBe(200);
    emu.clock.advance(1_000);
    expect((await api(emu, '/v2/namespaces/acme/repositories', { token: jwt })).status).toBe(401);
  });

  it('revokeAllTokens() invalidates issued JWTs', async () => {
    const jwt = await exchange(emu, C.user, C.pats.read);
    emu.revokeAllTokens();
    expect((await api(emu, '/v2/user/', { token: jwt })).status).toBe(401);
  });

  it('accepts the JWT scheme on legacy paths only', async () => {
    const jwt = await exchange(emu, C.user, C.pats.read);
    expect((await api(emu, '/v2/repositories/acme/platform-api/', { authorization: `JWT ${jwt}` })).status).toBe(200);
    expect((await api(emu, '/v2/user/', { authorization: `JWT ${jwt}` })).status).toBe(200);
    expect(
      (await api(emu, '/v2/namespaces/acme/repositories/platform-api', { authorization: `JWT ${jwt}` })).status,
    ).toBe(401);
  });
});

describe('token exchange accounting', () => {
  it('counts successful exchanges in the log, with identifier and token kind but no secret', async () => {
    await exchange(emu, C.user, C.pats.admin);
    await exchange(emu, C.org, C.oat);
    await token(C.user, 'wrong');
    await api(emu, '/v2/users/login', { method: 'POST', body: { username: C.user, password: C.password } });
    expect(emu.tokenExchangeCount()).toBe(3);
    const exchanges = emu.log.filter((e) => e.path === '/v2/auth/token');
    expect(exchanges.map((e) => [e.identifier, e.tokenKind, e.status])).toEqual([
      [C.user, 'pat', 200],
      [C.org, 'oat', 200],
      [C.user, 'password', 401],
    ]);
    expect(JSON.stringify(emu.log)).not.toContain(C.pats.admin);
    expect(exchanges[0].bodyKeys).toEqual(['identifier', 'secret']);
  });
});
