// Set-up for the deletion integration tests: a Hub emulator, people with each role, an instance
// created through the instances service (real token check, so capabilities are real), and
// repositories pushed into the emulator.
import { startHubEmulator, DEFAULT_CREDENTIALS, type HubEmulator } from '@/emulator';

export { DEFAULT_CREDENTIALS };

export interface Person {
  id: string;
  email: string;
  roles: string[];
}

export const NS = DEFAULT_CREDENTIALS.user;

/** Starts the emulator and points lib/env at it (before anything reads the environment). */
export async function startHub(opts: { latencyMs?: number } = {}): Promise<HubEmulator> {
  const hub = await startHubEmulator({ fixture: 'default', ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}) });
  process.env.DOCKERHUB_API_URL = hub.url;
  return hub;
}

/** A user with the given roles in this file's database. */
export async function createPerson(...roles: ('ADMIN' | 'APPROVER' | 'VIEWER')[]): Promise<Person> {
  const { db } = await import('@/lib/db');
  const email = `${roles.join('-').toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const user = await db.user.create({ data: { email, name: roles.join(' '), passwordHash: 'not-used', roles } });
  return { id: user.id, email: user.email, roles };
}

/** Creates an instance for the demo user with the Read, Write & Delete PAT. */
export async function createDemoInstance(admin: Person, name: string, options: { secret?: string; requiredApprovals?: number; protectedTagPatterns?: string[] } = {}): Promise<string> {
  const { createInstance } = await import('@/lib/services/instances');
  const { db } = await import('@/lib/db');
  const dto = await createInstance(admin, {
    name,
    username: DEFAULT_CREDENTIALS.user,
    secret: options.secret ?? DEFAULT_CREDENTIALS.pats.admin,
    namespaces: 'acme',
  });
  if (options.requiredApprovals !== undefined || options.protectedTagPatterns !== undefined) {
    await db.instance.update({
      where: { id: dto.id },
      data: {
        ...(options.requiredApprovals !== undefined ? { requiredApprovals: options.requiredApprovals } : {}),
        ...(options.protectedTagPatterns !== undefined ? { protectedTagPatterns: options.protectedTagPatterns } : {}),
      },
    });
  }
  return dto.id;
}

/** Pushes `count` tags t000.. into ns/repo (unique digests unless `digestOf` says otherwise). */
export function pushTags(hub: HubEmulator, repo: string, names: string[], digestOf?: (name: string) => string | undefined): void {
  for (const name of names) {
    const digest = digestOf?.(name);
    hub.pushTag(NS, repo, name, digest ? { digest } : {});
  }
}

export function tagNames(count: number, prefix = 't'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
}

/** Tags present in the emulator for ns/repo right now. */
export async function emulatorTags(hub: HubEmulator, repo: string): Promise<Map<string, string>> {
  const res = await fetch(`${hub.url}/__emulator/repositories/${NS}/${repo}`);
  if (res.status === 404) return new Map();
  const body = (await res.json()) as { tags?: { name: string; digest: string }[] };
  return new Map((body.tags ?? []).map((t) => [t.name, t.digest]));
}

/** DELETE requests the emulator saw for ns/repo, by tag name. */
export function deletesByTag(hub: HubEmulator, repo: string): Map<string, { status: number; at: number }[]> {
  const prefix = `/v2/repositories/${NS}/${repo}/tags/`;
  const out = new Map<string, { status: number; at: number }[]>();
  for (const e of hub.log) {
    if (e.method !== 'DELETE' || !e.path.startsWith(prefix)) continue;
    const tag = decodeURIComponent(e.path.slice(prefix.length).replace(/\/$/, ''));
    const list = out.get(tag) ?? [];
    list.push({ status: e.status, at: e.at });
    out.set(tag, list);
  }
  return out;
}

/** Moves a pending request's deadline to just after its creation (so it is due now). */
export async function makeDue(requestId: string): Promise<void> {
  const { db } = await import('@/lib/db');
  await db.$executeRaw`UPDATE "DeletionRequest" SET "expiresAt" = "createdAt" + interval '1 millisecond' WHERE "id" = ${requestId}`;
}
