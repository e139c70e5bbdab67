// Versioned AES-256-GCM envelope for secrets at rest (PATs, OATs, Hub JWTs).
//
//   hk1.<keyId>.<base64url nonce (12 bytes)>.<base64url ciphertext || tag (16 bytes)>
//
// The version comes first so a future format is recognised by its prefix instead of
// by trial decryption. The key id names the key-ring entry, so keys rotate without
// guessing. The AAD binds a ciphertext to its row: an envelope copied into another
// row fails authentication instead of decrypting there.
//
// Pure module (no `server-only`): scripts/keys-rotate.ts and the tests import it
// directly. The Next app imports it through lib/crypto/index.ts, which is server-only.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring';

export const ENVELOPE_VERSION = 'hk1';
const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;
// In `u` mode a surrogate pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /\p{Cs}/u;

export type DecryptErrorReason = 'malformed' | 'unknown_key' | 'auth_failed';

/**
 * Why an envelope could not be decrypted. Messages name the problem and, for a
 * missing key, its id; they never contain plaintext, ciphertext or key material.
 */
export class DecryptError extends Error {
  constructor(
    readonly reason: DecryptErrorReason,
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'DecryptError';
  }
}

interface ParsedEnvelope {
  keyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function malformed(detail: string): DecryptError {
  return new DecryptError('malformed', `Encrypted secret is not a valid ${ENVELOPE_VERSION} envelope: ${detail}.`);
}

/** Decodes canonical base64url only, so no two envelope strings carry the same bytes. */
function decodeBase64url(value: string, what: string): Buffer {
  if (!BASE64URL_PATTERN.test(value)) throw malformed(`${what} is not base64url`);
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.toString('base64url') !== value) throw malformed(`${what} is not canonical base64url`);
  return bytes;
}

function parseEnvelope(envelope: string): ParsedEnvelope {
  if (typeof envelope !== 'string') throw malformed('expected a string');
  const parts = envelope.split('.');
  if (parts.length !== 4) throw malformed('expected 4 dot-separated parts');
  const [version, keyId, nonceText, bodyText] = parts as [string, string, string, string];
  if (version !== ENVELOPE_VERSION) throw malformed(`unsupported version (expected "${ENVELOPE_VERSION}")`);
  if (!KEY_ID_PATTERN.test(keyId)) throw malformed('key id is invalid');
  const nonce = decodeBase64url(nonceText, 'nonce');
  if (nonce.length !== NONCE_BYTES) throw malformed(`nonce must be ${NONCE_BYTES} bytes`);
  const body = decodeBase64url(bodyText, 'ciphertext');
  if (body.length < TAG_BYTES) throw malformed(`ciphertext is shorter than the ${TAG_BYTES}-byte tag`);
  return {
    keyId,
    nonce,
    ciphertext: body.subarray(0, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

function assertAad(aad: string): void {
  // An empty AAD would silently drop the row binding.
  if (typeof aad !== 'string' || aad.length === 0) {
    throw new TypeError('aad must be a non-empty string that names the row, e.g. instanceSecretAad(id)');
  }
}

/** Encrypts `plaintext` under the key ring's active key, bound to `aad`. */
export function encryptSecret(plaintext: string, aad: string, keyring: Keyring): string {
  if (typeof plaintext !== 'string') throw new TypeError('plaintext must be a string');
  // Lone surrogates would be replaced by U+FFFD in UTF-8 and not round-trip.
  if (LONE_SURROGATE.test(plaintext)) throw new TypeError('plaintext must be well-formed Unicode');
  assertAad(aad);
  const keyId = keyring.activeKeyId;
  const key = keyring.keyMaterial(keyId);
  if (!key) throw new Error('Key ring has no material for its active key.');
  // A fresh random 96-bit nonce per message; GCM fails catastrophically on reuse.
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const body = Buffer.concat([ciphertext, cipher.getAuthTag()]);
  return `${ENVELOPE_VERSION}.${keyId}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

/** Decrypts an envelope made by `encryptSecret` with the same `aad`; throws `DecryptError`. */
export function decryptSecret(envelope: string, aad: string, keyring: Keyring): string {
  assertAad(aad);
  const parsed = parseEnvelope(envelope);
  const key = keyring.keyMaterial(parsed.keyId);
  if (!key) {
    throw new DecryptError(
      'unknown_key',
      `Encrypted secret uses key "${parsed.keyId}", which is not in HUBKEEPER_ENCRYPTION_KEYS; ` +
        'add that key back (after the active key) to decrypt it.',
      parsed.keyId,
    );
  }
  let plaintext: Buffer;
  try {
    // authTagLength pins the tag size: without it Node accepts truncated tags.
    const decipher = createDecipheriv(ALGORITHM, key, parsed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(parsed.tag);
    plaintext = Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]);
  } catch {
    throw new DecryptError(
      'auth_failed',
      `Encrypted secret failed authentication with key "${parsed.keyId}": it was altered, ` +
        'belongs to a different record, or that key id now holds a different key.',
      parsed.keyId,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    throw malformed('plaintext is not UTF-8');
  }
}

/** The key id an envelope was encrypted with; throws `DecryptError('malformed')` if it is not one. */
export function envelopeKeyId(envelope: string): string {
  return parseEnvelope(envelope).keyId;
}
