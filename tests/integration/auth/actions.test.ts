// Server actions end to end below the HTTP layer: a real next-auth session cookie (encrypted
// JWT) is presented through next/headers, and the action chain resolves the user from the
// database, checks the permission, validates input and calls the service.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const jar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
  }),
  headers: async () => new Headers(),
}));
// revalidatePath needs a Next request; outside one it has nothing to revalidate.
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const { db } = await import('@/lib/db');
const { createUserAction, setUserActiveAction, updateUserRolesAction } = await import('@/app/actions/users');
const { changePasswordAction } = await import('@/app/actions/account');
const { getCurrentUser } = await import('@/lib/auth/session');
const { auditActions, makeUser, markAudit, sessionTokenFor, PASSWORD } = await import('./fixtures');

const COOKIE = 'next-auth.session-token';
const NEW_USER = { email: 'new@example.com', name: 'New', password: 'a-very-long-pass', roles: ['VIEWER' as const] };

async function signInAs(userId: string | null) {
  jar.clear();
  if (userId) jar.set(COOKIE, await sessionTokenFor(userId));
}

let admin: { id: string; email: string };
let viewer: { id: string; email: string };

beforeEach(async () => {
  await db.user.deleteMany();
  admin = await makeUser({ email: 'root@example.com', roles: ['ADMIN'] });
  viewer = await makeUser({ email: 'viewer@example.com', roles: ['VIEWER'] });
  await markAudit();
});

describe('user actions', () => {
  it('refuse a signed-out caller', async () => {
    await signInAs(null);
    const result = await createUserAction(NEW_USER);
    expect(result?.serverError).toBe('Your session has ended. Sign in again.');
    expect(await db.user.count()).toBe(2);
  });

  it('refuse a VIEWER calling them directly, and save nothing', async () => {
    await signInAs(viewer.id);
    const results = await Promise.all([
      createUserAction(NEW_USER),
      updateUserRolesAction({ userId: viewer.id, roles: ['ADMIN'] }),
      setUserActiveAction({ userId: admin.id, active: false }),
    ]);
    for (const r of results) {
      expect(r?.serverError).toBe("You don't have permission to do this.");
      expect(r?.data).toBeUndefined();
    }
    expect(await db.user.count()).toBe(2);
    expect((await db.user.findUniqueOrThrow({ where: { id: viewer.id } })).roles).toEqual(['VIEWER']);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).active).toBe(true);
    expect(await auditActions()).toEqual([]);
  });

  it('let an admin create a user; field problems come back as validation errors', async () => {
    await signInAs(admin.id);
    const ok = await createUserAction(NEW_USER);
    expect(ok?.data?.user).toMatchObject({ email: 'new@example.com', roles: ['VIEWER'] });

    const invalid = await createUserAction({ email: '', name: 'X', password: 'short', roles: ['ROOT' as never] });
    expect(invalid?.validationErrors?.fieldErrors).toMatchObject({
      email: ['Enter an email address'],
      password: ['Use at least 12 characters'],
      roles: ['Unknown role'],
    });

    const duplicate = await createUserAction({ ...NEW_USER, email: 'NEW@example.com' });
    expect(duplicate?.validationErrors?.fieldErrors?.email).toEqual(['A user with this email already exists']);
    expect(await db.user.count()).toBe(3);
  });

  it('explain the last-admin rule instead of failing generically', async () => {
    await signInAs(admin.id);
    const demote = await updateUserRolesAction({ userId: admin.id, roles: ['VIEWER'] });
    expect(demote?.validationErrors?.fieldErrors?.roles).toEqual(['At least one active admin must remain']);
    const deactivate = await setUserActiveAction({ userId: admin.id, active: false });
    expect(deactivate?.serverError).toMatch(/last active admin/);
  });
});

describe('session resolution', () => {
  it('applies a role change on the very next request', async () => {
    await signInAs(viewer.id);
    expect((await createUserAction(NEW_USER))?.serverError).toBe("You don't have permission to do this.");
    await db.user.update({ where: { id: viewer.id }, data: { roles: ['ADMIN'] } });
    expect((await createUserAction(NEW_USER))?.data?.user.email).toBe('new@example.com');
  });

  it('throws a deactivated user out on the next request', async () => {
    await signInAs(viewer.id);
    expect(await getCurrentUser()).toMatchObject({ id: viewer.id, roles: ['VIEWER'] });
    await db.user.update({ where: { id: viewer.id }, data: { active: false } });
    expect(await getCurrentUser()).toBeNull();
    const result = await changePasswordAction({
      currentPassword: PASSWORD,
      newPassword: 'another-long-pass',
      confirmPassword: 'another-long-pass',
    });
    expect(result?.serverError).toBe('Your session has ended. Sign in again.');
  });

  it('ignores a tampered or foreign session cookie', async () => {
    jar.set(COOKIE, `${await sessionTokenFor(admin.id)}x`);
    expect(await getCurrentUser()).toBeNull();
    jar.set(COOKIE, 'not-a-jwt');
    expect(await getCurrentUser()).toBeNull();
  });

  it('lets a user change their own password after checking the current one', async () => {
    await signInAs(viewer.id);
    const wrong = await changePasswordAction({
      currentPassword: 'nope',
      newPassword: 'another-long-pass',
      confirmPassword: 'another-long-pass',
    });
    expect(wrong?.validationErrors?.fieldErrors?.currentPassword).toEqual(['The current password is not correct']);
    const ok = await changePasswordAction({
      currentPassword: PASSWORD,
      newPassword: 'another-long-pass',
      confirmPassword: 'another-long-pass',
    });
    expect(ok?.data).toEqual({ changed: true });
    expect(await auditActions()).toEqual(['user.password_changed']);
  });
});

describe('action client error policy', () => {
  it('shows AppError messages as they are, and hides anything else behind a reference id', async () => {
    const { z } = await import('zod');
    const { AppError } = await import('@/lib/errors');
    const { actionClient, permissionAction } = await import('@/lib/actions/safe-action');
    const expected = actionClient.inputSchema(z.object({})).action(async () => {
      throw new AppError('conflict', 'That name is taken.');
    });
    const unexpected = actionClient.inputSchema(z.object({})).action(async () => {
      throw new Error('connection string postgres://user:hunter2@db leaked');
    });
    expect((await expected({}))?.serverError).toBe('That name is taken.');
    const hidden = (await unexpected({}))?.serverError ?? '';
    expect(hidden).toMatch(/^Something failed on the server \(reference [0-9A-F]{8}\)$/);
    expect(hidden).not.toContain('hunter2');

    // permissionAction refuses before the action body runs.
    let ran = false;
    const approve = permissionAction('deletions.approve')
      .inputSchema(z.object({}))
      .action(async () => {
        ran = true;
      });
    await signInAs(admin.id);
    expect((await approve({}))?.serverError).toBe("You don't have permission to do this.");
    expect(ran).toBe(false);
  });
});
