import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { callerIdentifier, resolveBearer, type Caller } from './auth';
import { asObject, type Runtime } from './context';
import type { FaultAction, FaultEngine } from './faults';
import { parseJson, readBody, sleep, writeResult } from './http-io';
import type { RateDecision, RateLimiter } from './rate-limit';
import type { RequestLog } from './request-log';
import {
  HAP429_TEXT,
  hubError,
  legacyError,
  oatNotAllowed,
  patNotAllowed,
  rateLimited,
  unauthorized,
  type HandlerResult,
} from './responses';
import { matchRoute, type RouteMatch } from './router';
import type { RouteDef } from './routes/table';
import type { RequestLogEntry, TokenKind } from './types';

export interface ServerDeps {
  /** Mutable: reset() swaps the state inside it. */
  rt: Runtime;
  faults: FaultEngine;
  limiter: RateLimiter;
  log: RequestLog;
  admin: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
}

/** Families where the old `Authorization: JWT <token>` scheme is honoured. */
const JWT_SCHEME_FAMILIES = new Set<RouteDef['family']>([
  'legacy-repo',
  'repo-groups',
  'current-user',
  'public-account',
]);

const DELETE_TAG_PATH = /^\/v2\/repositories\/([^/]+)\/([^/]+)\/tags\/([^/]+)\/?$/;

/** Build the node:http request listener: log -> latency -> auth -> rate limit -> faults -> route -> write. */
export function createRequestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch(() => {
      if (!res.headersSent) writeResult(res, hubError(500, 'internal emulator error'), {}, false);
      else res.destroy();
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { rt, faults, limiter, log } = deps;
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const pathname = url.pathname;
  if (pathname === '/__emulator' || pathname.startsWith('/__emulator/')) {
    await deps.admin(req, res, url);
    return;
  }

  const entry = log.start({ at: rt.clock.now(), method, path: pathname, query: Object.fromEntries(url.searchParams) });
  const raw = await readBody(req);
  const parsed = parseJson(raw);
  const bodyObject = parsed.ok ? asObject(parsed.value) : null;
  if (bodyObject) entry.bodyKeys = Object.keys(bodyObject);

  const latency = rt.options.latencyMs + faults.latencyFor(method, pathname);
  if (latency > 0) await sleep(latency);

  const now = rt.clock.now();
  const match = matchRoute(method, pathname);
  const family = match.kind === 'route' || match.kind === 'method_not_allowed' ? match.def.family : null;
  const bearer = resolveBearer(
    req.headers.authorization,
    family !== null && JWT_SCHEME_FAMILIES.has(family),
    rt.signer,
    rt.state,
    now,
  );
  const caller: Caller = bearer.ok ? bearer.caller : { kind: 'anonymous' };
  describeCaller(entry, caller, family === 'auth' ? bodyObject : null);

  const rateKey = caller.kind === 'anonymous' ? `ip:${req.socket.remoteAddress ?? '?'}` : rateKeyOf(caller);
  const rate = limiter.consume(rateKey, now);
  const rateHeaders = rateLimitHeaders(rate);
  if (rate.limited) {
    finish(res, entry, rateLimited(rate.retryAfterSeconds, rate.resetEpochSeconds), rateHeaders, method);
    return;
  }

  const fault = faults.decide(method, pathname);
  if (fault && !fault.afterHandler) {
    applyFault(res, entry, fault.action, rateHeaders, method, pathname, now);
    return;
  }

  const baseUrl = `http://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`;
  const result = dispatch(deps, match, {
    method,
    pathname,
    search: url.search,
    query: url.searchParams,
    baseUrl,
    body: parsed,
    bearerOk: bearer.ok,
    caller,
    headers: req.headers,
    now,
  });
  if (fault) {
    applyFault(res, entry, fault.action, rateHeaders, method, pathname, now);
    return;
  }
  finish(res, entry, result, rateHeaders, method);
}

function rateKeyOf(caller: Exclude<Caller, { kind: 'anonymous' }>): string {
  // Password JWTs all carry source "password": key them by user so each account has its own budget.
  return caller.kind === 'password' ? `password|${caller.user.username}` : caller.source;
}

function rateLimitHeaders(rate: RateDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(rate.limit),
    'X-RateLimit-Remaining': String(rate.remaining),
    'X-RateLimit-Reset': String(Math.floor(rate.resetEpochSeconds)),
  };
}

/** Fill identifier/tokenKind: from the JWT, or for token exchanges from the body (never the secret itself). */
function describeCaller(entry: RequestLogEntry, caller: Caller, authBody: Record<string, unknown> | null): void {
  if (caller.kind !== 'anonymous') {
    entry.identifier = callerIdentifier(caller);
    entry.tokenKind = caller.kind;
    return;
  }
  if (!authBody) return;
  const identifier = authBody.identifier ?? authBody.username;
  const secret = authBody.secret ?? authBody.password;
  if (typeof identifier === 'string') entry.identifier = identifier;
  if (typeof secret === 'string') entry.tokenKind = secretKind(secret);
}

function secretKind(secret: string): TokenKind {
  return secret.startsWith('dckr_pat_') ? 'pat' : secret.startsWith('dckr_oat_') ? 'oat' : 'password';
}

