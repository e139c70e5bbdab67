import { describe, expect, it } from 'vitest';

import { HubError, mapHttpError, parseErrorBody, redactSecrets, type HubCallContext } from './errors';

const write: HubCallContext = { action: 'delete tag acme/web:old', access: 'write' };
const read: HubCallContext = { action: 'list the tags of acme/web', access: 'read' };
const map = (status: number, raw: string, context: HubCallContext = write, retryAfterMs?: number) =>
  mapHttpError({
    status,
    body: parseErrorBody(raw),
    context,
    method: 'DELETE',
    path: '/v2/x/',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe('parseErrorBody', () => {
  it('reads message, detail, errinfo, fields, text and bare text', () => {
    expect(parseErrorBody('{"message":"unauthorized","errinfo":{}}')).toEqual({ message: 'unauthorized' });
    expect(parseErrorBody('{"detail":"Not found."}')).toEqual({ detail: 'Not found.' });
    expect(parseErrorBody('{"errinfo":{"detail":"upstream said no"},"message":""}')).toEqual({
      errinfo: 'upstream said no',
    });
    expect(
      parseErrorBody('{"fields":{"ordering":["Invalid ordering value"]},"text":"Invalid ordering value"}'),
    ).toEqual({
      text: 'Invalid ordering value',
      fields: { ordering: ['Invalid ordering value'] },
    });
    expect(parseErrorBody('{"description":["Ensure this field has no more than 100 characters."]}')).toEqual({
      fields: { description: ['Ensure this field has no more than 100 characters.'] },
    });
    expect(parseErrorBody('Too Many Requests (HAP429)')).toEqual({ text: 'Too Many Requests (HAP429)' });
    expect(parseErrorBody('')).toEqual({});
  });
});

describe('mapHttpError', () => {
  it('401 -> unauthorized with the fixed message', () => {
    const e = map(401, '{"message":"unauthorized","errinfo":{}}');
    expect(e.code).toBe('unauthorized');
    expect(e.message).toContain('Docker Hub rejected the username or token');
  });

  it('403 variants map by Hub text (message, then detail)', () => {
    expect(map(403, '{"message":"token issued from personal access token is not allowed","errinfo":{}}').code).toBe(
      'pat_not_allowed',
    );
    expect(map(403, '{"detail":"access is forbidden with a JWT issued from a personal access token"}').code).toBe(
      'pat_not_allowed',
    );
    expect(map(403, '{"message":"token issued from organization access token is not allowed","errinfo":{}}').code).toBe(
      'oat_not_allowed',
    );
    expect(map(403, '{"message":"insufficient scope","errinfo":{}}').code).toBe('insufficient_scope');
    expect(map(403, '{"detail":"You do not have permission to perform this action."}').code).toBe('forbidden');
    expect(map(403, '').code).toBe('forbidden');
  });

  it('insufficient scope on a write names the scope that would work', () => {
    const e = map(403, '{"message":"insufficient scope","errinfo":{}}');
    expect(e.message).toContain(
      "This PAT's scope is too low: updating descriptions and deleting tags needs a PAT with Read, Write & Delete scope",
    );
    expect(e.hubMessage).toBe('insufficient scope');
    expect(map(403, '{"message":"insufficient scope"}', read).message).toContain('Read-only');
  });

  it('404, 409, 429, 5xx, other', () => {
    expect(map(404, '{"detail":"Not found."}').code).toBe('not_found');
    expect(map(409, '{"message":"exists"}').code).toBe('conflict');
    const limited = map(429, '{"detail":"Rate limit exceeded","error":false}', write, 120_000);
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterMs).toBe(120_000);
    expect(limited.message).toContain('120 s');
    expect(map(502, 'Bad Gateway').code).toBe('unavailable');
    expect(map(418, '').code).toBe('unexpected');
  });

  it('400 -> validation with fieldErrors (ValueError shape or message)', () => {
    const e = map(
      400,
      '{"fields":{"description":["Ensure this field has no more than 100 characters."]},"text":"bad"}',
    );
    expect(e.code).toBe('validation');
    expect(e.fieldErrors).toEqual({ description: ['Ensure this field has no more than 100 characters.'] });
    expect(e.message).toContain('description: Ensure this field');
    const m = map(400, '{"message":"tag is immutable","errinfo":{}}');
    expect(m.fieldErrors).toEqual({ _: ['tag is immutable'] });
  });

  it('redacts anything token-shaped Hub echoes back', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const e = mapHttpError({
      status: 400,
      body: parseErrorBody(
        JSON.stringify({ message: `bad token ${jwt} / dckr_pat_abcDEF123 / Bearer ${jwt} / hunter2secret` }),
      ),
      context: write,
      method: 'PATCH',
      path: '/v2/x/',
      secrets: ['hunter2secret'],
    });
    const dump = JSON.stringify(e) + e.message + String(e.stack);
    expect(dump).not.toContain(jwt);
    expect(dump).not.toContain('dckr_pat_abcDEF123');
    expect(dump).not.toContain('hunter2secret');
  });
});

describe('redactSecrets', () => {
  it('scrubs literal secrets and token patterns', () => {
    expect(redactSecrets('x dckr_oat_AbC-12 y', [])).toBe('x [redacted] y');
    expect(redactSecrets('password=s3cr3t!', ['s3cr3t!'])).toBe('password=[redacted]');
  });

  it('HubError serialises without a cause chain', () => {
    const e = new HubError({ code: 'unavailable', message: 'm', cause: new Error('c') });
    expect(Object.keys(e.toJSON())).not.toContain('cause');
  });
});
