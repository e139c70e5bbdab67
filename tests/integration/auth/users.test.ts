import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { createUser, listUsers, setUserActive, updateUserRoles, type Actor } from '@/lib/services/users';
import { authenticate } from '@/lib/auth/sign-in';
import { auditActions, auditEvents, makeUser, markAudit } from './fixtures';

let admin: Actor & { id: string };

async function snapshot() {
  return { users: await db.user.count(), audit: await db.auditEvent.count() };
}

async function expectAppError(promise: Promise<unknown>, code: string, field?: string) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (field) expect((err as AppError).fieldErrors?.[field]?.length).toBeGreaterThan(0);
  return err as AppError;
}

beforeEach(async () => {
  await db.user.deleteMany();
  admin = await makeUser({ email: 'root@example.com', name: 'Root', roles: ['ADMIN'] });
  await markAudit();
});

describe('createUser', () => {
  it('creates a user with several roles and audits it in the same transaction', async () => {
    const created = await createUser(admin, {
      email: ' Grace@Example.com ',
      name: ' Grace ',
      password: 'a-very-long-pass',
      roles: ['VIEWER', 'APPROVER'],
    });
    expect(created).toMatchObject({
      email: 'grace@example.com',
      name: 'Grace',
      roles: ['APPROVER', 'VIEWER'],
      active: true,
      lastSignInAt: null,
    });
    expect(created).not.toHaveProperty('passwordHash');
    expect(await auditActions()).toEqual(['user.created']);
    expect((await authenticate({ email: 'grace@example.com', password: 'a-very-long-pass' })).ok).toBe(true);
  });

  it.each([
    ['empty email', { email: '', name: 'X', password: 'a-very-long-pass', roles: ['VIEWER'] }, 'email'],
    ['invalid email', { email: 'not-an-email', name: 'X', password: 'a-very-long-pass', roles: ['VIEWER'] }, 'email'],
    ['short password', { email: 'x@example.com', name: 'X', password: 'elevenchars', roles: ['VIEWER'] }, 'password'],
    ['unknown role', { email: 'x@example.com', name: 'X', password: 'a-very-long-pass', roles: ['ROOT'] }, 'roles'],
    ['no role', { email: 'x@example.com', name: 'X', password: 'a-very-long-pass', roles: [] }, 'roles'],
    ['empty name', { email: 'x@example.com', name: '  ', password: 'a-very-long-pass', roles: ['VIEWER'] }, 'name'],
  ])('refuses %s with a field error and saves nothing', async (_label, input, field) => {
    const before = await snapshot();
    await expectAppError(createUser(admin, input as never), 'validation', field);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a duplicate email (any letter case) with a field error and saves nothing', async () => {
    await createUser(admin, {
      email: 'grace@example.com',
      name: 'Grace',
      password: 'a-very-long-pass',
      roles: ['VIEWER'],
    });
    const before = await snapshot();
    const err = await expectAppError(
      createUser(admin, { email: 'GRACE@example.com', name: 'Other', password: 'a-very-long-pass', roles: ['ADMIN'] }),
      'conflict',
      'email',
    );
    expect(err.fieldErrors?.email).toEqual(['A user with this email already exists']);
    expect(await snapshot()).toEqual(before);
  });

  it('lets exactly one of two simultaneous creates of the same email win', async () => {
    const input = { email: 'twin@example.com', name: 'Twin', password: 'a-very-long-pass', roles: ['VIEWER' as const] };
    const results = await Promise.allSettled([createUser(admin, input), createUser(admin, input)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    expect(await db.user.count({ where: { email: 'twin@example.com' } })).toBe(1);
    expect((await auditActions()).filter((a) => a === 'user.created')).toHaveLength(1);
  });

  it('refuses an actor who is not an active admin (the service re-checks, not only the action)', async () => {
    const viewer = await makeUser({ email: 'viewer@example.com', roles: ['VIEWER'] });
    const before = await snapshot();
    await expectAppError(
      createUser(viewer, { email: 'x@example.com', name: 'X', password: 'a-very-long-pass', roles: ['ADMIN'] }),
      'forbidden',
    );
    expect(await snapshot()).toEqual(before);
  });
});

describe('updateUserRoles', () => {
  it('changes roles and records before/after with the actor in the audit log', async () => {
    const viewer = await makeUser({ email: 'viewer@example.com', roles: ['VIEWER'] });
    const updated = await updateUserRoles(admin, { userId: viewer.id, roles: ['APPROVER', 'VIEWER'] });
    expect(updated.roles).toEqual(['APPROVER', 'VIEWER']);
    const event = (await auditEvents()).find((e) => e.action === 'user.roles_changed');
    if (!event) throw new Error('no user.roles_changed event');
    expect(event.actorId).toBe(admin.id);
    expect(event.actorEmail).toBe('root@example.com');
    expect(event.details).toEqual({
      userId: viewer.id,
      email: 'viewer@example.com',
      before: ['VIEWER'],
      after: ['APPROVER', 'VIEWER'],
    });
  });

  it('refuses to let the last active admin remove their own Admin role, with a clear message', async () => {
    const before = await snapshot();
    const err = await expectAppError(updateUserRoles(admin, { userId: admin.id, roles: ['VIEWER'] }), 'conflict');
    expect(err.message).toMatch(/last active admin/i);
    expect(await snapshot()).toEqual(before);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).roles).toEqual(['ADMIN']);
  });

  it('allows stepping down when another active admin remains', async () => {
    await makeUser({ email: 'second@example.com', roles: ['ADMIN'] });
    const updated = await updateUserRoles(admin, { userId: admin.id, roles: ['VIEWER'] });
    expect(updated.roles).toEqual(['VIEWER']);
  });

  it('does not count a deactivated admin as a remaining admin', async () => {
    await makeUser({ email: 'dormant@example.com', roles: ['ADMIN'], active: false });
    await expectAppError(updateUserRoles(admin, { userId: admin.id, roles: ['APPROVER'] }), 'conflict');
  });

  it('never lets two admins stepping down at once leave no admin', async () => {
    const second = await makeUser({ email: 'second@example.com', roles: ['ADMIN'] });
    const results = await Promise.allSettled([
      updateUserRoles(admin, { userId: admin.id, roles: ['VIEWER'] }),
      updateUserRoles(second, { userId: second.id, roles: ['VIEWER'] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.user.count({ where: { active: true, roles: { has: 'ADMIN' } } })).toBe(1);
  });

  it('rejects unknown roles and an empty role list', async () => {
    const viewer = await makeUser({ email: 'viewer@example.com' });
    await expectAppError(updateUserRoles(admin, { userId: viewer.id, roles: ['GOD' as never] }), 'validation', 'roles');
    await expectAppError(updateUserRoles(admin, { userId: viewer.id, roles: [] }), 'validation', 'roles');
    await expectAppError(updateUserRoles(admin, { userId: 'nope', roles: ['VIEWER'] }), 'not_found');
  });
});

describe('setUserActive', () => {
  it('deactivates and reactivates with audit events; a deactivated user cannot sign in', async () => {
    const viewer = await makeUser({ email: 'viewer@example.com' });
    expect((await setUserActive(admin, { userId: viewer.id, active: false })).active).toBe(false);
    expect((await authenticate({ email: 'viewer@example.com', password: 'correct horse battery staple' })).ok).toBe(
      false,
    );
    expect((await setUserActive(admin, { userId: viewer.id, active: true })).active).toBe(true);
    expect(await auditActions()).toEqual(expect.arrayContaining(['user.deactivated', 'user.reactivated']));
  });

  it('refuses to deactivate the last active admin (yourself), with a clear message', async () => {
    const before = await snapshot();
    const err = await expectAppError(setUserActive(admin, { userId: admin.id, active: false }), 'conflict');
    expect(err.message).toMatch(/last active admin/i);
    expect(await snapshot()).toEqual(before);
  });

  it('lists users as DTOs without secrets', async () => {
    const users = await listUsers();
    expect(users).toHaveLength(1);
    expect(Object.keys(users[0] ?? {}).sort()).toEqual([
      'active',
      'createdAt',
      'email',
      'id',
      'lastSignInAt',
      'lockedUntil',
      'name',
      'roles',
    ]);
  });
});
