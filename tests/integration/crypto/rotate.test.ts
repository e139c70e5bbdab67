// keys:rotate on a real Postgres: rows move to the active key, old-key-only rings
// stop working, and rows that do not decrypt are reported and left alone.
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import {
  DecryptError,
  Keyring,
  decryptSecret,
  encryptSecret,
  envelopeKeyId,
  hubTokenAad,
  instanceSecretAad,
  secretHint,
  webhookSecretAad,
} from '@/lib/crypto';
import { formatRotationReport, rotateAllSecrets } from '@/lib/crypto/rotate-db';

const K1 = { id: 'k1', key: randomBytes(32) };
const K2 = { id: 'k2', key: randomBytes(32) };
const onlyK1 = new Keyring([K1]);
const onlyK2 = new Keyring([K2]);
const rotating = new Keyring([K2, K1]);

async function seedInstance(name: string, token: string, keyring: Keyring = onlyK1): Promise<string> {
  const id = randomUUID();
  await db.instance.create({
    data: {
      id,
      name,
      username: 'octo',
      encryptedSecret: encryptSecret(token, instanceSecretAad(id), keyring),
      secretHint: secretHint(token),
    },
  });
  return id;
}

async function storedSecrets(): Promise<Map<string, string>> {
  const rows = await db.instance.findMany({ select: { id: true, encryptedSecret: true } });
  return new Map(rows.map((r) => [r.id, r.encryptedSecret]));
}

beforeEach(async () => {
  await db.instance.deleteMany({});
});

describe('rotateAllSecrets', () => {
  it('re-encrypts every stored secret under the active key', async () => {
    const tokens = new Map<string, string>();
    for (const name of ['alpha', 'beta']) {
      const token = `dckr_pat_${name}_${randomBytes(12).toString('hex')}`;
      tokens.set(await seedInstance(name, token), token);
    }
    const [firstId] = [...tokens.keys()];
    if (firstId === undefined) throw new Error('seed failed');
    const jwt = `eyJ.${randomBytes(24).toString('base64url')}`;
    await db.hubTokenCache.create({
      data: {
        instanceId: firstId,
        encryptedToken: encryptSecret(jwt, hubTokenAad(firstId), onlyK1),
        expiresAt: new Date(Date.now() + 600_000),
      },
    });

    const webhookId = randomUUID();
    const signingSecret = `whsec_${randomBytes(16).toString('hex')}`;
    await db.webhookEndpoint.create({
      data: {
        id: webhookId,
        instanceId: firstId,
        url: 'https://hooks.example.test/hubkeeper',
        encryptedSecret: encryptSecret(signingSecret, webhookSecretAad(webhookId), onlyK1),
        secretHint: secretHint(signingSecret),
        events: ['request.created'],
      },
    });

    const report = await rotateAllSecrets(db, rotating);

    expect(report.failed).toEqual([]);
    const [instances, tokenCache, webhooks] = report.tables;
    expect(webhooks).toMatchObject({ table: 'WebhookEndpoint', before: { k1: 1 }, after: { k2: 1 }, reencrypted: 1 });
    const webhook = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: webhookId }, select: { encryptedSecret: true } });
    expect(decryptSecret(webhook.encryptedSecret, webhookSecretAad(webhookId), onlyK2)).toBe(signingSecret);
    expect(instances).toMatchObject({ table: 'Instance', before: { k1: 2 }, after: { k2: 2 }, reencrypted: 2 });
    expect(tokenCache).toMatchObject({ table: 'HubTokenCache', before: { k1: 1 }, after: { k2: 1 }, reencrypted: 1 });
    expect(formatRotationReport(report).split('\n')[0]).toBe(
      'Instance.encryptedSecret  before: k2=0 k1=2 · re-encrypted 2 · after: k2=2',
    );

    const stored = await storedSecrets();
    expect(stored.size).toBe(2);
    for (const [id, envelope] of stored) {
      expect(envelopeKeyId(envelope)).toBe('k2');
      expect(decryptSecret(envelope, instanceSecretAad(id), onlyK2)).toBe(tokens.get(id));
      expect(() => decryptSecret(envelope, instanceSecretAad(id), onlyK1)).toThrow(DecryptError);
    }
    const cached = await db.hubTokenCache.findUniqueOrThrow({
      where: { instanceId: firstId },
      select: { encryptedToken: true },
    });
    expect(decryptSecret(cached.encryptedToken, hubTokenAad(firstId), onlyK2)).toBe(jwt);

    // A second run has nothing to do and leaves the envelopes byte-for-byte alone.
    const again = await rotateAllSecrets(db, rotating);
    expect(again.tables.map((t) => t.reencrypted)).toEqual([0, 0, 0]);
    expect(again.failed).toEqual([]);
    expect(await storedSecrets()).toEqual(stored);
  });

  it('reports rows that do not decrypt by id, leaves them unchanged and rotates the rest', async () => {
    const goodId = await seedInstance('good', 'dckr_pat_good_0123456789');
    const movedId = await seedInstance('moved', 'dckr_pat_moved_0123456789');
    const orphanId = await seedInstance(
      'orphan',
      'dckr_pat_orphan_0123456789',
      new Keyring([{ id: 'k0', key: randomBytes(32) }]),
    );
    const before = await storedSecrets();
    // A ciphertext copied from another row must not decrypt here (AAD binds it to its row).
    const copied = before.get(goodId) ?? '';
    await db.instance.update({ where: { id: movedId }, data: { encryptedSecret: copied } });

    const report = await rotateAllSecrets(db, rotating);

    expect(report.failed).toEqual(
      expect.arrayContaining([
        { table: 'Instance', id: movedId, reason: 'auth_failed' },
        { table: 'Instance', id: orphanId, reason: 'unknown_key' },
      ]),
    );
    expect(report.failed).toHaveLength(2);
    expect(report.tables[0]).toMatchObject({
      before: { k1: 2, k0: 1 },
      after: { k2: 1, k1: 1, k0: 1 },
      reencrypted: 1,
    });
    const text = formatRotationReport(report);
    expect(text).toContain(movedId);
    expect(text).not.toContain('dckr_pat_');

    const after = await storedSecrets();
    expect(envelopeKeyId(after.get(goodId) ?? '')).toBe('k2');
    expect(after.get(movedId)).toBe(copied);
    expect(after.get(orphanId)).toBe(before.get(orphanId));
  });
});
