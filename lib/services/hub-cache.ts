import 'server-only';
// Server-side cache of Docker Hub read responses, per instance. Entries live for
// HUBKEEPER_HUB_CACHE_SECONDS and are shared by every user of the instance (Hub answers the same
// for all of them: it only sees the instance's token). One instance never sees another's entries:
// the instance id is the first level of the map, not a key prefix. Concurrent misses for the same
// key share one Hub request (single flight), and a refresh joins a load that is already running
// instead of starting a second one. Failures are never cached.
import { env } from '@/lib/env';

export interface CachedResult<T> {
  value: T;
  /** ms epoch when the value was fetched from Hub. */
  fetchedAt: number;
  /** true when served from an earlier fetch (not loaded for this call). */
  cached: boolean;
}

export interface CacheGetOptions<P> {
  /** Skip a stored value (the "refresh" button); an in-flight load is still joined. */
  refresh?: boolean;
  /** Receives progress reported by the loader (also when joining a load already running). */
  onProgress?: (progress: P) => void;
  /**
   * The instance's configuration version (e.g. its updatedAt). When it differs from the one the
   * stored entries were made under (new token, new namespaces), they are all dropped first.
   */
  generation?: string;
}

interface Entry {
  value?: unknown;
  fetchedAt?: number;
  inflight?: Promise<{ value: unknown; fetchedAt: number }>;
  listeners?: Set<(progress: unknown) => void>;
  lastProgress?: unknown;
}

export interface HubCacheOptions {
  /** Time to live in ms; read on every call so tests and config changes apply at once. */
  ttlMs?: () => number;
  now?: () => number;
  /** Most entries kept per instance (least recently used are dropped first). */
  maxEntriesPerInstance?: number;
}

/** A per-instance TTL cache with single-flight loading. */
export class HubCache {
  private readonly instances = new Map<string, Map<string, Entry>>();
  private readonly generations = new Map<string, string>();
  private readonly ttlMs: () => number;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(options: HubCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? (() => env().HUBKEEPER_HUB_CACHE_SECONDS * 1000);
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntriesPerInstance ?? 500;
  }

  private bucket(instanceId: string): Map<string, Entry> {
    let bucket = this.instances.get(instanceId);
    if (bucket === undefined) {
      bucket = new Map();
      this.instances.set(instanceId, bucket);
    }
    return bucket;
  }

  /**
   * The value for `key` of `instanceId`: from the cache while fresh, otherwise from `load`
   * (which may report progress through its argument).
   */
  async get<T, P = never>(
    instanceId: string,
    key: string,
    load: (report: (progress: P) => void) => Promise<T>,
    options: CacheGetOptions<P> = {},
  ): Promise<CachedResult<T>> {
    if (options.generation !== undefined) {
      const known = this.generations.get(instanceId);
      if (known !== options.generation) {
        if (known !== undefined) this.instances.delete(instanceId);
        this.generations.set(instanceId, options.generation);
      }
    }
    const bucket = this.bucket(instanceId);
    let entry = bucket.get(key);
    const ttl = this.ttlMs();
    if (
      entry !== undefined &&
      options.refresh !== true &&
      entry.fetchedAt !== undefined &&
      ttl > 0 &&
      this.now() - entry.fetchedAt < ttl
    ) {
      // LRU: re-insert so the oldest-used entries are first in iteration order.
      bucket.delete(key);
      bucket.set(key, entry);
      return { value: entry.value as T, fetchedAt: entry.fetchedAt, cached: true };
    }
    if (entry === undefined) {
      entry = {};
      bucket.set(key, entry);
    }
    const target = entry;
    if (options.onProgress !== undefined) {
      const listener = options.onProgress as (progress: unknown) => void;
      (target.listeners ??= new Set()).add(listener);
      if (target.inflight !== undefined && target.lastProgress !== undefined) listener(target.lastProgress);
    }
    if (target.inflight === undefined) {
      const report = (progress: P): void => {
        target.lastProgress = progress;
        for (const listener of target.listeners ?? []) {
          try {
            listener(progress);
          } catch {
            // A listener that fails (e.g. a closed stream) must not break the load for others.
          }
        }
      };
      target.inflight = (async () => {
        try {
          const value = await load(report);
          const fetchedAt = this.now();
          target.value = value;
          target.fetchedAt = fetchedAt;
          return { value: value as unknown, fetchedAt };
        } finally {
          target.inflight = undefined;
          target.listeners = undefined;
          target.lastProgress = undefined;
          if (target.fetchedAt === undefined && bucket.get(key) === target) bucket.delete(key);
          this.trim(bucket);
        }
      })();
    }
    const result = await target.inflight;
    return { value: result.value as T, fetchedAt: result.fetchedAt, cached: false };
  }

  /** The stored value without loading (null when absent or expired). */
  peek<T>(instanceId: string, key: string): CachedResult<T> | null {
    const entry = this.instances.get(instanceId)?.get(key);
    if (entry?.fetchedAt === undefined) return null;
    const ttl = this.ttlMs();
    if (ttl <= 0 || this.now() - entry.fetchedAt >= ttl) return null;
    return { value: entry.value as T, fetchedAt: entry.fetchedAt, cached: true };
  }

  /** Drops the instance's entries (all, or those whose key starts with `prefix`). */
  invalidate(instanceId: string, prefix?: string): void {
    const bucket = this.instances.get(instanceId);
    if (bucket === undefined) return;
    if (prefix === undefined) {
      this.instances.delete(instanceId);
      return;
    }
    for (const key of [...bucket.keys()]) if (key.startsWith(prefix)) bucket.delete(key);
  }

  /** Drops everything (tests). */
  clear(): void {
    this.instances.clear();
    this.generations.clear();
  }

  private trim(bucket: Map<string, Entry>): void {
    const now = this.now();
    const ttl = this.ttlMs();
    // Expired values go first (a 10,000-tag list is megabytes), then the least recently used.
    for (const [key, entry] of bucket) {
      if (entry.inflight === undefined && (entry.fetchedAt === undefined || ttl <= 0 || now - entry.fetchedAt >= ttl)) bucket.delete(key);
    }
    for (const [key, entry] of bucket) {
      if (bucket.size <= this.maxEntries) break;
      if (entry.inflight === undefined) bucket.delete(key);
    }
  }
}

const globalForCache = globalThis as unknown as { hubkeeperHubCache?: HubCache };

/** The process-wide Hub cache. */
export function hubCache(): HubCache {
  globalForCache.hubkeeperHubCache ??= new HubCache();
  return globalForCache.hubkeeperHubCache;
}

/**
 * Forgets everything cached for an instance, e.g. after its token changed or tags were deleted.
 * Other features call this; with `prefix` only matching keys go (see browse.ts cacheKeys).
 */
export function invalidateHubCache(instanceId: string, prefix?: string): void {
  hubCache().invalidate(instanceId, prefix);
}
