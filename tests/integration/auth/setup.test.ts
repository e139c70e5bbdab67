import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const { db } = await import('@/lib/db');
const { AppError } = await import('@/lib/errors');
const { createFirstAdmin, hasAnyUser } = await import('@/lib/services/users');
const { createFirstAdminAction } = await import('@/app/actions/setup');
const { auditActions, markAudit } = await import('./fixtures');

beforeEach(async () => {
  await db.user.deleteMany();
  await markAudit();
});

describe('first-run setup', () => {
  it('lets exactly one of two simultaneous setups create the first admin', async () => {
    const results = await Promise.allSettled([
      createFirstAdmin({ email: 'one@example.com', name: 'One', password: 'first-admin-pass' }),
      createFirstAdmin({ email: 'two@example.com', name: 'Two', password: 'second-admin-pass' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(AppError);
    expect(lost[0]?.reason).toMatchObject({ code: 'conflict' });
    const users = await db.user.findMany({ select: { roles: true } });
    expect(users).toEqual([{ roles: ['ADMIN'] }]);
    expect(await auditActions()).toEqual(['user.created']);
  });

  it('is closed for good once a user exists', async () => {
    expect(await hasAnyUser()).toBe(false);
    await createFirstAdmin({ email: 'one@example.com', name: 'One', password: 'first-admin-pass' });
    expect(await hasAnyUser()).toBe(true);
    await expect(
      createFirstAdmin({ email: 'late@example.com', name: 'Late', password: 'late-admin-pass' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('the setup action validates fields (password length, confirmation) and refuses once set up', async () => {
    const bad = await createFirstAdminAction({ email: '', name: 'A', password: 'short', confirmPassword: 'other' });
    expect(bad?.validationErrors?.fieldErrors).toMatchObject({
      email: ['Enter an email address'],
      password: ['Use at least 12 characters'],
    });
    const mismatch = await createFirstAdminAction({
      email: 'a@example.com',
      name: 'A',
      password: 'long-enough-pass',
      confirmPassword: 'other',
    });
    expect(mismatch?.validationErrors?.fieldErrors?.confirmPassword).toEqual(['The passwords do not match']);
    expect(await db.user.count()).toBe(0);

    const ok = await createFirstAdminAction({
      email: 'a@example.com',
      name: 'A',
      password: 'long-enough-pass',
      confirmPassword: 'long-enough-pass',
    });
    expect(ok?.data).toEqual({ email: 'a@example.com' });

    const again = await createFirstAdminAction({
      email: 'b@example.com',
      name: 'B',
      password: 'long-enough-pass',
      confirmPassword: 'long-enough-pass',
    });
    expect(again?.serverError).toBe('Hubkeeper is already set up. Sign in instead.');
    expect(await db.user.count()).toBe(1);
  });
});
