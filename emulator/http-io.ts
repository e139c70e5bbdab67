import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandlerResult } from './responses';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Read the whole request body (bounded: a runaway client must not exhaust memory). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false };

export function parseJson(raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Write a handler result. HEAD, 204 and 301 carry no body. */
export function writeResult(
  res: ServerResponse,
  result: HandlerResult,
  extraHeaders: Record<string, string>,
  isHead: boolean,
): void {
  const headers: Record<string, string> = { ...extraHeaders, ...result.headers };
  let payload: string | undefined;
  const bodyless = isHead || result.status === 204 || result.status === 301 || result.status === 304;
  if (result.text !== undefined) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    payload = result.text;
  } else if (result.rawJson !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = result.rawJson;
  } else if (result.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(result.body);
  }
  if (bodyless) {
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(result.status, headers);
  res.end(payload);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
