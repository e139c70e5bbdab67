import { manualClock, startHubEmulator, type EmulatorOptions, type HubEmulator } from '@/emulator';

/** Fixed clock start for deterministic assertions: 2026-01-15T12:00:00Z. */
export const START = Date.UTC(2026, 0, 15, 12, 0, 0);

export function startTestEmulator(opts: EmulatorOptions = {}): Promise<HubEmulator> {
  return startHubEmulator({ clock: manualClock(START), ...opts });
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, raw text when not JSON, undefined when empty. */
  body: unknown;
  text: string;
}

export interface ApiOptions {
  method?: string;
  token?: string;
  /** Full Authorization header value (overrides token). */
  authorization?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request over real HTTP; redirects are never followed (the 301 itself is what tests look at). */
export async function api(emu: HubEmulator, path: string, opts: ApiOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.authorization) headers.Authorization = opts.authorization;
  else if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${emu.url}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    redirect: 'manual',
  });
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Exchange an identifier/secret for a JWT via POST /v2/auth/token. */
export async function exchange(emu: HubEmulator, identifier: string, secret: string): Promise<string> {
  const res = await api(emu, '/v2/auth/token', { method: 'POST', body: { identifier, secret } });
  if (res.status !== 200) throw new Error(`exchange failed: ${res.status} ${res.text}`);
  return (res.body as { access_token: string }).access_token;
}

/** Decode a JWT payload (no verification; tests only look at claims). */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Narrow an unknown JSON body to a record for property access in assertions. */
export function obj(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`not an object: ${String(value)}`);
  return value as Record<string, unknown>;
}

export interface Page<T = Record<string, unknown>> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export function page(value: unknown): Page {
  return value as Page;
}
