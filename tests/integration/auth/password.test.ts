import { describe, expect, it } from 'vitest';
import { getDummyHash, hashPassword, verifyPassword } from '@/lib/auth/password';

describe('password hashing', () => {
  it('hashes with argon2id and the configured cost, salted per hash', async () => {
    const a = await hashPassword('a long enough password');
    const b = await hashPassword('a long enough password');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('a long enough password');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('a long enough password');
    expect(await verifyPassword(h, 'a long enough password')).toBe(true);
    expect(await verifyPassword(h, 'a long enough passworD')).toBe(false);
    expect(await verifyPassword(h, '')).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
  });

  it('uses a dummy hash with the same parameters, so unknown emails cost the same', async () => {
    const dummy = await getDummyHash();
    expect(dummy).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await getDummyHash()).toBe(dummy);
  });
});
