// The encryption key ring, parsed from HUBKEEPER_ENCRYPTION_KEYS:
//
//   HUBKEEPER_ENCRYPTION_KEYS=k2:<base64 32 bytes>,k1:<base64 32 bytes>
//
// The first key encrypts; every key decrypts. To rotate, put a new key first, keep
// the old ones after it, run `npm run keys:rotate`, then drop the old keys.
//
// Pure module (no `server-only`, no env access) so scripts and tests can import it;
// the app reads the configured ring through getKeyring() in lib/crypto/get-keyring.ts.
import { randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2})$/;
const VARIABLE = 'HUBKEEPER_ENCRYPTION_KEYS';

export const GENERATE_KEY_HINT =
  "generate one with: node -e \"console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))\"";

/** A key ring value that is unset or invalid. The message never contains key material. */
export class KeyringError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `${VARIABLE} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\n${VARIABLE} is a comma-separated list of id:base64key (32-byte keys, first one encrypts); ${GENERATE_KEY_HINT}`,
    );
    this.name = 'KeyringError';
  }
}

export interface KeyringEntry {
  id: string;
  key: Uint8Array;
}

/**
 * Ordered key ring: the first key encrypts, all keys decrypt. Key bytes live in a
 * private field and are left out of JSON and console output, so logging a key ring
 * by mistake shows only its ids.
 */
export class Keyring {
  readonly activeKeyId: string;
  readonly keyIds: readonly string[];
  readonly #keys: ReadonlyMap<string, Buffer>;

  constructor(entries: readonly KeyringEntry[]) {
    const first = entries[0];
    if (!first) throw new KeyringError(['it has no keys']);
    const keys = new Map<string, Buffer>();
    for (const [index, { id, key }] of entries.entries()) {
      if (!KEY_ID_PATTERN.test(id)) throw new KeyringError([`key ${index + 1} has an invalid id`]);
      if (key.length !== KEY_BYTES) throw new KeyringError([`key "${id}" must be exactly ${KEY_BYTES} bytes`]);
      if (keys.has(id)) throw new KeyringError([`key id "${id}" appears more than once`]);
      // Copy, so later changes to the caller's buffer cannot change the ring.
      keys.set(id, Buffer.from(key));
    }
    this.activeKeyId = first.id;
    this.keyIds = Object.freeze([...keys.keys()]);
    this.#keys = keys;
  }

  /** True if the ring holds a key with this id. */
  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /** Raw key bytes for `keyId`; for lib/crypto/envelope.ts only. */
  keyMaterial(keyId: string): Buffer | undefined {
    return this.#keys.get(keyId);
  }

  toJSON(): { activeKeyId: string; keyIds: readonly string[] } {
    return { activeKeyId: this.activeKeyId, keyIds: this.keyIds };
  }

  toString(): string {
    return `Keyring(active=${this.activeKeyId}; ids=${this.keyIds.join(',')})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Parses a HUBKEEPER_ENCRYPTION_KEYS value; throws `KeyringError` listing every problem. */
export function parseKeyring(value: string | undefined): Keyring {
  if (value === undefined || value.trim() === '') {
    throw new KeyringError([`it is not set; ${GENERATE_KEY_HINT}`]);
  }
  const problems: string[] = [];
  const entries: KeyringEntry[] = [];
  const firstSeen = new Map<string, number>();
  value.split(',').forEach((raw, index) => {
    const n = index + 1;
    const entry = raw.trim();
    if (entry === '') {
      problems.push(`entry ${n} is empty (check for a stray comma)`);
      return;
    }
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`entry ${n} is not in the form id:base64key (no ":" found)`);
      return;
    }
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    // The id is echoed only once it is known to be a valid id: a malformed "id"
    // might be a pasted key.
    if (!KEY_ID_PATTERN.test(id)) {
      problems.push(`entry ${n} has an invalid key id; ids are 1-32 letters, digits, "_" or "-"`);
      return;
    }
    const label = `entry ${n} (id "${id}")`;
    if (!BASE64_PATTERN.test(encoded)) {
      problems.push(`${label}: the key is not valid base64`);
      return;
    }
    const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
    if (key.length !== KEY_BYTES) {
      problems.push(`${label}: the key decodes to ${key.length} bytes; it must be exactly ${KEY_BYTES}`);
      return;
    }
    const previous = firstSeen.get(id);
    if (previous !== undefined) {
      problems.push(`${label}: duplicate key id, already used by entry ${previous}; give each key its own id`);
      return;
    }
    firstSeen.set(id, n);
    entries.push({ id, key });
  });
  if (problems.length > 0) throw new KeyringError(problems);
  return new Keyring(entries);
}

/** A new single-key HUBKEEPER_ENCRYPTION_KEYS value, e.g. for first-run setup or the next rotation. */
export function generateKeyringValue(keyId = 'k1'): string {
  if (!KEY_ID_PATTERN.test(keyId)) {
    throw new TypeError('key id must be 1-32 letters, digits, "_" or "-"');
  }
  return `${keyId}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
