import 'server-only';
// Builds Docker Hub clients for instances. This module is the only reader of
// Instance.encryptedSecret (apart from key rotation): it decrypts the PAT/OAT, hands it to
// lib/hub, and gives lib/hub a Postgres-backed TokenStore so every app process shares one JWT
// per instance and only one process at a time exchanges the PAT for a new one.
import { AsyncLocalStorage } from 'node:async_hooks';
import { db, type Db } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/client';
import { decryptSecret, encryptSecret, getKeyring, hubTokenAad, instanceSecretAad } from '@/lib/crypto';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { createHubClient, type HubClient, type HubClientOptions, type TokenStore } from '@/lib/hub';
import { logger } from '@/lib/logger';

type Tx = Prisma.TransactionClient;

// First key of the two-int advisory lock space, so our locks never collide with other features'
// (the audit chain uses the one-bigint form).
const TOKEN_LOCK_SPACE = 0x686b746b; // 'hktk'
// The exchange (with its retries) must finish inside the transaction that holds the lock.
const EXCHANGE_LOCK_TIMEOUT_MS = 120_000;

/** Shared Hub client settings from the environment. */
export function hubClientDefaults(): { baseUrl: string; timeoutMs: number } & Pick<HubClientOptions, 'readConcurrency' | 'writeConcurrency' | 'logger' | 'userAgent'> {
  const e = env();
  return {
    baseUrl: e.DOCKERHUB_API_URL,
    readConcurrency: e.HUBKEEPER_HUB_READ_CONCURRENCY,
    writeConcurrency: e.HUBKEEPER_HUB_WRITE_CONCURRENCY,
    timeoutMs: e.HUBKEEPER_HUB_TIMEOUT_MS,
    logger: logger.child({ component: 'hub' }),
    userAgent: 'hubkeeper',
  };
}

/**
 * A TokenStore backed by HubTokenCache. The JWT is encrypted with hubTokenAad(instanceId).
 * `expectedSecretEnvelope` is the Instance.encryptedSecret the client was built from: a JWT is
 * only written while the instance still holds that secret, so a token obtained with a PAT that
 * was rotated meanwhile is never cached for the new one.
 */
