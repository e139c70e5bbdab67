// Shared set-up for the instances integration tests: a real Hub emulator (default fixture) and
// people with each role in this file's fresh database. lib/env reads DOCKERHUB_API_URL once, so
// the emulator URL is set before any module that reads the environment is imported.
import { startHubEmulator, DEFAULT_CREDENTIALS, type HubEmulator } from '@/emulator';

export { DEFAULT_CREDENTIALS };

export interface TestPeople {
  admin: { id: string; email: string; roles: string[] };
  approver: { id: string; email: string; roles: string[] };
  viewer: { id: string; email: string; roles: string[] };
}

/** Starts the emulator and points lib/env at it (or at `hubUrl`, e.g. a dead port). */
export async function startHub(options: { hubUrl?: string } = {}): Promise<HubEmulator> {
  const hub = await startHubEmulator({ fixture: 'default' });
  process.env.DOCKERHUB_API_URL = options.hubUrl ?? hub.url;
  return hub;
}

/** A URL where nothing listens: the port of an emulator that was started and closed again. */
export async function deadHubUrl(): Promise<string> {
  const hub = await startHubEmulator({ fixture: 'default' });
  const url = hub.url;
  await hub.close();
  return url;
}

/** Creates an admin, an approver and a viewer. */
export async function createPeople(): Promise<TestPeople> {
  const { db } = await import('@/lib/db');
  const make = async (role: 'ADMIN' | 'APPROVER' | 'VIEWER') => {
    const email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const user = await db.user.create({ data: { email, name: role, passwordHash: 'not-used', roles: [role] } });
    return { id: user.id, email: user.email, roles: [role] };
  };
  return { admin: await make('ADMIN'), approver: await make('APPROVER'), viewer: await make('VIEWER') };
}

/** Every string value inside `value`, recursively (for "no secret anywhere" assertions). */
export function serialised(value: unknown): string {
  return JSON.stringify(value);
}
