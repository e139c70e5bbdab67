import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';

describe('database', () => {
  it('has every migration applied and hides secret columns by default', async () => {
    const instance = await db.instance.create({
      data: { name: 'Production', username: 'acme', encryptedSecret: 'hk1.test.x.y', secretHint: 'abcd' },
    });
    expect(instance).not.toHaveProperty('encryptedSecret');
    const withSecret = await db.instance.findUniqueOrThrow({
      where: { id: instance.id },
      select: { encryptedSecret: true },
    });
    expect(withSecret.encryptedSecret).toBe('hk1.test.x.y');
  });
});
