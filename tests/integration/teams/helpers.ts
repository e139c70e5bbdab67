// Set-up for the teams integration tests: a Hub emulator (default fixture, optionally refusing PATs
// on team grants), people with each role, and instances created through the instances service
// (with its real health check against the emulator).
import {
  startHubEmulator,
  DEFAULT_CREDENTIALS,
  DEFAULT_GROUPS,
  type EmulatorOptions,
  type HubEmulator,
} from '@/emulator';

export { DEFAULT_CREDENTIALS, DEFAULT_GROUPS };

export interface Person {
  id: string;
  email: string;
  roles: string[];
}

/** Starts the emulator and points lib/env at it (before anything reads the environment). */
export async function startHub(options: Partial<EmulatorOptions> = {}): Promise<HubEmulator> {
  const hub = await startHubEmulator({ fixture: 'default', ...options });
  process.env.DOCKERHUB_API_URL = hub.url;
  return hub;
}

/** A user with the given role in this file's database. */
export async function createPerson(role: 'ADMIN' | 'APPROVER' | 'VIEWER'): Promise<Person> {
  const { db } = await import('@/lib/db');
  const email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const user = await db.user.create({ data: { email, name: role, passwordHash: 'not-used', roles: [role] } });
  return { id: user.id, email: user.email, roles: [role] };
}

/** A PAT instance of hubkeeper-demo (owner of acme) managing the acme namespace. */
export async function createPatInstance(admin: Person, options: { name?: string; secret?: string } = {}) {
  const { createInstance } = await import('@/lib/services/instances');
  return createInstance(admin, {
    name: options.name ?? 'Demo PAT',
    kind: 'PAT',
    username: DEFAULT_CREDENTIALS.user,
    secret: options.secret ?? DEFAULT_CREDENTIALS.pats.admin,
    namespaces: ['acme'],
  });
}

/** The OAT instance of acme. */
export async function createOatInstance(admin: Person, name = 'Acme OAT') {
  const { createInstance } = await import('@/lib/services/instances');
  return createInstance(admin, {
    name,
    kind: 'OAT',
    username: DEFAULT_CREDENTIALS.org,
    secret: DEFAULT_CREDENTIALS.oat,
    namespaces: [],
  });
}

/** Team grants the emulator holds for a repository, as {groupId: permission}. */
export function grantsOf(hub: HubEmulator, namespace: string, repository: string): Record<string, string> {
  const repo = hub.state.getRepo(namespace, repository);
  if (!repo) throw new Error(`no repository ${namespace}/${repository} in the emulator`);
  return Object.fromEntries([...repo.groupGrants].map(([id, permission]) => [String(id), permission]));
}
