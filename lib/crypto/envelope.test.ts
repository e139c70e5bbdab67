import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecryptError, decryptSecret, encryptSecret, envelopeKeyId, type DecryptErrorReason } from './envelope';
import { Keyring } from './keyring';

const KEYS = { k1: randomBytes(32), k2: randomBytes(32), k3: randomBytes(32) };
const ring = (...ids: Array<keyof typeof KEYS>) => new Keyring(ids.map((id) => ({ id, key: KEYS[id] })));
const AAD = 'instance:abc:secret';
const SECRET = 'dckr_pat_abcdefghijklmnopqrstuvwxyz0';

function decryptError(fn: () => unknown): DecryptError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DecryptError) return error;
    throw error;
  }
  throw new Error('expected a DecryptError, but decryption succeeded');
}

function expectReason(fn: () => unknown, reason: DecryptErrorReason): DecryptError {
  const error = decryptError(fn);
  expect(error.reason).toBe(reason);
  return error;
}

function parts(envelope: string): [string, string, string, string] {
  const p = envelope.split('.');
  expect(p).toHaveLength(4);
  return p as [string, string, string, string];
}

describe('encryptSecret / decryptSecret', () => {
  const k1 = ring('k1');

  it('writes hk1.<keyId>.<nonce>.<ciphertext+tag>', () => {
    const envelope = encryptSecret(SECRET, AAD, k1);
    const [version, keyId, nonce, body] = parts(envelope);
    expect(version).toBe('hk1');
    expect(keyId).toBe('k1');
    expect(Buffer.from(nonce, 'base64url')).toHaveLength(12);
    expect(Buffer.from(body, 'base64url')).toHaveLength(Buffer.byteLength(SECRET) + 16);
    expect(envelope).not.toContain(SECRET);
    expect(envelopeKeyId(envelope)).toBe('k1');
  });

  it('round-trips arbitrary strings, including unicode', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        (plaintext, aad) => {
          expect(decryptSecret(encryptSecret(plaintext, aad, k1), aad, k1)).toBe(plaintext);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips grapheme clusters, the empty string and 25k characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (plaintext) => {
        expect(decryptSecret(encryptSecret(plaintext, AAD, k1), AAD, k1)).toBe(plaintext);
      }),
      { numRuns: 100 },
    );
    for (const plaintext of ['', 'é🔑👩‍👩‍👧 中文 \u0000', 'x'.repeat(25_000), '🔑'.repeat(12_500)]) {
      expect(decryptSecret(encryptSecret(plaintext, AAD, k1), AAD, k1)).toBe(plaintext);
    }
  });

  it('decrypts with any key in the ring and encrypts with the first', () => {
    const old = encryptSecret(SECRET, AAD, k1);
    const rotated = ring('k2', 'k1');
    expect(decryptSecret(old, AAD, rotated)).toBe(SECRET);
    expect(envelopeKeyId(encryptSecret(SECRET, AAD, rotated))).toBe('k2');
  });

  it('never repeats a nonce across 10k encryptions', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 10_000; i++) nonces.add(parts(encryptSecret(SECRET, AAD, k1))[2]);
    expect(nonces.size).toBe(10_000);
  });

  it('refuses an empty AAD and ill-formed unicode instead of silently weakening or corrupting', () => {
    expect(() => encryptSecret(SECRET, '', k1)).toThrow(TypeError);
    expect(() => decryptSecret(encryptSecret(SECRET, AAD, k1), '', k1)).toThrow(TypeError);
    expect(() => encryptSecret('ab\uD800cd', AAD, k1)).toThrow(TypeError);
  });
});

