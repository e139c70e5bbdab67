import 'server-only';

/** Every way a Docker Hub call can fail, as callers need to tell them apart. */
export type HubErrorCode =
  | 'unauthorized'
  | 'pat_not_allowed'
  | 'oat_not_allowed'
  | 'insufficient_scope'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'validation'
  | 'unavailable'
  | 'redirect'
  | 'conflict'
  | 'unexpected';

/** What kind of access a call needs; picks the "which token would work" hint in messages. */
export type HubAccess = 'auth' | 'read' | 'write' | 'grant' | 'org';

/** Describes the call for user-facing messages, e.g. { action: 'delete tag acme/web:old', access: 'write' }. */
export interface HubCallContext {
  action: string;
  access: HubAccess;
}

export interface HubErrorInit {
  code: HubErrorCode;
  message: string;
  status?: number;
  retryAfterMs?: number;
  fieldErrors?: Record<string, string[]>;
  hubMessage?: string;
  maybeApplied?: boolean;
  method?: string;
  path?: string;
  cause?: unknown;
}

/**
 * A failed Docker Hub call. `message` is safe to show to users (plain English, no secrets);
 * `hubMessage` is Hub's own text (redacted). `maybeApplied` is set when a non-idempotent request
 * may have reached Hub before the failure, so the caller must re-check state before retrying.
 */
export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly fieldErrors?: Record<string, string[]>;
  readonly hubMessage?: string;
  readonly maybeApplied?: boolean;
  readonly method?: string;
  readonly path?: string;

  constructor(init: HubErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HubError';
    this.code = init.code;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.fieldErrors !== undefined) this.fieldErrors = init.fieldErrors;
    if (init.hubMessage !== undefined) this.hubMessage = init.hubMessage;
    if (init.maybeApplied !== undefined) this.maybeApplied = init.maybeApplied;
    if (init.method !== undefined) this.method = init.method;
    if (init.path !== undefined) this.path = init.path;
  }

  /** Plain object for structured logs; contains no secrets by construction. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      fieldErrors: this.fieldErrors,
      hubMessage: this.hubMessage,
      maybeApplied: this.maybeApplied,
      method: this.method,
      path: this.path,
    };
  }
}

/** True when `err` is a HubError (optionally with the given code). */
export function isHubError(err: unknown, code?: HubErrorCode): err is HubError {
  return err instanceof HubError && (code === undefined || err.code === code);
}

const TOKEN_PATTERNS: RegExp[] = [
  /dckr_(?:pat|oat)_[A-Za-z0-9_-]+/g,
  /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  /(Bearer|JWT)\s+[A-Za-z0-9._~+/=-]+/gi,
];

/** Removes anything that looks like a token (and the given literal secrets) from `text`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

/** Hub error bodies as seen in the wild: {message, errinfo}, {detail}, {fields, text}, bare text. */
export interface HubErrorBody {
  message?: string;
  detail?: string;
  errinfo?: string;
  text?: string;
  fields?: Record<string, string[]>;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

/** Parses an error body (JSON or text) into the fields the client reads; never throws. */
export function parseErrorBody(raw: string): HubErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    const text = stringOf(raw.slice(0, 500));
    return text === undefined ? {} : { text };
  }
  const obj = asRecord(json);
  if (obj === null) return {};
  const body: HubErrorBody = {};
  const message = stringOf(obj.message);
  if (message !== undefined) body.message = message;
  const detail = stringOf(obj.detail);
  if (detail !== undefined) body.detail = detail;
  const text = stringOf(obj.text);
  if (text !== undefined) body.text = text;
  const errinfo = asRecord(obj.errinfo);
  if (errinfo !== null) {
    const info = stringOf(errinfo.detail) ?? stringOf(errinfo.message);
    if (info !== undefined) body.errinfo = info;
  } else {
    const info = stringOf(obj.errinfo);
    if (info !== undefined) body.errinfo = info;
  }
  const fields = asRecord(obj.fields);
  if (fields !== null) {
    const out: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (Array.isArray(value)) {
        const msgs = value.filter((v): v is string => typeof v === 'string');
        if (msgs.length > 0) out[key] = msgs;
      } else if (typeof value === 'string') {
        out[key] = [value];
      }
    }
    if (Object.keys(out).length > 0) body.fields = out;
  }
  // Django REST style: {"description": ["Ensure this field has no more than 100 characters."]}
  if (body.fields === undefined && body.message === undefined && body.detail === undefined) {
    const out: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(obj)) {
      if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
        out[key] = value as string[];
      }
    }
    if (Object.keys(out).length > 0) body.fields = out;
  }
  return body;
}