export function createPgTokenStore(options: { expectedSecretEnvelope?: string; client?: Db } = {}): TokenStore {
  const client = options.client ?? db;
  // Inside withExchangeLock, get/set run on the locking transaction (one connection per exchange).
  const lockTx = new AsyncLocalStorage<{ key: string; tx: Tx }>();
  const runner = (key: string): Tx | Db => {
    const held = lockTx.getStore();
    return held !== undefined && held.key === key ? held.tx : client;
  };

  const write = async (tx: Tx, key: string, token: string, expiresAt: number) => {
    if (options.expectedSecretEnvelope !== undefined) {
      // FOR SHARE waits for a concurrent rotation to commit and then re-checks the secret.
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Instance" WHERE id = ${key} AND "encryptedSecret" = ${options.expectedSecretEnvelope} FOR SHARE`;
      if (rows.length === 0) return;
    } else {
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Instance" WHERE id = ${key} FOR SHARE`;
      if (rows.length === 0) return;
    }
    const encryptedToken = encryptSecret(token, hubTokenAad(key), getKeyring());
    const at = new Date(expiresAt);
    await tx.hubTokenCache.upsert({
      where: { instanceId: key },
      create: { instanceId: key, encryptedToken, expiresAt: at },
      update: { encryptedToken, expiresAt: at },
    });
  };

  return {
    async get(key) {
      const row = await runner(key).hubTokenCache.findUnique({
        where: { instanceId: key },
        select: { encryptedToken: true, expiresAt: true },
      });
      if (row === null) return null;
      try {
        return { token: decryptSecret(row.encryptedToken, hubTokenAad(key), getKeyring()), expiresAt: row.expiresAt.getTime() };
      } catch (err) {
        // A cache row we cannot read (e.g. its key was removed) is just a cache miss.
        logger.warn({ instanceId: key, error: err instanceof Error ? err.name : 'unknown' }, 'hub token cache row unreadable');
        return null;
      }
    },
    async set(key, token, expiresAt) {
      const held = lockTx.getStore();
      if (held !== undefined && held.key === key) {
        await write(held.tx, key, token, expiresAt);
        return;
      }
      await client.$transaction((tx) => write(tx, key, token, expiresAt));
    },
    async withExchangeLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
      return client.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TOKEN_LOCK_SPACE}::int, hashtext(${key}))`;
          return lockTx.run({ key, tx }, fn);
        },
        { maxWait: EXCHANGE_LOCK_TIMEOUT_MS, timeout: EXCHANGE_LOCK_TIMEOUT_MS },
      );
    },
  };
}

/** Encrypts a PAT/OAT for Instance.encryptedSecret of instance `instanceId`. */
export function encryptInstanceSecret(instanceId: string, secret: string): string {
  return encryptSecret(secret, instanceSecretAad(instanceId), getKeyring());
}

/** Removes the shared JWT of an instance (after its token was replaced). */
export async function clearStoredHubToken(tx: Tx, instanceId: string): Promise<void> {
  await tx.hubTokenCache.deleteMany({ where: { instanceId } });
}

/** A Hub client for credentials that are not saved yet (health checks); no shared token cache. */
export function createUnsavedHubClient(identifier: string, secret: string, overrides: Partial<HubClientOptions> = {}): HubClient {
  return createHubClient({ ...hubClientDefaults(), identifier, secret, cacheKey: 'health-check', ...overrides });
}

/**
 * The Hub client for an instance: decrypts its token and shares the JWT across processes.
 * Throws AppError('not_found') for an unknown id. Callers authorize first (instances.view or
 * the feature's own permission); the client never leaves the server.
 */
export async function getHubClientForInstance(
  instanceId: string,
  options: { overrides?: Partial<HubClientOptions>; freshToken?: boolean } = {},
): Promise<HubClient> {
  const row = await db.instance.findUnique({
    where: { id: instanceId },
    select: { id: true, username: true, encryptedSecret: true },
  });
  if (row === null) throw new AppError('not_found', 'That Docker Hub instance does not exist (it may have been deleted).');
  let secret: string;
  try {
    secret = decryptSecret(row.encryptedSecret, instanceSecretAad(row.id), getKeyring());
  } catch (err) {
    logger.error({ instanceId, error: err instanceof Error ? err.message : 'unknown' }, 'instance secret could not be decrypted');
    throw new AppError(
      'unavailable',
      "This instance's token cannot be decrypted with the configured encryption keys. Check HUBKEEPER_ENCRYPTION_KEYS, or rotate the instance's token.",
    );
  }
  if (options.freshToken === true) {
    // Health checks must prove the token still works now, not reuse a JWT cached earlier.
    const client = createUnsavedHubClient(row.username, secret, options.overrides);
    client.invalidateToken();
    return client;
  }
  return createHubClient({
    ...hubClientDefaults(),
    identifier: row.username,
    secret,
    cacheKey: row.id,
    tokenStore: createPgTokenStore({ expectedSecretEnvelope: row.encryptedSecret }),
    ...options.overrides,
  });
}

export type AccountProbe = 'exists' | 'missing' | 'unknown';

/**
 * Whether a Docker Hub user (or organisation) exists, asked anonymously. Used only to tell
 * "unknown user" from "wrong token" after Hub refused a token exchange. Adapter: lib/hub has no
 * anonymous call; this sends no credentials, so it cannot leak any.
 */
export async function probeAccount(kind: 'user' | 'org', name: string): Promise<AccountProbe> {
  const { baseUrl, timeoutMs } = hubClientDefaults();
  if (!/^[a-z0-9_-]{1,255}$/.test(name)) return 'unknown';
  const path = kind === 'user' ? `/v2/users/${encodeURIComponent(name)}/` : `/v2/orgs/${encodeURIComponent(name)}`;
  try {
    const res = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, {
      headers: { accept: 'application/json', 'user-agent': 'hubkeeper' },
      signal: AbortSignal.timeout(Math.min(timeoutMs, 10_000)),
      redirect: 'follow',
    });
    await res.body?.cancel();
    if (res.status === 404) return 'missing';
    return res.ok ? 'exists' : 'unknown';
  } catch {
    return 'unknown';
  }
}