describe('tampering', () => {
  const k1 = ring('k1');

  it('fails auth_failed when any bit of the nonce, ciphertext or tag flips', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (plaintext, position, bit) => {
          const [version, keyId, nonce, body] = parts(encryptSecret(plaintext, AAD, k1));
          const bytes = Buffer.concat([Buffer.from(nonce, 'base64url'), Buffer.from(body, 'base64url')]);
          const index = position % bytes.length;
          bytes[index] = (bytes[index] ?? 0) ^ (1 << bit);
          const tampered = [
            version,
            keyId,
            bytes.subarray(0, 12).toString('base64url'),
            bytes.subarray(12).toString('base64url'),
          ].join('.');
          expectReason(() => decryptSecret(tampered, AAD, k1), 'auth_failed');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fails with DecryptError when any character of the envelope string changes', () => {
    const envelope = encryptSecret('tok', AAD, k1);
    const alphabet = 'ABCXYZabcxyz0189-_.+/=!';
    fc.assert(
      fc.property(fc.nat({ max: envelope.length - 1 }), fc.constantFrom(...alphabet), (index, char) => {
        fc.pre(envelope[index] !== char);
        const changed = envelope.slice(0, index) + char + envelope.slice(index + 1);
        decryptError(() => decryptSecret(changed, AAD, k1));
      }),
      { numRuns: 500 },
    );
  });

  it('fails auth_failed when the ciphertext belongs to another row (different AAD)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string(), (aadA, aadB, plaintext) => {
        fc.pre(aadA !== aadB);
        expectReason(() => decryptSecret(encryptSecret(plaintext, aadA, k1), aadB, k1), 'auth_failed');
      }),
    );
    const copied = encryptSecret(SECRET, 'instance:a:secret', k1);
    expectReason(() => decryptSecret(copied, 'instance:b:secret', k1), 'auth_failed');
    expectReason(() => decryptSecret(copied, 'instance:a:jwt', k1), 'auth_failed');
  });

  it('fails unknown_key when the key id is not in the ring', () => {
    const envelope = encryptSecret(SECRET, AAD, k1);
    const error = expectReason(() => decryptSecret(envelope, AAD, ring('k2')), 'unknown_key');
    expect(error.keyId).toBe('k1');
    expect(error.message).toContain('"k1"');
  });

  it('fails auth_failed when the key id holds a different key', () => {
    const envelope = encryptSecret(SECRET, AAD, k1);
    const impostor = new Keyring([{ id: 'k1', key: KEYS.k2 }]);
    expectReason(() => decryptSecret(envelope, AAD, impostor), 'auth_failed');
  });

  it('fails when the key id is altered to another key in the ring', () => {
    const [version, , nonce, body] = parts(encryptSecret(SECRET, AAD, k1));
    const relabelled = [version, 'k2', nonce, body].join('.');
    expectReason(() => decryptSecret(relabelled, AAD, ring('k1', 'k2')), 'auth_failed');
    expectReason(() => decryptSecret([version, 'k3', nonce, body].join('.'), AAD, ring('k1', 'k2')), 'unknown_key');
    expectReason(() => decryptSecret([version, 'k 1', nonce, body].join('.'), AAD, k1), 'malformed');
  });

  it('fails malformed when the version is altered', () => {
    const [, keyId, nonce, body] = parts(encryptSecret(SECRET, AAD, k1));
    for (const version of ['hk2', 'hk0', 'HK1', '', 'v1']) {
      expectReason(() => decryptSecret([version, keyId, nonce, body].join('.'), AAD, k1), 'malformed');
    }
  });

  it('fails when the tag is truncated by any number of bytes', () => {
    const [version, keyId, nonce, body] = parts(encryptSecret(SECRET, AAD, k1));
    const bytes = Buffer.from(body, 'base64url');
    for (let cut = 1; cut <= 16; cut++) {
      const truncated = [version, keyId, nonce, bytes.subarray(0, bytes.length - cut).toString('base64url')].join('.');
      decryptError(() => decryptSecret(truncated, AAD, k1));
    }
    const [v, id, n, emptyBody] = parts(encryptSecret('', AAD, k1));
    const short = Buffer.from(emptyBody, 'base64url').subarray(0, 15).toString('base64url');
    expectReason(() => decryptSecret([v, id, n, short].join('.'), AAD, k1), 'malformed');
  });

  it('fails malformed on structurally broken envelopes', () => {
    const envelope = encryptSecret(SECRET, AAD, k1);
    const [version, keyId, nonce, body] = parts(envelope);
    const broken = [
      '',
      'not an envelope',
      `${envelope}.extra`,
      [version, keyId, nonce].join('.'),
      [version, keyId, Buffer.alloc(11).toString('base64url'), body].join('.'),
      [version, keyId, Buffer.alloc(13).toString('base64url'), body].join('.'),
      [version, keyId, nonce, `${body}=`].join('.'),
      [version, keyId, nonce, body.replace(/.$/, '+')].join('.'),
    ];
    for (const value of broken) {
      expectReason(() => decryptSecret(value, AAD, k1), 'malformed');
      expect(() => envelopeKeyId(value)).toThrow(DecryptError);
    }
  });

  it('never puts plaintext, ciphertext or key material in errors', () => {
    const envelope = encryptSecret(SECRET, AAD, k1);
    const [version, keyId, nonce, body] = parts(envelope);
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const attempts: Array<() => unknown> = [
      () => decryptSecret(envelope, 'instance:other:secret', k1),
      () => decryptSecret(envelope, AAD, ring('k2')),
      () => decryptSecret([version, keyId, nonce, flipped.toString('base64url')].join('.'), AAD, k1),
      () => decryptSecret(`${envelope}x`, AAD, k1),
    ];
    const forbidden = [
      SECRET,
      body,
      nonce,
      ...Object.values(KEYS).flatMap((k) => [k.toString('base64'), k.toString('hex')]),
    ];
    for (const attempt of attempts) {
      const error = decryptError(attempt);
      const rendered = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}\n${inspect(error)}`;
      for (const value of forbidden) expect(rendered).not.toContain(value);
    }
  });
});
