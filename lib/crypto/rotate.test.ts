import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecryptError, decryptSecret, encryptSecret, envelopeKeyId } from './envelope';
import { Keyring } from './keyring';
import { reencrypt } from './rotate';
import { formatRotationReport, type RotationReport } from './rotate-db';

const KEYS = { k1: randomBytes(32), k2: randomBytes(32) };
const ring = (...ids: Array<keyof typeof KEYS>) => new Keyring(ids.map((id) => ({ id, key: KEYS[id] })));
const AAD = 'instance:abc:secret';

describe('reencrypt', () => {
  it('moves an envelope to the active key, readable without the old key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (plaintext) => {
        const old = encryptSecret(plaintext, AAD, ring('k1'));
        const rotated = reencrypt(old, AAD, ring('k2', 'k1'));
        expect(envelopeKeyId(rotated)).toBe('k2');
        expect(decryptSecret(rotated, AAD, ring('k2'))).toBe(plaintext);
        expect(() => decryptSecret(rotated, AAD, ring('k1'))).toThrow(DecryptError);
      }),
      { numRuns: 100 },
    );
  });

  it('returns the same string when the envelope already uses the active key', () => {
    const current = encryptSecret('tok', AAD, ring('k2'));
    expect(reencrypt(current, AAD, ring('k2', 'k1'))).toBe(current);
  });

  it('still verifies envelopes under the active key, and refuses the wrong row', () => {
    const current = encryptSecret('tok', AAD, ring('k2'));
    expect(() => reencrypt(current, 'instance:other:secret', ring('k2', 'k1'))).toThrow(DecryptError);
    const old = encryptSecret('tok', AAD, ring('k1'));
    expect(() => reencrypt(old, 'instance:other:secret', ring('k2', 'k1'))).toThrow(DecryptError);
  });

  it('throws unknown_key when the old key was removed too early', () => {
    const old = encryptSecret('tok', AAD, ring('k1'));
    expect(() => reencrypt(old, AAD, ring('k2'))).toThrow(expect.objectContaining({ reason: 'unknown_key' }));
  });
});

describe('formatRotationReport', () => {
  const base = { activeKeyId: 'k2', keyIds: ['k2', 'k1'] } as const;

  it('prints counts per key id before and after', () => {
    const report: RotationReport = {
      ...base,
      tables: [
        {
          table: 'Instance',
          column: 'encryptedSecret',
          before: { k1: 3 },
          after: { k2: 3 },
          reencrypted: 3,
          failed: [],
        },
        { table: 'HubTokenCache', column: 'encryptedToken', before: {}, after: {}, reencrypted: 0, failed: [] },
      ],
      failed: [],
    };
    expect(formatRotationReport(report)).toBe(
      [
        'Instance.encryptedSecret  before: k2=0 k1=3 · re-encrypted 3 · after: k2=3',
        'HubTokenCache.encryptedToken  before: k2=0 k1=0 · re-encrypted 0 · after: k2=0',
      ].join('\n'),
    );
  });

  it('lists failed row ids with advice, and unknown key ids in the counts', () => {
    const failed = [
      { table: 'Instance', id: 'inst_1', reason: 'unknown_key' },
      { table: 'HubTokenCache', id: 'inst_2', reason: 'auth_failed' },
    ] as const;
    const report: RotationReport = {
      ...base,
      tables: [
        {
          table: 'Instance',
          column: 'encryptedSecret',
          before: { k1: 1, k0: 1, '(malformed)': 1 },
          after: { k2: 1, k0: 1, '(malformed)': 1 },
          reencrypted: 1,
          failed: [failed[0]],
        },
      ],
      failed: [...failed],
    };
    const text = formatRotationReport(report);
    expect(text).toContain(
      'before: k2=0 k1=1 k0=1 (malformed)=1 · re-encrypted 1 · after: k2=1 k0=1 (malformed)=1 · failed 1',
    );
    expect(text).toContain('Instance inst_1 (unknown_key)');
    expect(text).toContain('HubTokenCache inst_2 (auth_failed)');
    expect(text).toContain('deleting a failed row is safe');
  });
});