/** Hub's own explanation, in the documented reading order: message, detail, errinfo, text. */
export function hubMessageOf(body: HubErrorBody): string | undefined {
  return body.message ?? body.detail ?? body.errinfo ?? body.text;
}

const SCOPE_HINTS: Record<HubAccess, string> = {
  auth: 'Check the identifier and that the token is active and not expired.',
  read: "This token's scope is too low: reading private repositories and tags needs a PAT with Read-only scope or higher, or an OAT with access to the repositories.",
  write:
    "This PAT's scope is too low: updating descriptions and deleting tags needs a PAT with Read, Write & Delete scope.",
  grant:
    "This PAT's scope is too low: granting team access needs a PAT with Read, Write & Delete scope from an organization owner.",
  org: "This token's scope is too low: team and member management needs an organization access token (OAT) with the matching organization scopes.",
};

const UNAUTHORIZED_MESSAGE =
  'Docker Hub rejected the username or token. Check the identifier and that the token is active and not expired.';

/** Builds the "Docker Hub rejected the username or token" error. */
export function unauthorizedError(status = 401, hubMessage?: string): HubError {
  return new HubError({
    code: 'unauthorized',
    message: UNAUTHORIZED_MESSAGE,
    status,
    ...(hubMessage === undefined ? {} : { hubMessage }),
  });
}

function fieldSummary(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .map(([field, msgs]) => `${field}: ${msgs.join(' ')}`)
    .join('; ');
}

/** Builds a validation error for a value we refused before calling Hub. */
export function localValidationError(field: string, message: string): HubError {
  return new HubError({
    code: 'validation',
    message,
    fieldErrors: { [field]: [message] },
  });
}

export interface MapHttpErrorInput {
  status: number;
  body: HubErrorBody;
  context: HubCallContext;
  method: string;
  path: string;
  retryAfterMs?: number;
  secrets?: readonly string[];
}

