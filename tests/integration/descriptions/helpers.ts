// Set-up for the descriptions integration tests: a Hub emulator, people with each role, an
// instance created through the instances service (real health check, so capabilities are real),
// and repositories with known descriptions created in the emulator.
import { startHubEmulator, DEFAULT_CREDENTIALS, type EmulatorOptions, type HubEmulator } from '@/emulator';

export { DEFAULT_CREDENTIALS };

export interface Person {
  id: string;
  email: string;
  roles: string[];
}

/** Starts the emulator and points lib/env at it (before anything reads the environment). */
export async function startHub(options: EmulatorOptions = {}): Promise<HubEmulator> {
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

/** Creates an instance for the demo user with a PAT of the given scope (admin by default). */
export async function createDemoInstance(admin: Person, name: string, secret: string = DEFAULT_CREDENTIALS.pats.admin): Promise<string> {
  const { createInstance } = await import('@/lib/services/instances');
  const dto = await createInstance(admin, { name, username: DEFAULT_CREDENTIALS.user, secret, namespaces: 'acme' });
  return dto.id;
}

export const NS = DEFAULT_CREDENTIALS.user;

/** Creates `count` repositories `${prefix}-NN` in the demo namespace with description "<prefix> NN (old)". */
export function seedRepos(hub: HubEmulator, prefix: string, count: number, full = false): string[] {
  const names: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const name = `${prefix}-${String(i).padStart(2, '0')}`;
    hub.pushTag(NS, name, 'latest');
    const repo = hub.state.getRepo(NS, name);
    if (!repo) throw new Error(`emulator did not create ${name}`);
    hub.state.updateDescriptions(repo, { description: `${prefix} ${i} (old)`, ...(full ? { full_description: `# ${name}\n\nStatus: old\n` } : {}) }, NS);
    names.push(name);
  }
  hub.clearLog();
  return names;
}

/** Current descriptions of a repository in the emulator. */
export function hubDescriptions(hub: HubEmulator, name: string, ns: string = NS): { description: string | null; fullDescription: string | null } {
  const repo = hub.state.getRepo(ns, name);
  if (!repo) throw new Error(`no repository ${ns}/${name}`);
  return { description: repo.description, fullDescription: repo.fullDescription };
}

/** PATCH requests per repository path in the emulator log. */
export function patchCounts(hub: HubEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of hub.log) {
    if (entry.method !== 'PATCH') continue;
    const m = /^\/v2\/repositories\/([^/]+)\/([^/]+)\/$/.exec(entry.path);
    if (!m || entry.status !== 200) continue;
    const key = `${m[1]}/${m[2]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
