// Docker Hub unreachable: DOCKERHUB_API_URL points at a port where nothing listens.
import { describe, expect, it } from 'vitest';
import { createPeople, deadHubUrl, DEFAULT_CREDENTIALS } from './helpers';

process.env.DOCKERHUB_API_URL = await deadHubUrl();
const { db } = await import('@/lib/db');
const svc = await import('@/lib/services/instances');
const { AppError } = await import('@/lib/errors');
const { admin } = await createPeople();
const demo = DEFAULT_CREDENTIALS.user;

describe('Docker Hub unreachable', () => {
  it('refuses to save with a "could not reach" message, and saves nothing', async () => {
    const err = await svc.createInstance(admin, { name: 'Offline', username: demo, secret: DEFAULT_CREDENTIALS.pats.admin }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as InstanceType<typeof AppError>).code).toBe('unavailable');
    expect((err as Error).message).toMatch(/^Could not reach Docker Hub \(127\.0\.0\.1:\d+\) while signing in/);
    expect((err as Error).message).toContain('Nothing was saved.');
    expect((err as Error).message).not.toContain(DEFAULT_CREDENTIALS.pats.admin);
    expect(await db.instance.count()).toBe(0);
  });

  it('saves without checking, and a re-check then records "unreachable"', async () => {
    const dto = await svc.createInstance(admin, { name: 'Offline', username: demo, secret: DEFAULT_CREDENTIALS.pats.admin, skipCheck: true });
    expect(dto.status).toBe('unchecked');
    const result = await svc.recheckInstance(admin, dto.id);
    expect(result.instance.status).toBe('unreachable');
    expect(result.instance.statusMessage).toContain('Could not reach Docker Hub');
    const event = await db.auditEvent.findFirstOrThrow({ where: { instanceId: dto.id, action: 'instance.rechecked' } });
    expect(event.details).toMatchObject({ status: { from: 'unchecked', to: 'unreachable' } });
  });
});
