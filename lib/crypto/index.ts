// Secret encryption for Hubkeeper: versioned AES-256-GCM envelopes bound to their
// row, a rotating key ring, and re-encryption.
//
// Why `server-only` is imported here and not everywhere: the app imports
// `@/lib/crypto`, so this barrel (and get-keyring.ts, which reads the env) keeps
// key handling out of client bundles. The modules that do the work (envelope,
// keyring, rotate, rotate-db, aad, hint) stay free of it, because `server-only`
// throws when imported outside the react-server condition and tests/tools import
// them directly. scripts/keys-rotate.ts still runs with `--conditions=react-server`,
// because it needs lib/db, which is server-only.
import 'server-only';

export { DecryptError, ENVELOPE_VERSION, decryptSecret, encryptSecret, envelopeKeyId } from './envelope';
export type { DecryptErrorReason } from './envelope';
export { GENERATE_KEY_HINT, Keyring, KeyringError, generateKeyringValue, parseKeyring } from './keyring';
export type { KeyringEntry } from './keyring';
export { getKeyring } from './get-keyring';
export { hubTokenAad, instanceSecretAad, webhookSecretAad } from './aad';
export { secretHint } from './hint';
export { reencrypt } from './rotate';
export { formatRotationReport, rotateAllSecrets } from './rotate-db';
export type { RotationFailure, RotationReport, TableRotation } from './rotate-db';
