// Shared setup for the Hub client integration tests: a real emulator over HTTP and client factories.
import { randomUUID } from 'node:crypto';

import {
  DEFAULT_CREDENTIALS,
  startHubEmulator,
  type EmulatorOptions,
  type HubEmulator,
  type RequestLogEntry,
} from '@/emulator';
import { createHubClient, type HubClient, type HubClientOptions } from '@/lib/hub';

export { DEFAULT_CREDENTIALS, DEFAULT_GROUPS } from '@/emulator';

export const USER = DEFAULT_CREDENTIALS.user;
export const ORG = DEFAULT_CREDENTIALS.org;

/** Starts an emulator whose clock is also the clients' clock (so token expiry follows clock.advance). */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<HubEmulator> {
  return startHubEmulator({ fixture: 'default', ...opts });
}

export type Creds = { identifier: string; secret: string };

export const creds = {
  admin: { identifier: USER, secret: DEFAULT_CREDENTIALS.pats.admin },
  write: { identifier: USER, secret: DEFAULT_CREDENTIALS.pats.write },
  read: { identifier: USER, secret: DEFAULT_CREDENTIALS.pats.read },
  inactive: { identifier: USER, secret: DEFAULT_CREDENTIALS.pats.inactive },
  password: { identifier: USER, secret: DEFAULT_CREDENTIALS.password },
  oat: { identifier: ORG, secret: DEFAULT_CREDENTIALS.oat },
} satisfies Record<string, Creds>;

/** A client with fast retries (tests must not wait seconds for back-off) and a fresh cache key. */
export function clientFor(emu: HubEmulator, c: Creds, extra: Partial<HubClientOptions> = {}): HubClient {
  return createHubClient({
    baseUrl: emu.url,
    cacheKey: `test-${randomUUID()}`,
    clock: () => emu.clock.now(),
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    rateLimit: { defaultDelayMs: 200 },
    timeoutMs: 5_000,
    ...c,
    ...extra,
  });
}

/** Log entries of the API (not the token exchange). */
export function apiCalls(emu: HubEmulator, method?: string): RequestLogEntry[] {
  return emu.log.filter(
    (e) =>
      !e.path.startsWith('/v2/auth/') &&
      !e.path.startsWith('/v2/users/login') &&
      (method === undefined || e.method === method),
  );
}

/** Resolves to the thrown error (fails the test if nothing was thrown). */
export async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}
