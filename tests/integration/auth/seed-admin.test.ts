import { describe, expect, it } from 'vitest';

// lib/env parses process.env once per module graph: set the seed variables before importing.
process.env.HUBKEEPER_ADMIN_EMAIL = 'Boot.Admin@Example.com';
process.env.HUBKEEPER_ADMIN_PASSWORD = 'boot-admin-password';

const { db } = await import('@/lib/db');
const { seedAdminFromEnv } = await import('@/lib/services/users');
const { authenticate } = await import('@/lib/auth/sign-in');

describe('seedAdminFromEnv', () => {
  it('creates the first admin from the environment once, then leaves users alone', async () => {
    expect(await seedAdminFromEnv()).toBe('created');
    expect(await seedAdminFromEnv()).toBe('exists');
    const users = await db.user.findMany({ select: { email: true, roles: true, active: true } });
    expect(users).toEqual([{ email: 'boot.admin@example.com', roles: ['ADMIN'], active: true }]);
    expect((await authenticate({ email: 'boot.admin@example.com', password: 'boot-admin-password' })).ok).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.created' } });
    expect(event.details).toMatchObject({ via: 'env', roles: ['ADMIN'] });
  });

  it('is safe when several processes seed at once', async () => {
    await db.user.deleteMany();
    const results = await Promise.all([seedAdminFromEnv(), seedAdminFromEnv(), seedAdminFromEnv()]);
    expect(results.filter((r) => r === 'created')).toHaveLength(1);
    expect(await db.user.count()).toBe(1);
  });
});
