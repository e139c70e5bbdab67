// Pure re-encryption of one envelope under the key ring's active key.
import { decryptSecret, encryptSecret, envelopeKeyId } from './envelope';
import type { Keyring } from './keyring';

/**
 * Returns `envelope` re-encrypted under the active key, or the same string if it
 * already uses it. Either way it is decrypted first, so a rotation run also proves
 * every stored secret still decrypts. Throws `DecryptError`.
 */
export function reencrypt(envelope: string, aad: string, keyring: Keyring): string {
  const plaintext = decryptSecret(envelope, aad, keyring);
  if (envelopeKeyId(envelope) === keyring.activeKeyId) return envelope;
  return encryptSecret(plaintext, aad, keyring);
}
