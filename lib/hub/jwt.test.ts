import { describe, expect, it } from 'vitest';

import { decodeHubToken } from './jwt';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: unknown) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.sig`;

describe('decodeHubToken', () => {
  it('reads exp, scope and the PAT source from the Hub claim', () => {
    const claims = decodeHubToken(
      jwt({
        exp: 1_700_000_600,
        iat: 1_700_000_000,
        scope: 'repo:admin',
        'https://hub.docker.com': { username: 'alice', source: 'docker_pat|1234' },
      }),
    );
    expect(claims).toEqual({
      username: 'alice',
      sourceKind: 'pat',
      scope: 'repo:admin',
      scopes: ['repo:admin'],
      issuedAt: 1_700_000_000_000,
      expiresAt: 1_700_000_600_000,
    });
  });

  it('detects OAT and password sources', () => {
    expect(decodeHubToken(jwt({ exp: 1, 'https://hub.docker.com': { source: 'docker_oat|x' } }))?.sourceKind).toBe(
      'oat',
    );
    expect(decodeHubToken(jwt({ exp: 1, 'https://hub.docker.com': { source: 'password' } }))?.sourceKind).toBe(
      'password',
    );
    expect(decodeHubToken(jwt({ exp: 1, source: { type: 'pat', id: 'x' } }))?.sourceKind).toBe('pat');
    expect(decodeHubToken(jwt({ exp: 1 }))?.sourceKind).toBe('unknown');
  });

  it('returns null for garbage', () => {
    expect(decodeHubToken('not-a-jwt')).toBeNull();
    expect(decodeHubToken('a.!!!.c')).toBeNull();
  });
});
