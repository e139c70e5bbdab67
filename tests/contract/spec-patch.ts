// Small, strict helpers to patch the parsed OpenAPI document. Every accessor throws when the target is missing,
// so a deviation whose target disappears from a newer spec fails loudly instead of silently doing nothing.

export type JsonObject = { [key: string]: unknown };

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Walk nested object keys; throws with the full path when a step is missing. */
export function at(root: JsonObject, ...keys: string[]): JsonObject {
  let node: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    if (!isObject(node) || !isObject(node[keys[i]]))
      throw new Error(`spec patch: missing ${keys.slice(0, i + 1).join(' > ')}`);
    node = node[keys[i]];
  }
  return node as JsonObject;
}

export function schema(spec: JsonObject, name: string): JsonObject {
  return at(spec, 'components', 'schemas', name);
}

export function operation(spec: JsonObject, path: string, method: string): JsonObject {
  return at(spec, 'paths', path, method);
}

/** Every operation of the document, with its path and method. */
export function operations(spec: JsonObject): { path: string; method: string; op: JsonObject }[] {
  const out: { path: string; method: string; op: JsonObject }[] = [];
  for (const [path, item] of Object.entries(at(spec, 'paths'))) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (isObject(op)) out.push({ path, method, op });
    }
  }
  return out;
}

export const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

/** A JSON response entry; `schema` null = a response without body. */
export function response(description: string, body: JsonObject | null): JsonObject {
  return body === null ? { description } : { description, content: { 'application/json': { schema: body } } };
}

export function addResponse(
  op: JsonObject,
  status: number | string,
  description: string,
  body: JsonObject | null,
): void {
  const responses = at(op, 'responses');
  if (responses[String(status)] !== undefined)
    throw new Error(`spec patch: ${String(op.operationId)} already documents ${status}`);
  responses[String(status)] = response(description, body);
}

export function addPath(spec: JsonObject, path: string, item: JsonObject): void {
  const paths = at(spec, 'paths');
  if (paths[path] !== undefined) throw new Error(`spec patch: path ${path} already exists`);
  paths[path] = item;
}

export function addProperty(target: JsonObject, name: string, definition: JsonObject): void {
  const properties = at(target, 'properties');
  if (properties[name] !== undefined) throw new Error(`spec patch: property ${name} already exists`);
  properties[name] = definition;
}

export function replaceProperty(target: JsonObject, name: string, definition: JsonObject): void {
  const properties = at(target, 'properties');
  if (properties[name] === undefined) throw new Error(`spec patch: property ${name} does not exist`);
  properties[name] = definition;
}
