import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS as C, type HubEmulator } from '@/emulator';
import { api, exchange, obj, page, START, startTestEmulator } from './helpers';

let emu: HubEmulator;

beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.clock.set(START);
});

const admin = async (path: string, method = 'GET', body?: unknown) => {
  const res = await fetch(`${emu.url}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
};

describe('request log', () => {
  it('records seq, clock time, method, path as received, query, status, caller and body keys', async () => {
    const token = await exchange(emu, C.user, C.pats.admin);
    emu.clock.advance(1_000);
    await api(emu, '/v2/repositories/hubkeeper-demo/web-app/?x=1', {
      method: 'PATCH',
      token,
      body: { description: 'd' },
    });
    const [exchangeEntry, patch] = emu.log;
    expect(exchangeEntry.seq + 1).toBe(patch.seq);
    expect(patch).toEqual({
      seq: patch.seq,
      at: START + 1_000,
      method: 'PATCH',
      path: '/v2/repositories/hubkeeper-demo/web-app/',
      query: { x: '1' },
      status: 200,
      identifier: C.user,
      tokenKind: 'pat',
      bodyKeys: ['description'],
    });
  });

  it('is served and cleared over HTTP; admin calls are not logged', async () => {
    await api(emu, '/v2/users/hubkeeper-demo/');
    const listed = await admin('/log');
    expect((obj(listed.body).entries as unknown[]).length).toBe(1);
    expect((await admin('/log', 'DELETE')).status).toBe(204);
    expect(emu.log).toHaveLength(0);
  });

  it('lets tests assert that no DELETE was sent', async () => {
    const token = await exchange(emu, C.user, C.pats.admin);
    await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/web-app/tags', { token });
    expect(emu.log.some((e) => e.method === 'DELETE')).toBe(false);
  });
});

describe('clock', () => {
  it('GET/POST /__emulator/clock reads, advances and sets the clock', async () => {
    expect(obj((await admin('/clock')).body).now).toBe(START);
    expect(obj((await admin('/clock', 'POST', { advanceMs: 5_000 })).body).now).toBe(START + 5_000);
    expect(obj((await admin('/clock', 'POST', { now: '2026-02-01T00:00:00Z' })).body).now).toBe(
      Date.parse('2026-02-01T00:00:00Z'),
    );
    expect((await admin('/clock', 'POST', {})).status).toBe(400);
  });
});

describe('state helpers', () => {
  it('pushTag creates a tag (and audit event) visible through the API at the current clock', async () => {
    emu.clock.advance(10_000);
    const tag = emu.pushTag('hubkeeper-demo', 'web-app', 'v1.5.0', { architectures: ['amd64', 'arm64'], size: 123 });
    expect(tag.pushedAt).toBe(START + 10_000);
    const token = await exchange(emu, C.user, C.pats.read);
    const first = page(
      (await api(emu, '/v2/namespaces/hubkeeper-demo/repositories/web-app/tags?page_size=1', { token })).body,
    ).results[0];
    expect(first).toMatchObject({
      name: 'v1.5.0',
      full_size: 123,
      media_type: 'application/vnd.oci.image.index.v1+json',
    });
    expect(emu.state.audit[emu.state.audit.length - 1]).toMatchObject({
      action: 'repo.tag.push',
      data: { tag: 'v1.5.0' },
    });
  });

  it('pushTag with a digest re-points a tag (drift); pushing to an unknown repo creates it', async () => {
    emu.pushTag('hubkeeper-demo', 'web-app', 'latest', { digest: 'sha256:' + 'a'.repeat(64) });
    expect(emu.state.getRepo('hubkeeper-demo', 'web-app')?.tags.get('latest')?.digest).toBe('sha256:' + 'a'.repeat(64));
    emu.pushTag('acme', 'brand-new', 'v1');
    expect(emu.state.getRepo('acme', 'brand-new')?.tags.size).toBe(1);
    expect(() => emu.pushTag('ghost', 'x', 'y')).toThrow(/unknown namespace/);
    expect(() => emu.pushTag('hubkeeper-demo', 'docs-site', 'v1.0.0')).toThrow(/immutable/);
  });

  it('POST /__emulator/repositories/{ns}/{repo}/tags/{tag}/push and GET the full repository state', async () => {
    const pushed = await admin('/repositories/acme/frontend/tags/v9.9.9/push', 'POST', { architectures: ['arm64'] });
    expect(pushed.status).toBe(201);
    expect(obj(pushed.body).name).toBe('v9.9.9');
    const state = obj((await admin('/repositories/acme/frontend')).body);
    expect(state.namespace).toBe('acme');
    expect((state.tags as Record<string, unknown>[])[0].name).toBe('v9.9.9');
    expect(state.groupGrants).toEqual({ '7002': 'admin' });
    expect((await admin('/repositories/acme/nope')).status).toBe(404);
  });

  it('addPat registers a usable PAT', async () => {
    const secret = emu.addPat(C.member.user, 'repo:write');
    expect(secret).toMatch(/^dckr_pat_/);
    expect(
      (await api(emu, '/v2/auth/token', { method: 'POST', body: { identifier: C.member.user, secret } })).status,
    ).toBe(200);
    expect(emu.addPat(C.user, 'repo:read', 'dckr_pat_custom')).toBe('dckr_pat_custom');
  });

  it('reset restores the fixture and clears log, faults and rate limits', async () => {
    const token = await exchange(emu, C.user, C.pats.admin);
    await api(emu, '/v2/repositories/hubkeeper-demo/web-app/tags/pr-101/', { method: 'DELETE', token });
    emu.setFaults([{ status: 500 }]);
    expect((await admin('/reset', 'POST')).status).toBe(204);
    expect(emu.log).toHaveLength(0);
    expect(emu.state.getRepo('hubkeeper-demo', 'web-app')?.tags.get('pr-101')).toBeDefined();
    expect((await api(emu, '/v2/users/hubkeeper-demo/')).status).toBe(200);
    expect(obj((await admin('/health')).body).ok).toBe(true);
  });
});
