// The server actions below the HTTP layer with a real next-auth session cookie: a VIEWER is
// refused by every description action (nothing reaches Hub or the database), an ADMIN's bad input
// is answered with field messages before anything is sent to Hub, and a good edit goes through.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDemoInstance, hubDescriptions, NS, seedRepos, startHub } from './helpers';

const jar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
  }),
  headers: async () => new Headers(),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const hub = await startHub();
const { db } = await import('@/lib/db');
const actions = await import('@/app/actions/descriptions');
const { makeUser, sessionTokenFor } = await import('../auth/fixtures');
const { stopBoss } = await import('@/lib/jobs/boss');

const COOKIE = 'next-auth.session-token';
let admin: { id: string; email: string };
let viewer: { id: string; email: string };
let instanceId: string;

async function signInAs(userId: string) {
  jar.clear();
  jar.set(COOKIE, await sessionTokenFor(userId));
}

beforeAll(async () => {
  admin = await makeUser({ email: 'admin-desc@example.com', roles: ['ADMIN'] });
  viewer = await makeUser({ email: 'viewer-desc@example.com', roles: ['VIEWER'] });
  instanceId = await createDemoInstance({ ...admin, roles: ['ADMIN'] }, 'actions-demo');
});

afterAll(async () => {
  await stopBoss();
  await hub.close();
});

beforeEach(() => hub.clearLog());

describe('a viewer', () => {
  it('is refused by every description action, before Hub or the database is touched', async () => {
    const [name] = seedRepos(hub, 'viewer', 1);
    if (!name) throw new Error('seed');
    await signInAs(viewer.id);
    const jobsBefore = await db.bulkDescriptionJob.count();
    const results = [
      await actions.updateRepositoryDescriptionAction({ instanceId, namespace: NS, repository: name, description: 'hacked' }),
      await actions.previewBulkDescriptionsAction({
        instanceId,
        selection: { mode: 'filter', namespace: NS, pattern: '' },
        description: { kind: 'set', value: 'hacked' },
        fullDescription: { kind: 'keep' },
      }),
      await actions.applyBulkDescriptionsAction({ instanceId, draftId: 'anything' }),
      await actions.cancelBulkDescriptionsAction({ instanceId, jobId: 'anything' }),
      await actions.retryFailedBulkDescriptionsAction({ instanceId, jobId: 'anything' }),
      await actions.undoBulkDescriptionsAction({ instanceId, jobId: 'anything' }),
      await actions.previewMarkdownAction({ markdown: '# hi' }),
    ];
    for (const result of results) {
      expect(result?.serverError).toBe("You don't have permission to do this.");
      expect(result?.data).toBeUndefined();
    }
    expect(hub.log).toHaveLength(0);
    expect(hubDescriptions(hub, name).description).toBe('viewer 1 (old)');
    expect(await db.bulkDescriptionJob.count()).toBe(jobsBefore);
    expect(await db.descriptionChange.count({ where: { repository: name } })).toBe(0);
  });
});

describe('an admin', () => {
  it('gets field messages for bad input and nothing is sent to Hub', async () => {
    await signInAs(admin.id);
    const tooLong = await actions.updateRepositoryDescriptionAction({ instanceId, namespace: NS, repository: 'x', description: 'y'.repeat(101) });
    expect(tooLong?.validationErrors?.fieldErrors?.description?.[0]).toMatch(/101 characters; Docker Hub allows at most 100/);
    const tooBig = await actions.updateRepositoryDescriptionAction({ instanceId, namespace: NS, repository: 'x', fullDescription: 'é'.repeat(12_501) });
    expect(tooBig?.validationErrors?.fieldErrors?.fullDescription?.[0]).toMatch(/25,002 bytes/);
    const base = { instanceId, selection: { mode: 'filter' as const, namespace: NS, pattern: '' }, fullDescription: { kind: 'keep' as const } };
    const badRegex = await actions.previewBulkDescriptionsAction({ ...base, description: { kind: 'replace', find: '([a-z]', replace: '$1', regex: true, caseSensitive: true } });
    expect(badRegex?.validationErrors?.fieldErrors?.description?.[0]).toMatch(/Invalid regular expression/);
    const badTemplate = await actions.previewBulkDescriptionsAction({ ...base, description: { kind: 'template', template: '{{name}} {{tag}}' } });
    expect(badTemplate?.validationErrors?.fieldErrors?.description?.[0]).toMatch(/Unknown placeholder \{\{tag\}\}/);
    const empty = await actions.previewBulkDescriptionsAction({ ...base, selection: { mode: 'list', repositories: [] }, description: { kind: 'set', value: 'x' } });
    expect(empty?.validationErrors?.fieldErrors?.selection?.[0]).toMatch(/Choose at least one repository/);
    const noMatch = await actions.previewBulkDescriptionsAction({ ...base, selection: { mode: 'filter', namespace: NS, pattern: 'no-such-*' }, description: { kind: 'set', value: 'x' } });
    expect(noMatch?.validationErrors?.fieldErrors?.selection?.[0]).toMatch(/No repositories match/);
    // Only the last one needed Hub (to list the namespace); none wrote anything.
    expect(hub.log.filter((e) => e.method !== 'GET' && !e.path.startsWith('/v2/auth'))).toHaveLength(0);
    expect(hub.log.filter((e) => e.method === 'GET').every((e) => e.path === `/v2/namespaces/${NS}/repositories`)).toBe(true);
  });

  it('saves a single edit through the action', async () => {
    const [name] = seedRepos(hub, 'admin', 1);
    if (!name) throw new Error('seed');
    await signInAs(admin.id);
    const result = await actions.updateRepositoryDescriptionAction({ instanceId, namespace: NS, repository: name, description: 'New', expected: { description: 'admin 1 (old)', fullDescription: '' } });
    expect(result?.data?.changed).toEqual(['description']);
    expect(hubDescriptions(hub, name).description).toBe('New');
    const preview = await actions.previewMarkdownAction({ markdown: '# Title\n\n<script>alert(1)</script>' });
    expect(preview?.data?.html).toContain('<h1>Title</h1>');
    expect(preview?.data?.html).not.toContain('<script');
  });
});
