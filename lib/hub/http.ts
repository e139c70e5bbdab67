import 'server-only';

import type { z } from 'zod';

import { Semaphore, sleep } from './concurrency';
import {
  HubError,
  mapHttpError,
  parseErrorBody,
  redactSecrets,
  redirectError,
  unauthorizedError,
  unavailableError,
  type HubCallContext,
} from './errors';
import { RateLimiter } from './rate-limiter';
import { backoffDelay, parseRateLimitHeaders, parseRetryAfter, type RetryOptions } from './retry';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** pino-compatible subset. Only method, path, status, timing are ever logged, never headers or bodies. */
export interface HubLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export interface RateLimitOptions {
  /** Longest wait we accept for a 429 before surfacing 'rate_limited' instead (default 60 s). */
  maxWaitMs: number;
  /** How many 429s in a row one call absorbs before giving up (default 5). */
  maxRetries: number;
  /** Wait after a bare 429 (e.g. HAP429 text) that carries no Retry-After (default 5 s). */
  defaultDelayMs: number;
  /** Start spreading requests when X-RateLimit-Remaining is at most this (default max(5, 10% of limit)). */
  slowDownAtMost?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { maxWaitMs: 60_000, maxRetries: 5, defaultDelayMs: 5_000 };

/** Supplies bearer tokens; `refresh` is called once after a 401 with the token that failed. */
export interface TokenProvider {
  token(signal?: AbortSignal): Promise<string>;
  refresh(stale: string, signal?: AbortSignal): Promise<string>;
}

/** Shared per instance (baseUrl + cacheKey): caps and rate-limit state span all client objects. */
export interface InstanceState {
  reads: Semaphore;
  writes: Semaphore;
  limiter: RateLimiter;
}

export interface HttpConfig {
  baseUrl: string;
  timeoutMs: number;
  retry: RetryOptions;
  rateLimit: RateLimitOptions;
  clock: () => number;
  userAgent: string;
  logger?: HubLogger;
  /** Literal secrets to scrub from anything that leaves this module. */
  secrets: () => readonly string[];
  random?: () => number;
}

export interface RequestSpec<T> {
  method: HttpMethod;
  /** Already-encoded path starting with /v2/. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  parse: (body: unknown) => T;
  context: HubCallContext;
  /** false for the token exchange itself. */
  auth: boolean;
  /** Treat a non-GET as safe to repeat on 5xx/network errors (true for the token exchange). */
  safeToRetry?: boolean;
  /** 'none' skips the read/write semaphores (used for the token exchange). */
  lane?: 'read' | 'write' | 'none';
  signal?: AbortSignal;
}

export interface HubResponse<T> {
  status: number;
  data: T;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

/** Returns a zod-based parser that turns a shape mismatch into an 'unexpected' HubError. */
export function withSchema<S extends z.ZodType>(schema: S, what: string): (body: unknown) => z.output<S> {
  return (body) => {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new HubError({
      code: 'unexpected',
      message: `Docker Hub answered with data the client does not understand (${what}).`,
      hubMessage: where,
    });
  };
}

/** Ignores the body (204 and friends). */
export const ignoreBody = (): undefined => undefined;

/**
 * The one place that talks HTTP to Hub: timeouts, per-instance caps, rate-limit gate, 429 waits
 * for every method, back-off retries for idempotent calls only, a single token refresh on 401,
 * and mapping of failures to HubError.
 */
export class HubHttp {
  constructor(
    private readonly config: HttpConfig,
    private readonly state: InstanceState,
    private tokens: TokenProvider | null,
  ) {}

  /** Wires the token provider after construction (it needs this transport for the exchange). */
  setTokenProvider(tokens: TokenProvider): void {
    this.tokens = tokens;
  }

  /** Builds the absolute URL for a path and query (query values are encoded here). */
  url(path: string, query?: RequestSpec<unknown>['query']): string {
    const url = new URL(this.config.baseUrl.replace(/\/+$/, '') + path);
    if (query !== undefined) {
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined) url.searchParams.set(key, String(value));
      }
    }
    return url.toString();
  }

  private log(level: 'debug' | 'info' | 'warn', obj: Record<string, unknown>, msg: string): void {
    this.config.logger?.[level](obj, msg);
  }

  /** Performs one logical call (with its retries) and returns the parsed body. */
  async request<T>(spec: RequestSpec<T>): Promise<HubResponse<T>> {
    const { method, context } = spec;
    const idempotent = method === 'GET' || method === 'HEAD' || spec.safeToRetry === true;
    const url = this.url(spec.path, spec.query);
    const logPath = url.slice(url.indexOf('/v2/'));
    const lane = spec.lane ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'write');
    const semaphore = lane === 'read' ? this.state.reads : lane === 'write' ? this.state.writes : null;
    const bodyText = spec.body === undefined ? undefined : JSON.stringify(spec.body);

    let failures = 0;
    let rateLimited = 0;
    let refreshed = false;

