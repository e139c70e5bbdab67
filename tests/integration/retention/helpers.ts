// Set-up for the retention integration tests: a Hub emulator with a small fixture whose tag ages are
// known (times are relative to the emulator's start), people with each role, and an instance
// created through the instances service (real token check, so capabilities are real).
import { startHubEmulator, type Fixture, type HubEmulator } from '@/emulator';

export const NS = 'retuser';
export const PAT = 'dckr_pat_retention_admin_0123456789';
const DAY = 86_400_000;

export interface Person {
  id: string;
  email: string;
  roles: string[];
}

const ago = (days: number) => -days * DAY;

/**
 * retuser/app: latest+v6 share a digest (1 day old), v5 (10 d), v4 (40 d, pulled 2 d ago), v3 (100 d),
 * v2 (200 d), v1 (300 d), pr-1..pr-3 (60..80 d, never pulled), old-nodigest (500 d, no digest).
 * retuser/small: two old tags. retuser/lib: one recent tag.
 */
export function retentionFixture(): Fixture {
  const d = (c: string) => `sha256:${c.repeat(64)}`;
  return {
    seed: 8,
    auditHistory: false,
    users: [
      { username: NS, password: 'retention-password', pats: [{ token: PAT, scope: 'repo:admin', label: 'retention' }] },
    ],
    repositories: [
      {
        namespace: NS,
        name: 'app',
        dateRegistered: ago(900),
        tags: [
          { name: 'latest', pushedAt: ago(1), pulledAt: ago(1), digest: d('a'), size: 1000 },
          { name: 'v6', pushedAt: ago(1), pulledAt: ago(1), digest: d('a'), size: 1000 },
          { name: 'v5', pushedAt: ago(10), pulledAt: null, digest: d('b'), size: 1000 },
          { name: 'v4', pushedAt: ago(40), pulledAt: ago(2), digest: d('c'), size: 1000 },
          { name: 'v3', pushedAt: ago(100), pulledAt: ago(90), digest: d('d'), size: 1000 },
          { name: 'v2', pushedAt: ago(200), pulledAt: null, digest: d('e'), size: 1000 },
          { name: 'v1', pushedAt: ago(300), pulledAt: null, digest: d('f'), size: 1000 },
          { name: 'pr-1', pushedAt: ago(80), pulledAt: null, digest: d('1'), size: 500 },
          { name: 'pr-2', pushedAt: ago(70), pulledAt: null, digest: d('2'), size: 500 },
          { name: 'pr-3', pushedAt: ago(60), pulledAt: null, digest: d('2'), size: 500 },
          { name: 'old-nodigest', pushedAt: ago(500), pulledAt: null, digest: null },
        ],
      },
      {
        namespace: NS,
        name: 'small',
        dateRegistered: ago(900),
        tags: [
          { name: 'a', pushedAt: ago(400), pulledAt: null, digest: d('7'), size: 10 },
          { name: 'b', pushedAt: ago(300), pulledAt: null, digest: d('8'), size: 10 },
        ],
      },
      {
        namespace: NS,
        name: 'lib',
        dateRegistered: ago(900),
        tags: [{ name: 'v1', pushedAt: ago(2), pulledAt: null, digest: d('9') }],
      },
    ],
  };
}

/** Starts the emulator and points lib/env at it (before anything reads the environment). */
export async function startHub(): Promise<HubEmulator> {
  const hub = await startHubEmulator({ fixture: retentionFixture() });
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

/** An instance for `retuser` with a Read, Write & Delete PAT (checked against the emulator). */
export async function createInstance(
  admin: Person,
  name: string,
  options: { requiredApprovals?: number; protectedTagPatterns?: string[] } = {},
): Promise<string> {
  const { createInstance: create } = await import('@/lib/services/instances');
  const { db } = await import('@/lib/db');
  const dto = await create(admin, { name, username: NS, secret: PAT, namespaces: '' });
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

type Spec = import('@/lib/retention').RetentionPolicySpec;

/** A policy spec with defaults; override what a test cares about. */
export function spec(
  overrides: {
    name?: string;
    enabled?: boolean;
    scope?: Partial<Spec['scope']>;
    rules?: Partial<Spec['rules']>;
    schedule?: Partial<Spec['schedule']>;
    safetyMaxDeletePercent?: number;
  } = {},
): Spec {
  return {
    name: overrides.name ?? 'Policy',
    enabled: overrides.enabled ?? true,
    scope: { namespace: NS, repoInclude: [], repoExclude: [], ...overrides.scope },
    rules: {
      tagInclude: [],
      tagExclude: [],
      pushedOlderThanDays: null,
      pulledOlderThanDays: null,
      keepNewest: null,
      protectedPatterns: ['latest'],
      keepSharedDigest: true,
      ...overrides.rules,
    },
    schedule: { cron: null, timezone: 'UTC', ...overrides.schedule },
    safetyMaxDeletePercent: overrides.safetyMaxDeletePercent ?? 50,
  };
}
