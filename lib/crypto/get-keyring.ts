// The configured key ring for the running app. Server-only: it reads
// HUBKEEPER_ENCRYPTION_KEYS through lib/env.
import 'server-only';
import { env } from '@/lib/env';
import { parseKeyring, type Keyring } from './keyring';

let cached: { value: string; keyring: Keyring } | undefined;

/** The key ring from HUBKEEPER_ENCRYPTION_KEYS, parsed once; throws `KeyringError` if invalid. */
export function getKeyring(): Keyring {
  const value = env().HUBKEEPER_ENCRYPTION_KEYS;
  if (cached?.value !== value) cached = { value, keyring: parseKeyring(value) };
  return cached.keyring;
}
