import type { Caller } from './auth';
import type { JwtSigner } from './jwt';
import type { HandlerResult } from './responses';
import type { EmulatorState } from './store';
import type { EmulatorClock } from './types';

/** Options after defaults are applied. */
export interface ResolvedOptions {
  latencyMs: number;
  rateLimitPerMinute: number;
  tokenTtlSeconds: number;
  refusePatOnRepoGroups: boolean;
  refusePatOnCurrentUser: boolean;
  privateRepoStatus: 404 | 403;
  namespacedTrailingSlash: 404 | 301;
  legacyTagOrderingInverted: boolean;
  requireContentLength: boolean;
}

/** What every handler can reach: the live state, the clock, the signer and the options. */
export interface Runtime {
  state: EmulatorState;
  clock: EmulatorClock;
  signer: JwtSigner;
  options: ResolvedOptions;
}

export interface RequestContext {
  rt: Runtime;
  method: string;
  /** Pathname as received. */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  /** Parsed JSON body, undefined when none was sent. */
  body: unknown;
  /** Raw request headers (lower-case keys). */
  headers: Record<string, string | string[] | undefined>;
  caller: Caller;
  /** http://host:port the request was sent to, for absolute next/previous links. */
  baseUrl: string;
  now: number;
}

export type Handler = (ctx: RequestContext) => HandlerResult;

/** A plain JSON object, or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
