// `npm run keys:rotate`: re-encrypts every stored secret (Instance PATs/OATs and
// cached Hub JWTs) under the first key of HUBKEEPER_ENCRYPTION_KEYS.
//
// Rotating a key:
//   1. Generate a new key:
//        node -e "console.log('k2:'+require('crypto').randomBytes(32).toString('base64'))"
//   2. Put it FIRST in HUBKEEPER_ENCRYPTION_KEYS and keep the old keys after it:
//        HUBKEEPER_ENCRYPTION_KEYS=k2:<new>,k1:<old>
//      and restart the app, so new writes use k2 while k1 rows still decrypt.
//   3. Run this script with the same environment as the app:
//        DATABASE_URL=... HUBKEEPER_ENCRYPTION_KEYS=k2:<new>,k1:<old> npm run keys:rotate
//      It prints rows per key id before and after, e.g.
//        Instance.encryptedSecret  before: k2=0 k1=3 · re-encrypted 3 · after: k2=3
//   4. When "after" shows only the new key for every table, remove the old key.
//
// DATABASE_URL must be set. With the embedded Postgres (`npm start` without a
// DATABASE_URL), start the app first and use the DATABASE_URL it runs with, so this
// script talks to the same database. The app may keep running: each row is
// updated with its own compare-and-set, so a secret saved meanwhile is not
// overwritten. Exits 1 if any row failed to decrypt (row ids are listed, secrets
// never), 2 on bad configuration.
//
// Runs as `tsx --conditions=react-server`: lib/db imports `server-only`, which
// throws unless the react-server export condition is active.
//
// It reads process.env itself instead of lib/env's env(): rotation needs only these
// two variables, and env() would also demand app-only ones such as NEXTAUTH_SECRET.
import { createDb } from '@/lib/db';
import { KeyringError, parseKeyring, type Keyring } from '@/lib/crypto/keyring';
import { formatRotationReport, rotateAllSecrets } from '@/lib/crypto/rotate-db';

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(
      'DATABASE_URL is not set. Run keys:rotate with the same DATABASE_URL and HUBKEEPER_ENCRYPTION_KEYS as the app ' +
        '(with the embedded Postgres, start the app first and use the DATABASE_URL it runs with).',
    );
    return 2;
  }
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    console.error('DATABASE_URL must be a postgresql:// connection URL.');
    return 2;
  }
  let keyring: Keyring;
  try {
    keyring = parseKeyring(process.env.HUBKEEPER_ENCRYPTION_KEYS);
  } catch (error) {
    if (error instanceof KeyringError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  const db = createDb(databaseUrl);
  try {
    console.log(`Re-encrypting secrets under key "${keyring.activeKeyId}" (key ring: ${keyring.keyIds.join(', ')})`);
    const report = await rotateAllSecrets(db, keyring);
    console.log(formatRotationReport(report));
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
