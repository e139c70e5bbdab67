// The deletion server actions called directly (as any HTTP client can): a real next-auth session
// cookie is presented through next/headers; the action chain resolves the user from the
// database, checks the permission and calls the service. The requester approving their own
// request, a viewer, and bad input are all refused and change nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const jar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
  }),
  headers: async () => new Headers(),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const { startHub, createPerson, createDemoInstance, pushTags, NS } = await import('./helpers');
const hub = await startHub();
const { db } = await import('@/lib/db');
const actions = await import('@/app/actions/deletions');
const { sessionTokenFor } = await import('../auth/fixtures');

const COOKIE = 'next-auth.session-token';

async function signInAs(userId: string | null) {
  jar.clear();
  if (userId) jar.set(COOKIE, await sessionTokenFor(userId));
}

let adminApprover: { id: string };
let approver: { id: string };
let viewer: { id: string };
let instanceId: string;

beforeAll(async () => {
  const admin = await createPerson('ADMIN');
  adminApprover = await createPerson('ADMIN', 'APPROVER');
  approver = await createPerson('APPROVER');
  viewer = await createPerson('VIEWER');
  instanceId = await createDemoInstance(admin, 'Actions');
  pushTags(hub, 'actions', ['a', 'b']);
});

afterAll(async () => {
  const { stopBoss } = await import('@/lib/jobs/boss');
  await stopBoss();
  await hub.close();
});

const selection = (tags: string[], repo = 'actions') => ({ instanceId, items: tags.map((tag) => ({ namespace: NS, repository: repo, tag })) });

describe('deletion actions called directly', () => {
  it('refuse the requester approving their own request, and record nothing', async () => {
    await signInAs(adminApprover.id);
    const created = await actions.createDeletionRequestAction({ ...selection(['a']), reason: 'mine' });
    const id = created?.data?.id ?? '';
    expect(id).not.toBe('');
    const result = await actions.approveDeletionAction({ requestId: id });
    expect(result?.serverError).toBe("You requested this deletion, so you can't approve it; another approver has to.");
    expect(result?.data).toBeUndefined();
    expect(await db.deletionApproval.count({ where: { requestId: id } })).toBe(0);
    expect((await db.deletionRequest.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
    // Someone else may.
    await signInAs(approver.id);
    const ok = await actions.approveDeletionAction({ requestId: id, comment: 'fine' });
    expect(ok?.data?.status).toBe('approved');
    // And deciding again is refused with the state in words.
    const again = await actions.rejectDeletionAction({ requestId: id, comment: 'late' });
    expect(again?.serverError).toBe('This request was already approved.');
  });

  it('refuse a viewer and a signed-out caller', async () => {
    await signInAs(adminApprover.id);
    const created = await actions.createDeletionRequestAction({ ...selection(['b']), reason: 'x' });
    const id = created?.data?.id ?? '';
    await signInAs(viewer.id);
    for (const r of [
      await actions.approveDeletionAction({ requestId: id }),
      await actions.rejectDeletionAction({ requestId: id, comment: 'no' }),
      await actions.cancelDeletionAction({ requestId: id }),
      await actions.createDeletionRequestAction({ ...selection(['b']), reason: 'x' }),
    ]) {
      expect(r?.serverError).toBe("You don't have permission to do this.");
    }
    await signInAs(null);
    expect((await actions.approveDeletionAction({ requestId: id }))?.serverError).toBe('Your session has ended. Sign in again.');
    expect((await db.deletionRequest.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
  });

  it('refuse bad input with a clear message', async () => {
    await signInAs(adminApprover.id);
    const before = await db.deletionRequest.count();
    const empty = await actions.createDeletionRequestAction({ instanceId, items: [], reason: 'x' });
    expect(empty?.validationErrors?.fieldErrors?.items?.[0]).toBe('Select at least one tag to delete.');
    const badTag = await actions.createDeletionRequestAction({ ...selection(['.hidden']), reason: 'x' });
    expect(JSON.stringify(badTag?.validationErrors)).toContain('is not a valid Docker tag');
    const twoRepos = await actions.createDeletionRequestAction({ instanceId, items: [...selection(['a']).items, ...selection(['a'], 'other').items], reason: 'x' });
    expect(twoRepos?.serverError ?? JSON.stringify(twoRepos?.validationErrors)).toMatch(/one repository/);
    const noReason = await actions.createDeletionRequestAction({ ...selection(['a']), reason: '' });
    expect(noReason?.validationErrors?.fieldErrors?.reason?.[0]).toBe('Give a reason for deleting these tags.');
    expect(await db.deletionRequest.count()).toBe(before);
  });
});
