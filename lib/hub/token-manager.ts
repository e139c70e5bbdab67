import 'server-only';

import { decodeHubToken } from './jwt';
import type { HubLogger, TokenProvider } from './http';
import type { HubTokenClaims } from './types';

/** Cross-process token cache handed in by the app (Postgres-backed); never sees the PAT. */
export interface TokenStore {
  get(key: string): Promise<{ token: string; expiresAt: number } | null>;
  set(key: string, token: string, expiresAt: number): Promise<void>;
  withExchangeLock?<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

interface TokenEntry {
  token: string;
  /** ms epoch on the client clock */
  expiresAt: number;
  claims: HubTokenClaims;
}

/** Refresh this long before `exp` so a token never expires mid-request. */
export const REFRESH_EARLY_MS = 30_000;
/** When a token has no readable `exp`, assume this lifetime (Hub documents 10 min). */
const FALLBACK_TTL_MS = 5 * 60_000;

// Module-level so every client object for the same instance (same process) shares one token and
// one in-flight exchange.
const cache = new Map<string, TokenEntry>();
const inflight = new Map<string, Promise<TokenEntry>>();

/** Awaits a shared promise, but lets this caller stop waiting when its own signal aborts. */
function waitFor<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Test/ops helper: forget every cached token in this process. */
export function clearTokenCache(): void {
  cache.clear();
}

export interface TokenManagerOptions {
  /** Process-local key: baseUrl + cacheKey + fingerprint of the credentials. */
  memoryKey: string;
  /** Key for the cross-process TokenStore: the instance's cacheKey. */
  storeKey: string;
  store?: TokenStore;
  clock: () => number;
  logger?: HubLogger;
  /** Performs the HTTP exchange and returns the raw JWT. Shared by all waiters, so no caller signal. */
  exchange: () => Promise<string>;
}

/** Hands out bearer tokens: memory cache → TokenStore → one exchange at a time per key. */
export class TokenManager implements TokenProvider {
  constructor(private readonly opts: TokenManagerOptions) {}

  private fresh(entry: { expiresAt: number } | null | undefined): boolean {
    return entry !== null && entry !== undefined && entry.expiresAt - REFRESH_EARLY_MS > this.opts.clock();
  }

  private entryFor(token: string, storedExpiresAt?: number): TokenEntry {
    const decoded = decodeHubToken(token);
    const claims: HubTokenClaims = decoded ?? {
      username: null,
      sourceKind: 'unknown',
      scope: null,
      scopes: [],
      issuedAt: null,
      expiresAt: null,
    };
    const expiresAt = storedExpiresAt ?? claims.expiresAt ?? this.opts.clock() + FALLBACK_TTL_MS;
    return { token, expiresAt, claims };
  }

  /** A valid token (cached, stored, or newly exchanged). */
  async token(signal?: AbortSignal): Promise<string> {
    return (await this.entry(signal)).token;
  }

  /** The claims of the current token, exchanging if needed. */
  async claims(signal?: AbortSignal): Promise<HubTokenClaims> {
    return (await this.entry(signal)).claims;
  }

  /** The current entry, exchanging if needed. */
  async entry(signal?: AbortSignal): Promise<TokenEntry> {
    const cached = cache.get(this.opts.memoryKey);
    if (this.fresh(cached) && cached !== undefined) return cached;
    return waitFor(this.load(null), signal);
  }

  /** Called after Hub answered 401 to `stale`: returns a different, freshly obtained token. */
  async refresh(stale: string, signal?: AbortSignal): Promise<string> {
    const cached = cache.get(this.opts.memoryKey);
    if (cached !== undefined && cached.token !== stale && this.fresh(cached)) return cached.token;
    if (cached?.token === stale) cache.delete(this.opts.memoryKey);
    let entry = await waitFor(this.load(stale), signal);
    // We may have joined an exchange that started before the 401 and read the stale token from
    // the store; go once more, skipping it.
    if (entry.token === stale) {
      cache.delete(this.opts.memoryKey);
      entry = await waitFor(this.load(stale), signal);
    }
    return entry.token;
  }

  /** Drops the cached token for this instance (e.g. after the PAT was replaced). */
  invalidate(): void {
    cache.delete(this.opts.memoryKey);
  }

  private async fromStore(reject: string | null): Promise<TokenEntry | null> {
    const store = this.opts.store;
    if (store === undefined) return null;
    try {
      const stored = await store.get(this.opts.storeKey);
      if (stored === null || stored.token === reject || !this.fresh(stored)) return null;
      return this.entryFor(stored.token, stored.expiresAt);
    } catch (err) {
      this.opts.logger?.warn({ error: err instanceof Error ? err.name : 'unknown' }, 'hub token store read failed');
      return null;
    }
  }

  private load(reject: string | null): Promise<TokenEntry> {
    const key = this.opts.memoryKey;
    const existing = inflight.get(key);
    if (existing !== undefined) return existing;
    const run = async (): Promise<TokenEntry> => {
      const stored = await this.fromStore(reject);
      if (stored !== null) return stored;
      const exchangeAndStore = async (): Promise<TokenEntry> => {
        // Another process may have exchanged while we waited for the lock.
        const again = await this.fromStore(reject);
        if (again !== null) return again;
        const started = performance.now();
        const entry = this.entryFor(await this.opts.exchange());
        this.opts.logger?.info(
          {
            durationMs: Math.round(performance.now() - started),
            source: entry.claims.sourceKind,
            scope: entry.claims.scope,
          },
          'hub token exchanged',
        );
        if (this.opts.store !== undefined) {
          try {
            await this.opts.store.set(this.opts.storeKey, entry.token, entry.expiresAt);
          } catch (err) {
            this.opts.logger?.warn(
              { error: err instanceof Error ? err.name : 'unknown' },
              'hub token store write failed',
            );
          }
        }
        return entry;
      };
      const store = this.opts.store;
      return store?.withExchangeLock !== undefined
        ? store.withExchangeLock<TokenEntry>(this.opts.storeKey, exchangeAndStore)
        : exchangeAndStore();
    };
    const promise = run()
      .then((entry) => {
        cache.set(key, entry);
        return entry;
      })
      .finally(() => {
        inflight.delete(key);
      });
    // Waiters that gave up (aborted) must not turn a failed exchange into an unhandled rejection.
    promise.catch(() => undefined);
    inflight.set(key, promise);
    return promise;
  }
}
