import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENERATE_KEY_HINT, Keyring, KeyringError, generateKeyringValue, parseKeyring } from './keyring';

const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

function keyringError(value: string | undefined): KeyringError {
  try {
    parseKeyring(value);
  } catch (error) {
    if (error instanceof KeyringError) return error;
    throw error;
  }
  throw new Error('expected a KeyringError');
}

describe('parseKeyring', () => {
  it('makes the first key active and keeps every key for decryption', () => {
    const k2 = randomBytes(32);
    const k1 = randomBytes(32);
    const ring = parseKeyring(`k2:${k2.toString('base64')},k1:${k1.toString('base64')}`);
    expect(ring.activeKeyId).toBe('k2');
    expect(ring.keyIds).toEqual(['k2', 'k1']);
    expect(ring.keyMaterial('k2')?.equals(k2)).toBe(true);
    expect(ring.keyMaterial('k1')?.equals(k1)).toBe(true);
    expect(ring.has('k3')).toBe(false);
  });

  it('accepts base64url keys, unpadded keys and spaces around entries', () => {
    const key = randomBytes(32);
    const ring = parseKeyring(` a_1:${key.toString('base64url')} , B-2:${key.toString('base64').replace(/=+$/, '')} `);
    expect(ring.keyIds).toEqual(['a_1', 'B-2']);
    expect(ring.keyMaterial('a_1')?.equals(key)).toBe(true);
    expect(ring.keyMaterial('B-2')?.equals(key)).toBe(true);
  });

  it('round-trips any list of distinct valid ids', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/), { minLength: 1, maxLength: 6 }), (ids) => {
        const ring = parseKeyring(ids.map((id) => `${id}:${b64(32)}`).join(','));
        expect(ring.keyIds).toEqual(ids);
        expect(ring.activeKeyId).toBe(ids[0]);
      }),
    );
  });

  it('explains how to generate a key when unset or blank', () => {
    for (const value of [undefined, '', '   ']) {
      const error = keyringError(value);
      expect(error.message).toContain('HUBKEEPER_ENCRYPTION_KEYS');
      expect(error.message).toContain('not set');
      expect(error.message).toContain(GENERATE_KEY_HINT);
    }
  });

  it('names each problem, by entry number', () => {
    const good = b64(32);
    const cases: Array<[string, RegExp]> = [
      [`k1:${good},`, /entry 2 is empty/],
      [good, /entry 1 is not in the form id:base64key/],
      [`:${good}`, /entry 1 has an invalid key id/],
      [`${'x'.repeat(33)}:${good}`, /entry 1 has an invalid key id/],
      [`k.1:${good}`, /entry 1 has an invalid key id/],
      [`k1:not base64!`, /entry 1 \(id "k1"\): the key is not valid base64/],
      [`k1:${b64(31)}`, /decodes to 31 bytes; it must be exactly 32/],
      [`k1:${b64(33)}`, /decodes to 33 bytes; it must be exactly 32/],
      [`k1:${b64(16)}`, /decodes to 16 bytes/],
      [`k1:${good},k2:${b64(32)},k1:${b64(32)}`, /entry 3 \(id "k1"\): duplicate key id, already used by entry 1/],
    ];
    for (const [value, expected] of cases) {
      const error = keyringError(value);
      expect(error.message).toMatch(expected);
      expect(error.message).toContain(GENERATE_KEY_HINT);
    }
  });

  it('lists every problem at once', () => {
    const error = keyringError(`k1:${b64(16)},,k1:${b64(32)},k1:${b64(32)}`);
    expect(error.problems).toHaveLength(3);
  });

  it('never echoes key material in errors, even when id and key are swapped', () => {
    const keys = [b64(32), b64(31), b64(33)];
    const values = [
      `${keys[0]}:k1`,
      keys[0] ?? '',
      `k1:${keys[1]}`,
      `k1:${keys[2]}`,
      `k1:${keys[0]},k1:${keys[0]}`,
      `k1:${keys[0]},bad id:${keys[1]}`,
    ];
    for (const value of values) {
      const error = keyringError(value);
      for (const key of keys) {
        expect(error.message).not.toContain(key);
        expect(error.message).not.toContain(key.slice(0, 12));
      }
    }
  });
});

describe('Keyring', () => {
  it('hides key bytes from JSON, String() and console output', () => {
    const key = randomBytes(32);
    const ring = new Keyring([{ id: 'k1', key }]);
    const shown = [JSON.stringify(ring), String(ring), inspect(ring), inspect({ nested: ring }, { depth: 5 })].join(
      '\n',
    );
    expect(shown).toContain('k1');
    for (const form of [key.toString('base64'), key.toString('hex'), [...key.subarray(0, 4)].join(', ')]) {
      expect(shown).not.toContain(form);
    }
  });

  it('copies keys so later changes to the caller buffer do not reach the ring', () => {
    const key = Buffer.alloc(32, 1);
    const ring = new Keyring([{ id: 'k1', key }]);
    key.fill(2);
    expect(ring.keyMaterial('k1')?.equals(Buffer.alloc(32, 1))).toBe(true);
  });

  it('refuses an empty ring, bad ids, wrong key sizes and duplicates', () => {
    expect(() => new Keyring([])).toThrow(KeyringError);
    expect(() => new Keyring([{ id: 'bad id', key: randomBytes(32) }])).toThrow(KeyringError);
    expect(() => new Keyring([{ id: 'k1', key: randomBytes(24) }])).toThrow(KeyringError);
    expect(
      () =>
        new Keyring([
          { id: 'k1', key: randomBytes(32) },
          { id: 'k1', key: randomBytes(32) },
        ]),
    ).toThrow(KeyringError);
  });
});

describe('generateKeyringValue', () => {
  it('produces a value parseKeyring accepts, with a fresh key each time', () => {
    const first = generateKeyringValue();
    const second = generateKeyringValue();
    expect(first).toMatch(/^k1:[A-Za-z0-9+/]{43}=$/);
    expect(first).not.toBe(second);
    expect(parseKeyring(first).activeKeyId).toBe('k1');
    expect(parseKeyring(`${generateKeyringValue('k2')},${first}`).keyIds).toEqual(['k2', 'k1']);
  });

  it('refuses an invalid key id', () => {
    expect(() => generateKeyringValue('no spaces')).toThrow(TypeError);
  });
});
