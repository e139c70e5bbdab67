// First-run secrets for embedded mode: generated once into the data folder
// (mode 0600) and never regenerated over existing ones, because a new
// encryption key would make every stored PAT unreadable.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface FirstRunSecrets {
  HUBKEEPER_ENCRYPTION_KEYS: string;
  NEXTAUTH_SECRET: string;
}

/** Reads the data folder's secrets file, creating it (0600) on first run. */
export function loadOrCreateSecrets(dataDir: string): { secrets: FirstRunSecrets; file: string; created: boolean } {
  const file = path.join(dataDir, 'secrets.json');
  if (fs.existsSync(file)) {
    const secrets = JSON.parse(fs.readFileSync(file, 'utf8')) as FirstRunSecrets;
    return { secrets, file, created: false };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secrets: FirstRunSecrets = {
    HUBKEEPER_ENCRYPTION_KEYS: `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}:${randomBytes(32).toString('base64')}`,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
  };
  // 'wx' fails if another process created it meanwhile: never overwrite.
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return { secrets, file, created: true };
}
