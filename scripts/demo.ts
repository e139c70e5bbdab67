// `npm run demo`: Hubkeeper against the built-in Docker Hub emulator, with demo data.
// - Starts the Hub emulator (default fixture) on HUBKEEPER_DEMO_HUB_PORT (default 4010).
// - Starts the dashboard like `npm start` (embedded Postgres in ./.hubkeeper/demo, PORT default 3000)
//   pointed at the emulator, and before it serves, seeds (idempotently) an admin, an approver and a
//   viewer plus two instances: one Read, Write & Delete PAT and one Read-only PAT.
// - Prints the sign-in credentials. Nothing here talks to the real Docker Hub.
//
// Runs as `tsx --conditions=react-server`: the seed uses the app's services, which import
// `server-only` (it throws unless the react-server export condition is active).
import path from 'node:path';
import { startHubEmulator, DEFAULT_CREDENTIALS } from '../emulator';
import { loadOrCreateSecrets } from './lib/first-run-secrets';
import { start } from './start';

const root = path.resolve(__dirname, '..');

// Demo accounts: fixed, printed, and only ever created in the demo data folder.
const DEMO_PEOPLE = [
  { email: 'admin@demo.hubkeeper', name: 'Demo Admin', password: 'demo-admin-password', roles: ['ADMIN'] },
  { email: 'approver@demo.hubkeeper', name: 'Demo Approver', password: 'demo-approver-password', roles: ['APPROVER'] },
  { email: 'viewer@demo.hubkeeper', name: 'Demo Viewer', password: 'demo-viewer-password', roles: ['VIEWER'] },
] as const;

const DEMO_INSTANCES = [
  { name: 'Demo (read-write)', secret: DEFAULT_CREDENTIALS.pats.admin, namespaces: [DEFAULT_CREDENTIALS.org] },
  { name: 'Demo (read-only)', secret: DEFAULT_CREDENTIALS.pats.read, namespaces: [] },
] as const;

function say(line: string) {
  console.log(`[demo] ${line}`);
}

/** Creates the demo people and instances that do not exist yet. */
async function seed(): Promise<void> {
  // Imported only now: lib/env reads process.env once, after the launcher has filled it in.
  const { db } = await import('../lib/db');
  const { createFirstAdmin, createUser } = await import('../lib/services/users');
  const { createInstance } = await import('../lib/services/instances');

  const [adminSpec, ...others] = DEMO_PEOPLE;
  let admin = await db.user.findUnique({ where: { email: adminSpec.email }, select: { id: true, email: true, roles: true } });
  if (!admin) {
    if ((await db.user.count()) === 0) {
      await createFirstAdmin({ email: adminSpec.email, name: adminSpec.name, password: adminSpec.password });
    } else {
      throw new Error(`the demo data folder has users but no ${adminSpec.email}; delete the folder to start over`);
    }
    admin = await db.user.findUniqueOrThrow({ where: { email: adminSpec.email }, select: { id: true, email: true, roles: true } });
    say(`created ${adminSpec.email}`);
  }
  const actor = { id: admin.id, email: admin.email, roles: admin.roles };
  for (const person of others) {
    if (await db.user.findUnique({ where: { email: person.email }, select: { id: true } })) continue;
    await createUser(actor, { email: person.email, name: person.name, password: person.password, roles: [...person.roles] });
    say(`created ${person.email}`);
  }
  for (const spec of DEMO_INSTANCES) {
    if (await db.instance.findUnique({ where: { name: spec.name }, select: { id: true } })) continue;
    const instance = await createInstance(actor, {
      name: spec.name,
      kind: 'PAT',
      username: DEFAULT_CREDENTIALS.user,
      secret: spec.secret,
      namespaces: [...spec.namespaces],
    });
    say(`added instance "${instance.name}" (${instance.capabilities?.accessLabel ?? instance.status})`);
  }
  await db.$disconnect();
}

async function main() {
  const hubPort = Number(process.env.HUBKEEPER_DEMO_HUB_PORT ?? 4010);
  const appPort = process.env.PORT ?? '3000';
  const dataDir = path.resolve(root, process.env.HUBKEEPER_DEMO_DATA_DIR ?? '.hubkeeper/demo');
  const hub = await startHubEmulator({ port: hubPort, fixture: 'default' });
  say(`Docker Hub emulator on ${hub.url} (default fixture)`);

  // The demo always uses its own embedded database and secrets, never the real installation's.
  delete process.env.DATABASE_URL;
  const { secrets } = loadOrCreateSecrets(dataDir);
  const env: Record<string, string> = {
    PORT: appPort,
    HUBKEEPER_DATA_DIR: dataDir,
    DOCKERHUB_API_URL: hub.url,
    HUBKEEPER_ENCRYPTION_KEYS: secrets.HUBKEEPER_ENCRYPTION_KEYS,
    NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
    NEXTAUTH_URL: `http://localhost:${appPort}`,
  };

  await start({
    env,
    async beforeServe(databaseUrl) {
      Object.assign(process.env, env, { DATABASE_URL: databaseUrl });
      await seed();
      say('sign in at ' + env.NEXTAUTH_URL + ' with one of:');
      for (const p of DEMO_PEOPLE) say(`  ${p.roles[0]?.padEnd(8)} ${p.email} / ${p.password}`);
      say(`Docker Hub emulator user: ${DEFAULT_CREDENTIALS.user} (org ${DEFAULT_CREDENTIALS.org}); more tokens in emulator/fixtures/default.ts`);
    },
  });
  await hub.close();
  process.exit(process.exitCode ?? 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
