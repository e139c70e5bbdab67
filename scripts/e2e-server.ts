// The server Playwright tests run against: a Hub emulator (default fixture) and
// the production build of Hubkeeper on a fresh embedded Postgres in a
// temporary data folder. Ports are fixed so specs can reach both.
import fs from 'node:fs';
import path from 'node:path';
import { startHubEmulator } from '../emulator';
import { start } from './start';
import { E2E } from '../e2e/config';

async function main() {
  const dataDir = path.resolve(__dirname, '..', E2E.dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const hub = await startHubEmulator({ port: E2E.hubPort, fixture: 'default' });
  console.log(`[e2e] Hub emulator on ${hub.url}`);
  await start({
    env: {
      PORT: String(E2E.appPort),
      HUBKEEPER_DATA_DIR: dataDir,
      HUBKEEPER_EMBEDDED_PG_PORT: String(E2E.pgPort),
      DOCKERHUB_API_URL: hub.url,
      NEXTAUTH_URL: E2E.baseUrl,
      LOG_LEVEL: 'info',
    },
    logFile: path.join(dataDir, 'server.log'),
  });
  await hub.close();
  process.exit(process.exitCode ?? 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
