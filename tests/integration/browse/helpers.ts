// Set-up for the browse integration tests: a Hub emulator, people with each role, and instances
// created through the instances service (with its real health check against the emulator).
import { startHubEmulator, DEFAULT_CREDENTIALS, DEFAULT_RECENT_PUSHES, type HubEmulator } from '@/emulator';

export { DEFAULT_CREDENTIALS, DEFAULT_RECENT_PUSHES };

export interface Person {
  id: string;
  email: string;
  roles: string[];
}

/** Starts the emulator and points lib/env at it (before anything reads the environment). */
export async function startHub(fixture: 'default' | 'large' = 'default'): Promise<HubEmulator> {
  const hub = await startHubEmulator({ fixture });
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

/** Creates an instance for the demo user (PAT of the given scope) with extra namespaces. */
export async function createDemoInstance(
  admin: Person,
  name: string,
  options: { secret?: string; namespaces?: string[] } = {},
): Promise<string> {
  const { createInstance } = await import('@/lib/services/instances');
  const dto = await createInstance(admin, {
    name,
    username: DEFAULT_CREDENTIALS.user,
    secret: options.secret ?? DEFAULT_CREDENTIALS.pats.admin,
    namespaces: (options.namespaces ?? ['acme']).join(','),
  });
  return dto.id;
}
