import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulatorClock } from './clock';
import type { ResolvedOptions, Runtime } from './context';
import { FaultEngine } from './faults';
import { resolveFixture } from './fixtures';
import { JwtSigner } from './jwt';
import { RateLimiter } from './rate-limit';
import { RequestLog } from './request-log';
import { createAdminHandler } from './routes/admin';
import { createRequestListener } from './server';
import { buildState, type EmulatorState, type PushOptions } from './store';
import type { TagRecord } from './records';
import type { EmulatorClock, EmulatorOptions, FaultRule, PatScope, RequestLogEntry } from './types';

export type { EmulatorState } from './store';
export type * from './types';
export type * from './records';
export { manualClock } from './clock';
export { DEFAULT_CREDENTIALS, DEFAULT_GROUPS, DEFAULT_RECENT_PUSHES, defaultFixture } from './fixtures/default';
export { LARGE_FIXTURE, largeFixture } from './fixtures/large';
export { loadFixtureFile, validateFixture } from './fixtures';

export interface HubEmulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  close(): Promise<void>;
  clock: EmulatorClock;
  /** Live request log (same array for the emulator's lifetime). */
  log: RequestLogEntry[];
  clearLog(): void;
  setFaults(rules: FaultRule[]): void;
  /** Restore fixture state (anchored at the original clock start), clear log, faults and rate limits. */
  reset(): void;
  /** Live in-memory store; replaced by reset(), so read it through this property each time. */
  readonly state: EmulatorState;
  pushTag(ns: string, repo: string, tag: string, opts?: PushOptions): TagRecord;
  addPat(username: string, scope: PatScope, token?: string): string;
  /** Number of successful token exchanges (POST /v2/auth/token and /v2/users/login) in the current log. */
  tokenExchangeCount(): number;
  /** Invalidate every JWT issued so far (rotates the signing key), e.g. to test re-exchange on 401. */
  revokeAllTokens(): void;
  /** Change the per-minute budget at runtime (windows restart). */
  setRateLimit(perMinute: number): void;
}

function resolveOptions(opts: EmulatorOptions): ResolvedOptions {
  return {
    latencyMs: opts.latencyMs ?? 0,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 100_000,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 600,
    refusePatOnRepoGroups: opts.refusePatOnRepoGroups ?? false,
    refusePatOnCurrentUser: opts.refusePatOnCurrentUser ?? false,
    privateRepoStatus: opts.privateRepoStatus ?? 404,
    namespacedTrailingSlash: opts.namespacedTrailingSlash ?? 404,
    legacyTagOrderingInverted: opts.legacyTagOrderingInverted ?? true,
    requireContentLength: opts.requireContentLength ?? false,
  };
}

const EXCHANGE_PATHS = new Set(['/v2/auth/token', '/v2/auth/token/', '/v2/users/login', '/v2/users/login/']);

/** Start a Docker Hub emulator on 127.0.0.1 (random port unless `port` is given). */
export async function startHubEmulator(opts: EmulatorOptions = {}): Promise<HubEmulator> {
  const fixture = resolveFixture(opts.fixture);
  const clock = createEmulatorClock(opts.clock);
  const startMs = clock.now();
  const options = resolveOptions(opts);
  const rt: Runtime = { state: buildState(fixture, startMs, clock.now), clock, signer: new JwtSigner(), options };
  const faults = new FaultEngine();
  faults.set(opts.faults ?? []);
  const limiter = new RateLimiter(options.rateLimitPerMinute);
  const log = new RequestLog();

  const reset = () => {
    rt.state = buildState(fixture, startMs, clock.now);
    log.clear();
    faults.set([]);
    limiter.clear();
  };
  const admin = createAdminHandler({
    log: log.entries,
    clearLog: () => log.clear(),
    getFaults: () => faults.list(),
    setFaults: (rules) => faults.set(rules),
    clock,
    reset,
    get state() {
      return rt.state;
    },
  });

  const server = createServer({ keepAliveTimeout: 30_000 }, createRequestListener({ rt, faults, limiter, log, admin }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    url: `http://${address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    clock,
    log: log.entries,
    clearLog: () => log.clear(),
    setFaults: (rules) => faults.set(rules),
    reset,
    get state() {
      return rt.state;
    },
    pushTag: (ns, repo, tag, pushOpts) => rt.state.pushTag(ns, repo, tag, pushOpts),
    addPat: (username, scope, token) => rt.state.addPat(username, scope, token),
    tokenExchangeCount: () =>
      log.entries.filter((e) => e.method === 'POST' && e.status === 200 && EXCHANGE_PATHS.has(e.path)).length,
    revokeAllTokens: () => rt.signer.rotate(),
    setRateLimit: (perMinute) => {
      limiter.setLimit(perMinute);
      limiter.clear();
    },
  };
}