function finish(
  res: ServerResponse,
  entry: RequestLogEntry,
  result: HandlerResult,
  headers: Record<string, string>,
  method: string,
): void {
  entry.status = result.status;
  writeResult(res, result, headers, method === 'HEAD');
}

function applyFault(
  res: ServerResponse,
  entry: RequestLogEntry,
  action: FaultAction,
  rateHeaders: Record<string, string>,
  method: string,
  pathname: string,
  now: number,
): void {
  switch (action.kind) {
    case 'reset':
      entry.fault = 'reset';
      entry.status = 0;
      res.socket?.destroy();
      return;
    case 'hap429':
      // The anti-abuse edge answers before the API: bare text, no rate-limit or Retry-After headers.
      entry.fault = 'hap429';
      finish(res, entry, { status: 429, text: HAP429_TEXT }, {}, method);
      return;
    case 'rate_limit': {
      entry.fault = 'rate_limit';
      const resetAt = Math.floor(now / 1000) + action.retryAfterSeconds;
      finish(
        res,
        entry,
        rateLimited(action.retryAfterSeconds, resetAt),
        { ...rateHeaders, 'X-RateLimit-Remaining': '0' },
        method,
      );
      return;
    }
    case 'status':
      entry.fault = 'status';
      finish(res, entry, faultBody(action.status, method, pathname), rateHeaders, method);
      return;
  }
}

/** Injected failure bodies; a failed tag delete looks like hub-feedback#2398 (nested registry error). */
function faultBody(status: number, method: string, pathname: string): HandlerResult {
  const del = method === 'DELETE' ? DELETE_TAG_PATH.exec(pathname) : null;
  if (del) {
    const target = `https://registry-1.docker.io/v2/${del[1]}/${del[2]}/manifests/${del[3]}`;
    return hubError(
      status,
      `Delete "${target}": unexpected status from DELETE request: status=401 Unauthorized, body={"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`,
    );
  }
  return hubError(status, (STATUS_CODES[status] ?? 'error').toLowerCase());
}

interface DispatchInput {
  method: string;
  pathname: string;
  search: string;
  query: URLSearchParams;
  baseUrl: string;
  body: ReturnType<typeof parseJson>;
  bearerOk: boolean;
  caller: Caller;
  headers: IncomingMessage['headers'];
  now: number;
}

/** Path policy, then auth, then token-type policy, then the handler. */
function dispatch(deps: ServerDeps, match: RouteMatch, input: DispatchInput): HandlerResult {
  const { rt } = deps;
  if (match.kind === 'none') return hubError(404, 'not found');
  if (match.kind === 'bad_path') return hubError(400, 'malformed path');
  const { def, hadSlash } = match;

  // Trailing-slash handling comes first, like Django's APPEND_SLASH: nothing runs on the redirect.
  if (def.slash === 'redirect' && !hadSlash) {
    return { status: 301, headers: { Location: `${input.baseUrl}${input.pathname}/${input.search}` } };
  }
  if (def.slash === 'none' && hadSlash) {
    if (rt.options.namespacedTrailingSlash === 301) {
      return { status: 301, headers: { Location: `${input.baseUrl}${input.pathname.slice(0, -1)}${input.search}` } };
    }
    return hubError(404, 'not found');
  }

  // Token exchanges ignore any Authorization header: a client that sends its stale JWT along must still be able
  // to get a fresh one.
  if (!input.bearerOk && def.family !== 'auth') return unauthorized();
  if (def.authRequired && input.caller.kind === 'anonymous') return unauthorized();
  const refused = tokenPolicy(def, input.caller, rt);
  if (refused) return refused;

  if (match.kind === 'method_not_allowed') {
    return {
      ...legacyError(405, `Method "${input.method}" not allowed.`),
      headers: { Allow: match.allowed.join(', ') },
    };
  }
  if (def.family === 'auth' && rt.options.requireContentLength && input.headers['content-length'] === undefined) {
    return hubError(400, 'Content-Length required');
  }
  if (!input.body.ok) return hubError(400, 'invalid JSON body');

  return def.handler({
    rt,
    method: input.method,
    path: input.pathname,
    query: input.query,
    params: match.params,
    body: input.body.value,
    headers: input.headers,
    caller: input.caller,
    baseUrl: input.baseUrl,
    now: input.now,
  });
}

/** The token-type table: which JWT origins each route family refuses, and with which canonical 403. */
function tokenPolicy(def: RouteDef, caller: Caller, rt: Runtime): HandlerResult | null {
  const { kind } = caller;
  switch (def.family) {
    case 'legacy-repo':
      return kind === 'oat' ? oatNotAllowed() : null;
    case 'org-admin':
    case 'audit':
      return kind === 'pat' ? patNotAllowed() : null;
    case 'pat-admin':
      return kind === 'pat' ? patNotAllowed() : kind === 'oat' ? oatNotAllowed() : null;
    case 'repo-groups':
      return kind === 'pat' && rt.options.refusePatOnRepoGroups ? patNotAllowed() : null;
    case 'current-user':
      return kind === 'pat' && rt.options.refusePatOnCurrentUser ? patNotAllowed() : null;
    default:
      return null;
  }
}