/** Maps a non-2xx Hub answer to a typed HubError with a safe, actionable message. */
export function mapHttpError(input: MapHttpErrorInput): HubError {
  const { status, context, method, path } = input;
  const secrets = input.secrets ?? [];
  const rawHub = hubMessageOf(input.body);
  const hubMessage = rawHub === undefined ? undefined : redactSecrets(rawHub, secrets);
  const base = {
    status,
    method,
    path,
    ...(hubMessage === undefined ? {} : { hubMessage }),
  };
  const refused = `Docker Hub refused to ${context.action}`;
  const haystack = [input.body.message, input.body.detail, input.body.errinfo, input.body.text]
    .filter((s): s is string => s !== undefined)
    .join(' ')
    .toLowerCase();

  if (status === 401) {
    return new HubError({ ...base, code: 'unauthorized', message: UNAUTHORIZED_MESSAGE });
  }
  if (status === 403) {
    if (haystack.includes('personal access token')) {
      return new HubError({
        ...base,
        code: 'pat_not_allowed',
        message: `${refused}: it does not accept a personal access token (PAT) for this. Connect the organization with an organization access token (OAT) that has the needed scopes.`,
      });
    }
    if (haystack.includes('organization access token')) {
      return new HubError({
        ...base,
        code: 'oat_not_allowed',
        message: `${refused}: this endpoint does not accept an organization access token (OAT). Use a personal access token (PAT) with Read, Write & Delete scope from an account with admin rights on the repository.`,
      });
    }
    if (haystack.includes('insufficient scope') || haystack.includes('insufficient_scope')) {
      return new HubError({
        ...base,
        code: 'insufficient_scope',
        message: `${refused}. ${SCOPE_HINTS[context.access]}`,
      });
    }
    return new HubError({
      ...base,
      code: 'forbidden',
      message: `${refused}: the account behind this token has no permission for it (403).`,
    });
  }
  if (status === 404) {
    return new HubError({
      ...base,
      code: 'not_found',
      message: `Docker Hub could not find what was needed to ${context.action} (404). It may have been deleted or renamed, or this token cannot see it.`,
    });
  }
  if (status === 429) {
    const seconds = input.retryAfterMs === undefined ? undefined : Math.ceil(input.retryAfterMs / 1000);
    return new HubError({
      ...base,
      code: 'rate_limited',
      message:
        seconds === undefined
          ? `Docker Hub is rate-limiting requests; could not ${context.action}. Try again later.`
          : `Docker Hub is rate-limiting requests; could not ${context.action}. Try again in ${seconds} s.`,
      ...(input.retryAfterMs === undefined ? {} : { retryAfterMs: input.retryAfterMs }),
    });
  }
  if (status === 400 || status === 422) {
    const fields = input.body.fields;
    const redactedFields =
      fields === undefined
        ? undefined
        : Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.map((m) => redactSecrets(m, secrets))]));
    const detail = redactedFields !== undefined ? fieldSummary(redactedFields) : (hubMessage ?? 'invalid request');
    return new HubError({
      ...base,
      code: 'validation',
      message: `Docker Hub rejected the request to ${context.action}: ${detail}`,
      fieldErrors: redactedFields ?? { _: [hubMessage ?? 'invalid request'] },
    });
  }
  if (status === 409) {
    return new HubError({
      ...base,
      code: 'conflict',
      message: `Docker Hub reported a conflict while trying to ${context.action}${hubMessage === undefined ? '' : `: ${hubMessage}`}.`,
    });
  }
  if (status >= 500) {
    return unavailableError({
      context,
      method,
      path,
      status,
      maybeApplied: false,
      reason: `HTTP ${status}`,
      ...(hubMessage === undefined ? {} : { hubMessage }),
    });
  }
  return new HubError({
    ...base,
    code: 'unexpected',
    message: `Docker Hub answered ${status} while trying to ${context.action}.`,
  });
}

/** Builds the 'unavailable' error for 5xx, timeouts and network failures. */
export function unavailableError(input: {
  context: HubCallContext;
  method: string;
  path: string;
  reason: string;
  maybeApplied: boolean;
  status?: number;
  hubMessage?: string;
  cause?: unknown;
}): HubError {
  const tail = input.maybeApplied
    ? ' The change may or may not have been applied; check the current state before retrying.'
    : '';
  return new HubError({
    code: 'unavailable',
    message: `Docker Hub did not answer properly while trying to ${input.context.action} (${input.reason}).${tail}`,
    maybeApplied: input.maybeApplied,
    method: input.method,
    path: input.path,
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.hubMessage === undefined ? {} : { hubMessage: input.hubMessage }),
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  });
}

/** Builds the error for a 3xx on a write: Hub redirected and nothing was changed. */
export function redirectError(input: {
  context: HubCallContext;
  method: string;
  path: string;
  status: number;
}): HubError {
  return new HubError({
    code: 'redirect',
    status: input.status,
    method: input.method,
    path: input.path,
    maybeApplied: false,
    message: `Docker Hub redirected the ${input.method} request to ${input.context.action} (${input.status}); nothing was changed.`,
  });
}
