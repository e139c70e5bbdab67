import { describe, expect, it } from 'vitest';
import * as crypto from './index';

describe('lib/crypto', () => {
  it('binds secrets to their row with fixed AAD strings', () => {
    expect(crypto.instanceSecretAad('clx1')).toBe('instance:clx1:secret');
    expect(crypto.hubTokenAad('clx1')).toBe('instance:clx1:jwt');
  });

  it('hints with the last 4 characters only', () => {
    expect(crypto.secretHint('dckr_pat_abcdefghijklmnopqrstuvwxyz0')).toBe('xyz0');
    expect(crypto.secretHint('dckr_oat_0123456789🔑🔑')).toBe('89🔑🔑');
    expect(crypto.secretHint('short-token')).toBe('');
    expect(crypto.secretHint('')).toBe('');
  });

  it('reads the key ring from HUBKEEPER_ENCRYPTION_KEYS and round-trips through it', () => {
    const keyring = crypto.getKeyring();
    // tests/helpers/setup-env.ts sets a single fake key with id "test1".
    expect(keyring.activeKeyId).toBe('test1');
    expect(crypto.getKeyring()).toBe(keyring);
    const aad = crypto.instanceSecretAad('clx1');
    const envelope = crypto.encryptSecret('dckr_pat_x', aad, keyring);
    expect(crypto.decryptSecret(envelope, aad, keyring)).toBe('dckr_pat_x');
  });
});
