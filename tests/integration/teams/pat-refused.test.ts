// Team grants when Docker Hub refuses PAT-derived tokens on POST /v2/repositories/{ns}/{repo}/groups
// (emulator toggle refusePatOnRepoGroups; reports differ on real Hub): the refusal is explained,
// and the grant is retried through the organization's OAT instance when there is one.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createOatInstance, createPatInstance, createPerson, DEFAULT_GROUPS, grantsOf, startHub } from './helpers';

const hub = await startHub({ refusePatOnRepoGroups: true });
const { db } = await import('@/lib/db');
const teams = await import('@/lib/services/teams');
const admin = await createPerson('ADMIN');

afterAll(async () => {
  await hub.close();
});

beforeEach(async () => {
  hub.reset();
  await db.instance.deleteMany({});
});

const groupCalls = () =>
  hub.log.filter((e) => e.path === '/v2/repositories/acme/platform-api/groups').map((e) => [e.tokenKind, e.status]);

describe('grantTeamAccess when Hub refuses PATs for grants', () => {
  it('PAT only: the refusal is explained (add an OAT instance for acme) and audited as failed', async () => {
    const pat = await createPatInstance(admin);
    const before = (await db.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0n;
    hub.clearLog();
    const result = await teams.grantTeamAccess(admin, {
      instanceId: pat.id,
      namespace: 'acme',
      repository: 'platform-api',
      groupId: DEFAULT_GROUPS.qa,
      permission: 'read',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('hub_pat_not_allowed');
    expect(result.problem.explanation).toMatchObject({
      code: 'pat_not_allowed',
      neededKind: 'OAT',
      what: 'Docker Hub refused to grant a team access to acme/platform-api through instance "Demo PAT", which signs in with a personal access token (PAT).',
      link: { href: '/instances/new?kind=OAT&username=acme' },
    });
    expect(result.problem.explanation?.why).toContain(
      'refuses team access grants made with a token issued from a personal access token',
    );
    expect(groupCalls()).toEqual([['pat', 403]]);
    expect(grantsOf(hub, 'acme', 'platform-api')[String(DEFAULT_GROUPS.qa)]).toBeUndefined();
    const events = await db.auditEvent.findMany({ where: { id: { gt: before } } });
    expect(events.map((e) => [e.action, (e.details as { code?: string }).code])).toEqual([
      ['team.access_grant_failed', 'hub_pat_not_allowed'],
    ]);
  });

  it('with an OAT instance: retried through it, the result says so, Hub has the grant, the audit names both', async () => {
    const pat = await createPatInstance(admin);
    const oat = await createOatInstance(admin);
    const before = (await db.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0n;
    hub.clearLog();
    const result = await teams.grantTeamAccess(admin, {
      instanceId: pat.id,
      namespace: 'acme',
      repository: 'platform-api',
      teamName: 'qa',
      permission: 'write',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.grant).toMatchObject({
      groupId: DEFAULT_GROUPS.qa,
      groupName: 'qa',
      permission: 'write',
      via: { id: oat.id, kind: 'OAT' },
    });
    expect(result.grant.retriedAfter?.instance.id).toBe(pat.id);
    expect(result.grant.retriedAfter?.problem.explanation?.fix).toContain(
      'Hubkeeper retries the grant through it automatically.',
    );
    expect(groupCalls()).toEqual([
      ['pat', 403],
      ['oat', 200],
    ]);
    expect(grantsOf(hub, 'acme', 'platform-api')[String(DEFAULT_GROUPS.qa)]).toBe('write');
    const events = await db.auditEvent.findMany({ where: { id: { gt: before } } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'team.access_granted',
      instanceId: oat.id,
      repository: 'acme/platform-api',
    });
    expect(events[0]?.details).toMatchObject({
      requestedFromInstanceId: pat.id,
      via: { id: oat.id },
      retriedAfter: { instanceId: pat.id, code: 'hub_pat_not_allowed' },
    });
  });
});
