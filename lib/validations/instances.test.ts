import { describe, expect, it } from 'vitest';
import { createInstanceSchema, compareQuerySchema, secretShapeProblem } from './instances';

const base = { name: 'Prod', username: 'hubkeeper-demo', secret: 'dckr_pat_DemoAdminReadWriteDelete0001' };

describe('createInstanceSchema', () => {
  it('normalises the username and splits namespaces', () => {
    const v = createInstanceSchema.parse({ ...base, username: ' HubKeeper-Demo ', namespaces: 'acme,  Acme-Labs\nacme' });
    expect(v).toMatchObject({ username: 'hubkeeper-demo', namespaces: ['acme', 'acme-labs'], kind: 'PAT', skipCheck: false });
  });

  it('accepts the checkbox value "on"', () => {
    expect(createInstanceSchema.parse({ ...base, skipCheck: 'on' }).skipCheck).toBe(true);
  });

  it.each(['abc', 'a'.repeat(31), 'bad user', 'bad.user', '-lead', 'trail-', 'dou--ble'])('refuses username %j', (username) => {
    expect(createInstanceSchema.safeParse({ ...base, username }).success).toBe(false);
  });

  it('refuses the default namespace as an extra one', () => {
    expect(createInstanceSchema.safeParse({ ...base, namespaces: ['hubkeeper-demo'] }).success).toBe(false);
  });
});

describe('secretShapeProblem', () => {
  it.each([
    ['PAT', 'dckr_pat_DemoAdminReadWriteDelete0001', null],
    ['PAT', '3f2b8c1e-9d4a-4e7b-8a6c-1b2d3e4f5a6b', null],
    ['OAT', 'dckr_oat_AcmeFullAccess000000000000001', null],
  ] as const)('accepts %s %s', (kind, secret, expected) => {
    expect(secretShapeProblem(kind, secret)).toBe(expected);
  });

  it.each([
    ['PAT', '', 'Paste'],
    ['PAT', 'dckr_pat_abc def_ghijklmnopqrstuv', 'spaces'],
    ['PAT', '\tdckr_pat_DemoAdminReadWriteDelete0001', 'spaces'],
    ['PAT', 'dckr_oat_AcmeFullAccess000000000000001', 'organization access token'],
    ['OAT', 'dckr_pat_DemoAdminReadWriteDelete0001', 'personal access token'],
    ['PAT', 'password123', 'starts with dckr_pat_'],
  ] as const)('refuses %s %j', (kind, secret, fragment) => {
    expect(secretShapeProblem(kind, secret)).toContain(fragment);
  });
});

describe('compareQuerySchema', () => {
  it('parses ids with optional namespaces', () => {
    expect(compareQuerySchema.parse({ instances: 'a, b:Acme' }).instances).toEqual([
      { instanceId: 'a', namespace: null },
      { instanceId: 'b', namespace: 'acme' },
    ]);
    expect(compareQuerySchema.safeParse({ instances: 'a,b,c' }).success).toBe(false);
  });
});
