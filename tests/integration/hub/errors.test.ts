// Every typed error code, produced by real Hub answers from the emulator, and no secret in any of them.
import { inspect } from 'node:util';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { HubEmulator } from '@/emulator';
import { HubError } from '@/lib/hub';

import { apiCalls, clientFor, creds, DEFAULT_CREDENTIALS, errorOf, ORG, startEmulator, USER } from './helpers';

let emu: HubEmulator;
const collected: unknown[] = [];

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
});

async function failure(promise: Promise<unknown>): Promise<HubError> {
  const err = await errorOf(promise);
  expect(err).toBeInstanceOf(HubError);
  collected.push(err);
  return err as HubError;
}

describe('typed errors', () => {
  it('unauthorized: Hub rejects the PAT at exchange', async () => {
    const err = await failure(clientFor(emu, creds.inactive).listAllTags(USER, 'web-app'));
    expect(err.code).toBe('unauthorized');
    expect(err.message).toContain('Docker Hub rejected the username or token');
  });

  it('pat_not_allowed: org members with a PAT', async () => {
    const err = await failure(clientFor(emu, creds.admin).listOrgMembers(ORG));
    expect(err).toMatchObject({
      code: 'pat_not_allowed',
      status: 403,
      hubMessage: 'token issued from personal access token is not allowed',
    });
    expect(err.message).toContain('organization access token (OAT)');
  });

  it('oat_not_allowed: legacy PATCH with an OAT', async () => {
    const err = await failure(
      clientFor(emu, creds.oat).updateRepositoryDescriptions(ORG, 'frontend', { description: 'x' }),
    );
    expect(err).toMatchObject({ code: 'oat_not_allowed', status: 403 });
    expect(err.message).toContain('personal access token (PAT) with Read, Write & Delete scope');
  });

  it('insufficient_scope: PATCH with a repo:read PAT names the scope that works', async () => {
    const err = await failure(
      clientFor(emu, creds.read).updateRepositoryDescriptions(USER, 'api', { description: 'x' }),
    );
    expect(err.code).toBe('insufficient_scope');
    expect(err.message).toContain(
      "This PAT's scope is too low: updating descriptions and deleting tags needs a PAT with Read, Write & Delete scope",
    );
  });

  it('forbidden: an account without rights on the repository', async () => {
    const sam = { identifier: DEFAULT_CREDENTIALS.member.user, secret: DEFAULT_CREDENTIALS.member.pats.admin };
    const err = await failure(clientFor(emu, sam).deleteTag(ORG, 'legacy-monolith', 'v0.9'));
    expect(err).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('not_found: unknown tag and unknown repository', async () => {
    expect((await failure(clientFor(emu, creds.admin).getTag(USER, 'web-app', 'nope'))).code).toBe('not_found');
    expect((await failure(clientFor(emu, creds.admin).deleteTag(USER, 'no-such-repo', 'v1'))).code).toBe('not_found');
  });

  it('rate_limited: surfaced when Hub asks for a longer wait than maxWaitMs', async () => {
    emu.setFaults([{ path: '/v2/namespaces/**', rateLimitBurst: 1, retryAfterSeconds: 120 }]);
    const err = await failure(
      clientFor(emu, creds.admin, { rateLimit: { maxWaitMs: 1_000 } }).getTag(USER, 'web-app', 'latest'),
    );
    expect(err).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 120_000 });
    expect(err.message).toContain('120 s');
    expect(apiCalls(emu)).toHaveLength(1);
  });

  it('validation: a 101-character description is refused before any request', async () => {
    const err = await failure(
      clientFor(emu, creds.admin).updateRepositoryDescriptions(USER, 'api', { description: 'x'.repeat(101) }),
    );
    expect(err.code).toBe('validation');
    expect(err.fieldErrors?.description).toHaveLength(1);
    expect(emu.log).toHaveLength(0);
  });

  it("validation: Hub's own 400 maps fieldErrors (ValueError shape)", async () => {
    const client = clientFor(emu, creds.admin);
    const err = await failure(
      client.rawRequest({
        method: 'PATCH',
        path: `/v2/repositories/${USER}/api/`,
        body: { description: 'x'.repeat(101) },
      }),
    );
    expect(err).toMatchObject({ code: 'validation', status: 400 });
    expect(err.fieldErrors?.description?.[0]).toContain('no more than 100 characters');
  });

  it('validation: a bad name never reaches Hub', async () => {
    const client = clientFor(emu, creds.admin);
    for (const call of [
      client.getTag(USER, 'web-app', 'bad/tag'),
      client.deleteTag(USER, 'Web-App', 'v1'),
      client.listAllTags('../etc', 'x'),
      client.listAllRepositories('UPPER'),
      client.updateRepositoryDescriptions(USER, 'web-app/../api', { description: 'x' }),
    ]) {
      expect((await failure(call)).code).toBe('validation');
    }
    expect(emu.log).toHaveLength(0);
  });

  it('unavailable: connection reset on every attempt', async () => {
    emu.setFaults([{ method: 'GET', path: '/v2/namespaces/**', reset: true }]);
    const err = await failure(clientFor(emu, creds.admin).getTag(USER, 'web-app', 'latest'));
    expect(err).toMatchObject({ code: 'unavailable', maybeApplied: false });
    expect(apiCalls(emu, 'GET')).toHaveLength(4);
  });

  it('redirect: a write to a slash-less legacy path is reported, nothing is changed', async () => {
    const client = clientFor(emu, creds.admin);
    const err = await failure(
      client.rawRequest({ method: 'PATCH', path: `/v2/repositories/${USER}/api`, body: { description: 'changed?' } }),
    );
    expect(err).toMatchObject({ code: 'redirect', status: 301, maybeApplied: false });
    expect(err.message).toContain('nothing was changed');
    expect(apiCalls(emu).map((e) => `${e.method} ${e.status}`)).toEqual(['PATCH 301']);
    expect((await client.getRepository(USER, 'api')).description).toBe('Demo REST API');
  });
});

describe('secrets', () => {
  it('no error above contains a token or the secret (message, JSON, stack, cause)', async () => {
    expect(collected.length).toBeGreaterThan(10);
    const secrets = [
      ...Object.values(DEFAULT_CREDENTIALS.pats),
      DEFAULT_CREDENTIALS.oat,
      DEFAULT_CREDENTIALS.member.pats.admin,
      DEFAULT_CREDENTIALS.password,
    ];
    for (const err of collected) {
      const text = [
        String(err),
        JSON.stringify(err),
        (err as Error).stack,
        inspect(err, { depth: 10, showHidden: true }),
      ].join('\n');
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]*/);
      expect(text).not.toMatch(/Bearer\s/i);
    }
  });
});
