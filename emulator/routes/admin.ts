import type { IncomingMessage, ServerResponse } from 'node:http';
import { hubTime } from '../clock';
import { asObject } from '../context';
import { parseJson, readBody, writeResult } from '../http-io';
import type { HandlerResult } from '../responses';
import { tagJson } from '../serialize';
import type { EmulatorState } from '../store';
import type { EmulatorClock, FaultRule, RequestLogEntry } from '../types';

/** What the admin API can operate (implemented by the emulator instance). */
export interface AdminControls {
  log: RequestLogEntry[];
  clearLog(): void;
  getFaults(): unknown[];
  setFaults(rules: FaultRule[]): void;
  clock: EmulatorClock;
  reset(): void;
  readonly state: EmulatorState;
}

const bad = (message: string): HandlerResult => ({ status: 400, body: { message, errinfo: {} } });

/** /__emulator/* — test and demo control. Not logged, not rate limited, never faulted. */
export function createAdminHandler(controls: AdminControls) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const parsed = parseJson(await readBody(req));
    const result = parsed.ok
      ? route(controls, (req.method ?? 'GET').toUpperCase(), url.pathname, parsed.value)
      : bad('invalid JSON');
    writeResult(res, result, {}, req.method === 'HEAD');
  };
}

function route(c: AdminControls, method: string, path: string, body: unknown): HandlerResult {
  const sub = path.replace(/^\/__emulator/, '').replace(/\/$/, '');
  if (sub === '/health' && method === 'GET') return { status: 200, body: { ok: true } };
  if (sub === '/log') {
    if (method === 'GET') return { status: 200, body: { entries: c.log } };
    if (method === 'DELETE') {
      c.clearLog();
      return { status: 204 };
    }
  }
  if (sub === '/faults') {
    if (method === 'GET') return { status: 200, body: { rules: c.getFaults() } };
    if (method === 'PUT') {
      const rules = Array.isArray(body) ? body : asObject(body)?.rules;
      if (!Array.isArray(rules)) return bad('expected {rules: FaultRule[]} or FaultRule[]');
      c.setFaults(rules as FaultRule[]);
      return { status: 200, body: { rules: c.getFaults() } };
    }
  }
  if (sub === '/clock') {
    if (method === 'POST') {
      const input = asObject(body) ?? {};
      if (typeof input.advanceMs === 'number') c.clock.advance(input.advanceMs);
      else if (typeof input.now === 'number') c.clock.set(input.now);
      else if (typeof input.now === 'string' && !Number.isNaN(Date.parse(input.now)))
        c.clock.set(Date.parse(input.now));
      else return bad('expected {advanceMs: number} or {now: number | ISO string}');
    }
    if (method === 'GET' || method === 'POST')
      return { status: 200, body: { now: c.clock.now(), iso: hubTime(c.clock.now()) } };
  }
  if (sub === '/reset' && method === 'POST') {
    c.reset();
    return { status: 204 };
  }
  const repoMatch = /^\/repositories\/([^/]+)\/([^/]+)$/.exec(sub);
  if (repoMatch && method === 'GET') {
    const repo = c.state.getRepo(decodeURIComponent(repoMatch[1]), decodeURIComponent(repoMatch[2]));
    if (!repo) return { status: 404, body: { message: 'repository not found', errinfo: {} } };
    const { tags, groupGrants, ...rest } = repo;
    return {
      status: 200,
      body: {
        ...rest,
        groupGrants: Object.fromEntries(groupGrants),
        lastUpdated: c.state.repoLastUpdated(repo),
        tags: tags.sorted('-last_updated'),
      },
    };
  }
  const pushMatch = /^\/repositories\/([^/]+)\/([^/]+)\/tags\/([^/]+)\/push$/.exec(sub);
  if (pushMatch && method === 'POST') {
    const input = asObject(body) ?? {};
    const [ns, name, tagName] = pushMatch.slice(1).map(decodeURIComponent);
    try {
      const tag = c.state.pushTag(ns, name, tagName, {
        digest: typeof input.digest === 'string' ? input.digest : undefined,
        architectures: Array.isArray(input.architectures) ? input.architectures.map(String) : undefined,
        size: typeof input.size === 'number' ? input.size : undefined,
        pusher: typeof input.pusher === 'string' ? input.pusher : undefined,
      });
      const repo = c.state.getRepo(ns, name);
      return { status: 201, body: repo ? tagJson(repo, tag, c.clock.now()) : { name: tag.name } };
    } catch (err) {
      return bad(err instanceof Error ? err.message : 'push failed');
    }
  }
  return { status: 404, body: { message: `no admin route ${method} ${path}`, errinfo: {} } };
}
