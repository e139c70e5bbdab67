import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OpenAPIBackend, type AjvCustomizer, type Operation } from 'openapi-backend';
import { parse } from 'yaml';
import { applyDeviations } from './deviations';
import { isObject, type JsonObject } from './spec-patch';

/** CI checks shared/ out beside the clone: <root>/shared/specs and <root>/main (this repo). */
export const SPEC_PATH = path.resolve(__dirname, '../../../shared/specs/dockerhub-openapi.yaml');

/** One request/response pair captured from the emulator. */
export interface Captured {
  label: string;
  method: string;
  /** Pathname as sent (trailing slash included). */
  path: string;
  status: number;
  contentType: string | null;
  text: string;
}

export interface ContractValidator {
  /** Problems with this response (empty = conforms to the patched spec). */
  check(captured: Captured): string[];
  /** operationId the response was matched to, for coverage reporting. */
  operationOf(captured: Captured): string | null;
}

/** Find the response entry for a status: exact code, then NXX, then default. */
function responseFor(op: Operation, status: number): JsonObject | null {
  const responses = isObject(op.responses) ? (op.responses as JsonObject) : {};
  for (const key of [String(status), `${String(status)[0]}XX`, 'default']) {
    const entry = responses[key];
    if (isObject(entry)) return entry;
  }
  return null;
}

/** Collect declared properties, merging allOf; null when the schema declares none (free-form object). */
function declaredProperties(schema: JsonObject): JsonObject | null {
  let props: JsonObject | null = isObject(schema.properties) ? { ...schema.properties } : null;
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) {
      if (!isObject(part)) continue;
      const inner = declaredProperties(part);
      if (inner) props = { ...(props ?? {}), ...inner };
    }
  }
  return props;
}

/**
 * Keys the response has but the (patched) spec does not declare. JSON Schema allows extra keys by default, so
 * without this check an undocumented field could slip in unnoticed; with it, every extra field must be listed
 * as a deviation.
 */
export function unknownKeys(value: unknown, schema: unknown, where: string, out: string[]): void {
  if (!isObject(schema)) return;
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const branches = schema[combinator];
    if (!Array.isArray(branches)) continue;
    const results = branches.map((branch) => {
      const found: string[] = [];
      unknownKeys(value, branch, where, found);
      return found;
    });
    if (!results.some((r) => r.length === 0)) out.push(...(results[0] ?? []));
    return;
  }
  if (Array.isArray(value)) {
    if (isObject(schema.items)) value.forEach((item, i) => unknownKeys(item, schema.items, `${where}[${i}]`, out));
    return;
  }
  if (!isObject(value)) return;
  const props = declaredProperties(schema);
  if (!props) {
    if (isObject(schema.additionalProperties)) {
      for (const [key, item] of Object.entries(value))
        unknownKeys(item, schema.additionalProperties, `${where}.${key}`, out);
    }
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key in props) unknownKeys(item, props[key], `${where}.${key}`, out);
    else if (!schema.additionalProperties) out.push(`${where}.${key} is not declared in the spec`);
  }
}

/** RFC 3339 date-time (what `format: date-time` means in OpenAPI). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Register the formats the spec uses, so date-times are really checked (openapi-backend's Ajv knows none of
 * them and would silently ignore them).
 */
const customizeAjv: AjvCustomizer = (ajv) => {
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  return ajv;
};

/** Load the spec, apply the deviations, and build an openapi-backend validator for responses. */
export async function createContractValidator(): Promise<ContractValidator> {
  const spec = applyDeviations(parse(readFileSync(SPEC_PATH, 'utf8')) as JsonObject);
  // quick mode: skip openapi-backend's definition check. The spec fails it (e.g. responses with both $ref and
  // description, an undefined `BearerAuth` scheme: notes §9), and a failed check would leave no operations at
  // all. Validators are what this test needs; they are compiled from the dereferenced document either way.
  const api = new OpenAPIBackend({
    definition: spec as never,
    strict: true,
    quick: true,
    validate: true,
    customizeAjv,
  });
  await api.init();
  if (api.router.getOperations().length < 50) throw new Error('spec did not load: too few operations');

  const match = (c: Captured): Operation | undefined =>
    api.router.matchOperation({ method: c.method, path: c.path, headers: {}, query: {} });

  return {
    operationOf: (c) => match(c)?.operationId ?? null,
    check(c) {
      const op = match(c);
      if (!op) return [`no spec operation for ${c.method} ${c.path}`];
      const documented = responseFor(op, c.status);
      if (!documented) return [`${op.operationId}: status ${c.status} is not documented`];
      const content = isObject(documented.content) ? documented.content : null;
      const json = content && isObject(content['application/json']) ? content['application/json'] : null;
      if (!json) {
        return c.text === ''
          ? []
          : [`${op.operationId} ${c.status}: the spec declares no body, got ${c.text.slice(0, 80)}`];
      }
      if (!c.contentType?.startsWith('application/json'))
        return [`${op.operationId} ${c.status}: expected JSON, got ${c.contentType}`];
      let body: unknown;
      try {
        body = JSON.parse(c.text);
      } catch {
        return [`${op.operationId} ${c.status}: body is not JSON`];
      }
      const problems: string[] = [];
      const result = api.validateResponse(body, String(op.operationId), c.status);
      for (const e of result.errors ?? [])
        problems.push(`${op.operationId} ${c.status}: ${e.instancePath || '/'} ${e.message ?? ''}`);
      unknownKeys(body, json.schema, `${op.operationId} ${c.status} body`, problems);
      return problems;
    },
  };
}