    for (;;) {
      const release = semaphore === null ? null : await semaphore.acquire(spec.signal);
      let token: string | null = null;
      let res: Response;
      let text: string;
      const started = performance.now();
      try {
        await this.state.limiter.acquire(spec.signal, this.config.rateLimit.slowDownAtMost);
        if (spec.auth) {
          if (this.tokens === null) throw new Error('HubHttp used without a token provider');
          token = await this.tokens.token(spec.signal);
        }
        const headers: Record<string, string> = {
          Accept: 'application/json',
          'User-Agent': this.config.userAgent,
        };
        if (bodyText !== undefined) headers['Content-Type'] = 'application/json';
        if (token !== null) headers.Authorization = `Bearer ${token}`;
        const timeout = AbortSignal.timeout(this.config.timeoutMs);
        const signal = spec.signal === undefined ? timeout : AbortSignal.any([timeout, spec.signal]);
        try {
          res = await fetch(url, {
            method,
            headers,
            ...(bodyText === undefined ? {} : { body: bodyText }),
            redirect: method === 'GET' || method === 'HEAD' ? 'follow' : 'manual',
            signal,
          });
          text = method === 'HEAD' ? '' : await res.text();
        } catch (err) {
          if (spec.signal?.aborted) throw spec.signal.reason;
          if (err instanceof HubError) throw err;
          const code = errorCode(err);
          const timedOut = errorName(err) === 'TimeoutError' || timeout.aborted;
          const notSent = code !== undefined && NOT_SENT_CODES.has(code);
          const reason = timedOut
            ? `no answer within ${this.config.timeoutMs} ms`
            : `network error${code === undefined ? '' : ` ${code}`}`;
          failures += 1;
          const durationMs = Math.round(performance.now() - started);
          this.log(
            'warn',
            { method, path: logPath, error: code ?? errorName(err), durationMs, attempt: failures },
            'hub request failed',
          );
          if ((idempotent || notSent) && failures < this.config.retry.maxAttempts) {
            release?.();
            await sleep(backoffDelay(failures, this.config.retry, this.config.random), spec.signal);
            continue;
          }
          // Keep a cause for diagnostics, but a fresh one: no request objects, no headers.
          const cause = new Error(
            redactSecrets(
              `${code ?? errorName(err)}: ${err instanceof Error ? err.message : String(err)}`,
              this.config.secrets(),
            ),
          );
          throw unavailableError({
            context,
            method,
            path: logPath,
            reason,
            maybeApplied: !idempotent && !notSent,
            cause,
          });
        }
      } finally {
        release?.();
      }

      const durationMs = Math.round(performance.now() - started);
      const clockNow = this.config.clock();
      const status = res.status;
      const budget = parseRateLimitHeaders(res.headers, clockNow);
      // On a 429, Retry-After is the authority; its X-RateLimit-* may describe a longer window.
      if (status !== 429) this.state.limiter.observe(budget, clockNow);
      this.log(status >= 400 ? 'info' : 'debug', { method, path: logPath, status, durationMs }, 'hub request');

      if (status >= 200 && status < 300) {
        let json: unknown;
        if (text.trim() !== '') {
          try {
            json = JSON.parse(text);
          } catch {
            throw new HubError({
              code: 'unexpected',
              status,
              method,
              path: logPath,
              message: `Docker Hub answered with something that is not JSON while trying to ${context.action}.`,
            });
          }
        }
        return { status, data: spec.parse(json) };
      }

      if (status === 401 && spec.auth && token !== null && !refreshed && this.tokens !== null) {
        refreshed = true;
        this.log('info', { method, path: logPath, status }, 'hub token rejected; refreshing once');
        await this.tokens.refresh(token, spec.signal);
        continue;
      }

      if (status === 429) {
        const untilReset =
          budget.remaining === 0 && budget.resetAtMs !== null ? Math.max(0, budget.resetAtMs - clockNow) : null;
        // Bare 429s (the HAP429 anti-abuse edge) say nothing: back off by the configured default.
        const delay = parseRetryAfter(res.headers, clockNow) ?? untilReset ?? this.config.rateLimit.defaultDelayMs;
        rateLimited += 1;
        if (delay > this.config.rateLimit.maxWaitMs || rateLimited > this.config.rateLimit.maxRetries) {
          throw mapHttpError({
            status,
            body: parseErrorBody(text),
            context,
            method,
            path: logPath,
            retryAfterMs: delay,
            secrets: this.config.secrets(),
          });
        }
        this.log('warn', { method, path: logPath, status, waitMs: delay }, 'hub rate limit; waiting');
        this.state.limiter.block(delay);
        continue;
      }

      if (status >= 300 && status < 400) {
        // Only non-GETs get here (GETs follow). Never re-send a write to another URL: fetch
        // would turn it into a GET and report success while nothing changed (notes §1).
        throw redirectError({ context, method, path: logPath, status });
      }

      if (status >= 500) {
        failures += 1;
        if (idempotent && failures < this.config.retry.maxAttempts) {
          await sleep(backoffDelay(failures, this.config.retry, this.config.random), spec.signal);
          continue;
        }
        const body = parseErrorBody(text);
        const hub = body.message ?? body.detail ?? body.errinfo ?? body.text;
        throw unavailableError({
          context,
          method,
          path: logPath,
          status,
          reason: `HTTP ${status}`,
          maybeApplied: !idempotent,
          ...(hub === undefined ? {} : { hubMessage: redactSecrets(hub, this.config.secrets()) }),
        });
      }

      if (status === 401) {
        const hub = parseErrorBody(text);
        const msg = hub.message ?? hub.detail;
        throw unauthorizedError(401, msg === undefined ? undefined : redactSecrets(msg, this.config.secrets()));
      }

      throw mapHttpError({
        status,
        body: parseErrorBody(text),
        context,
        method,
        path: logPath,
        secrets: this.config.secrets(),
      });
    }
  }
}
