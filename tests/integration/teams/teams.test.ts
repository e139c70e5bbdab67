// Teams, members, team access grants and Hub's audit log against the real emulator (default fixture:
// PAT JWTs are refused on organization endpoints, accepted on team grants) and a real database.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createOatInstance,
  createPatInstance,
  createPerson,
  DEFAULT_CREDENTIALS,
  DEFAULT_GROUPS,
  grantsOf,
  startHub,
} from './helpers';

const hub = await startHub();
const { db } = await import('@/lib/db');
const teams = await import('@/lib/services/teams');
const hubAudit = await import('@/lib/services/hub-audit');
const { AppError } = await import('@/lib/errors');
const admin = await createPerson('ADMIN');
const viewer = await createPerson('VIEWER');
const approver = await createPerson('APPROVER');

afterAll(async () => {
  await hub.close();
});

beforeEach(async () => {
  hub.reset();
  await db.instance.deleteMany({});
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('instance lookups', () => {
  it('patInstanceForNamespace and oatInstanceForOrg find the instance of the right kind', async () => {
    expect(await teams.patInstanceForNamespace('acme')).toBeNull();
    expect(await teams.oatInstanceForOrg('acme')).toBeNull();
    const pat = await createPatInstance(admin);
    const oat = await createOatInstance(admin);
    expect(await teams.patInstanceForNamespace('acme')).toEqual({
      id: pat.id,
      name: 'Demo PAT',
      kind: 'PAT',
      username: 'hubkeeper-demo',
    });
    expect(await teams.patInstanceForNamespace('hubkeeper-demo')).toMatchObject({ id: pat.id });
    expect(await teams.oatInstanceForOrg('acme')).toEqual({
      id: oat.id,
      name: 'Acme OAT',
      kind: 'OAT',
      username: 'acme',
    });
    expect(await teams.oatInstanceForOrg('hubkeeper-demo')).toBeNull();
    expect(await teams.patInstanceForNamespace('acme', { excludeId: pat.id })).toBeNull();
  });

  it('prefers a PAT that can write over a read-only one', async () => {
    await createPatInstance(admin, { name: 'A read-only', secret: DEFAULT_CREDENTIALS.pats.read });
    const writer = await createPatInstance(admin, { name: 'Z admin' });
    expect((await teams.patInstanceForNamespace('acme'))?.id).toBe(writer.id);
  });
});

describe('teams and members', () => {
  it('lists teams, team members and org members through an OAT instance', async () => {
    const oat = await createOatInstance(admin);
    const listed = await teams.listTeams(viewer, oat.id);
    expect(listed.source).toMatchObject({ org: 'acme', via: { id: oat.id }, note: null });
    expect(listed.teams.map((t) => [t.name, t.id])).toEqual([
      ['developers', DEFAULT_GROUPS.developers],
      ['owners', DEFAULT_GROUPS.owners],
      ['qa', DEFAULT_GROUPS.qa],
      ['release-managers', DEFAULT_GROUPS.releaseManagers],
    ]);

    const developers = await teams.listTeamMembers(viewer, oat.id, { team: 'developers' });
    expect(developers.members.map((m) => m.username)).toEqual(expect.arrayContaining(['sam-dev', 'riley-ops']));

    const members = await teams.listOrgMembers(viewer, oat.id);
    const byName = Object.fromEntries(members.members.map((m) => [m.username, m]));
    expect(byName['hubkeeper-demo']?.role).toBe('Owner');
    expect(byName['lee-editor']?.role).toBe('Editor');
    expect(byName['sam-dev']).toMatchObject({ role: 'Member', teams: ['developers'] });
    expect(
      hub.log
        .filter((e) => e.path.startsWith('/v2/orgs/acme/'))
        .every((e) => e.tokenKind === 'oat' && e.status === 200),
    ).toBe(true);
  });

  it('with only a PAT instance, Hub refuses and the refusal is explained (needs an OAT instance for acme)', async () => {
    const pat = await createPatInstance(admin);
    for (const [call, feature] of [
      [() => teams.listTeams(viewer, pat.id, { org: 'acme' }), 'list the teams of acme'],
      [() => teams.listOrgMembers(viewer, pat.id), 'list the members of acme'],
    ] as const) {
      const err = await failure(call());
      expect(teams.isExplainedHubError(err)).toBe(true);
      if (!teams.isExplainedHubError(err)) continue;
      expect(err.code).toBe('hub_pat_not_allowed');
      expect(err.explanation).toMatchObject({
        code: 'pat_not_allowed',
        neededKind: 'OAT',
        what: `Docker Hub refused to ${feature} through instance "Demo PAT", which signs in with a personal access token (PAT).`,
        link: { href: '/instances/new?kind=OAT&username=acme', label: 'Add an OAT instance for acme' },
      });
    }
    expect(hub.log.some((e) => e.path === '/v2/orgs/acme/groups' && e.status === 403 && e.tokenKind === 'pat')).toBe(
      true,
    );
    expect(hub.log.some((e) => e.path === '/v2/orgs/acme/members' && e.status === 403)).toBe(true);
  });

  it('a PAT instance reads through the OAT instance of the same organization once there is one', async () => {
    const pat = await createPatInstance(admin);
    const oat = await createOatInstance(admin);
    hub.clearLog();
    const listed = await teams.listOrgMembers(viewer, pat.id);
    expect(listed.source).toMatchObject({ org: 'acme', requested: { id: pat.id }, via: { id: oat.id } });
    expect(listed.source.note).toContain('Read through instance "Acme OAT"');
    expect(listed.members.length).toBeGreaterThan(3);
    expect(hub.log.filter((e) => e.path === '/v2/orgs/acme/members').map((e) => e.tokenKind)).toEqual(['oat']);
  });

  it('refuses an organization the instance does not manage, and people without access', async () => {
    const pat = await createPatInstance(admin);
    const err = await failure(teams.listTeams(viewer, pat.id, { org: 'someone-else' }));
    expect(err).toBeInstanceOf(AppError);
    expect((err as InstanceType<typeof AppError>).code).toBe('validation');
    expect(((await failure(teams.listTeams(null, pat.id))) as InstanceType<typeof AppError>).code).toBe('forbidden');
    expect(((await failure(teams.listTeams(viewer, 'nope'))) as InstanceType<typeof AppError>).code).toBe('not_found');
  });
});

describe('grantTeamAccess', () => {
  it('PAT only: the picker explains that naming teams needs an OAT instance; a typed id is granted through the PAT and audited', async () => {
    const pat = await createPatInstance(admin);
    const options = await teams.getGrantOptions(admin, pat.id, 'acme');
    expect(options).toMatchObject({ via: { id: pat.id, kind: 'PAT' }, teamSource: null, teams: null });
    expect(options.teamsProblem?.explanation).toMatchObject({
      title: 'Needs an OAT instance for acme',
      neededKind: 'OAT',
    });
    expect(options.teamsProblem?.explanation?.what).toBe(
      'To list the teams of acme, Hubkeeper needs an instance that signs in with an organization access token (OAT), and it has none for acme.',
    );

    const result = await teams.grantTeamAccess(admin, {
      instanceId: pat.id,
      namespace: 'acme',
      repository: 'data-pipeline',
      groupId: String(DEFAULT_GROUPS.qa),
      permission: 'read',
    });
    expect(result).toMatchObject({
      ok: true,
      grant: {
        groupId: DEFAULT_GROUPS.qa,
        groupName: 'qa',
        permission: 'read',
        via: { id: pat.id },
        retriedAfter: null,
        teamResolvedBy: 'id',
      },
    });
    expect(grantsOf(hub, 'acme', 'data-pipeline')).toEqual({ [DEFAULT_GROUPS.qa]: 'read' });
    expect(
      hub.log
        .filter((e) => e.path === '/v2/repositories/acme/data-pipeline/groups')
        .map((e) => [e.tokenKind, e.status]),
    ).toEqual([['pat', 200]]);

    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: 'team.access_granted' },
      orderBy: { id: 'desc' },
    });
    expect(event).toMatchObject({ actorId: admin.id, instanceId: pat.id, repository: 'acme/data-pipeline' });
    expect(event.details).toMatchObject({
      groupId: DEFAULT_GROUPS.qa,
      groupName: 'qa',
      permission: 'read',
      teamResolvedBy: 'id',
      via: { id: pat.id, kind: 'PAT' },
    });
    expect(JSON.stringify(event.details)).not.toContain('dckr_');
  });

  it('with an OAT instance, teams are picked by name; write goes through the PAT and shows in Hub', async () => {
    const pat = await createPatInstance(admin);
    const oat = await createOatInstance(admin);
    const options = await teams.getGrantOptions(admin, pat.id, 'acme');
    expect(options.teamSource?.id).toBe(oat.id);
    expect(options.teams?.map((t) => t.name)).toContain('developers');

    const result = await teams.grantTeamAccess(admin, {
      instanceId: pat.id,
      namespace: 'acme',
      repository: 'data-pipeline',
      teamName: 'Developers',
      permission: 'write',
    });
    expect(result).toMatchObject({
      ok: true,
      grant: {
        groupId: DEFAULT_GROUPS.developers,
        groupName: 'developers',
        permission: 'write',
        via: { id: pat.id },
        teamResolvedBy: 'name',
      },
    });
    expect(grantsOf(hub, 'acme', 'data-pipeline')).toEqual({ [DEFAULT_GROUPS.developers]: 'write' });
    const hubkeeper = await hubAudit.listHubkeeperAuditEvents(viewer, oat.id, { org: 'acme' });
    expect(hubkeeper[0]).toMatchObject({ action: 'team.access_granted', repository: 'acme/data-pipeline' });
    expect(hubkeeper[0]?.summary).toBe('developers (7002): write granted via Demo PAT');
  });

  it('on an OAT instance page the grant is sent through the PAT instance of the namespace', async () => {
    const pat = await createPatInstance(admin);
    const oat = await createOatInstance(admin);
    const options = await teams.getGrantOptions(admin, oat.id, 'acme');
    expect(options.via.id).toBe(pat.id);
    expect(options.viaNote).toContain('the PAT instance for acme');
    const result = await teams.grantTeamAccess(admin, {
      instanceId: oat.id,
      namespace: 'acme',
      repository: 'sandbox',
      teamName: 'qa',
      permission: 'admin',
    });
    expect(result).toMatchObject({ ok: true, grant: { via: { id: pat.id } } });
    expect(grantsOf(hub, 'acme', 'sandbox')).toEqual({ [DEFAULT_GROUPS.qa]: 'admin' });
  });

  it('Hub refusals come back explained and audited: unknown team, low PAT scope', async () => {
    const pat = await createPatInstance(admin);
    const before = (await db.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0n;
    const unknown = await teams.grantTeamAccess(admin, {
      instanceId: pat.id,
      namespace: 'acme',
      repository: 'sandbox',
      groupId: 999999,
      permission: 'read',
    });
    expect(unknown).toMatchObject({ ok: false, problem: { code: 'hub_not_found', explanation: null } });

    const readOnly = await createPatInstance(admin, { name: 'Read only', secret: DEFAULT_CREDENTIALS.pats.read });
    const low = await teams.grantTeamAccess(admin, {
      instanceId: readOnly.id,
      namespace: 'acme',
      repository: 'sandbox',
      groupId: DEFAULT_GROUPS.qa,
      permission: 'read',
    });
    expect(low.ok).toBe(false);
    if (low.ok) return;
    expect(low.problem.code).toBe('hub_insufficient_scope');
    expect(low.problem.explanation).toMatchObject({
      code: 'insufficient_scope',
      neededKind: 'PAT',
      neededScope: 'Read, Write & Delete (repo:admin)',
    });
    expect(low.problem.explanation?.what).toContain('(its scope is repo:read)');
    expect(low.problem.explanation?.fix).toContain('or use instance "Demo PAT", which has enough scope.');
    expect(grantsOf(hub, 'acme', 'sandbox')).toEqual({});

    const failed = await db.auditEvent.findMany({
      where: { id: { gt: before }, action: 'team.access_grant_failed' },
      orderBy: { id: 'asc' },
    });
    expect(failed.map((e) => (e.details as { code: string }).code)).toEqual([
      'hub_not_found',
      'hub_insufficient_scope',
    ]);
  });

  it('refuses a team name without an OAT instance, a namespace the instance does not manage, and non-admins', async () => {
    const before = (await db.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0n;
    const pat = await createPatInstance(admin);
    const byName = await failure(
      teams.grantTeamAccess(admin, {
        instanceId: pat.id,
        namespace: 'acme',
        repository: 'sandbox',
        teamName: 'qa',
        permission: 'read',
      }),
    );
    expect((byName as InstanceType<typeof AppError>).fieldErrors?.teamName).toEqual(['Type the team id instead.']);
    const oat = await createOatInstance(admin);
    const noSuchTeam = await failure(
      teams.grantTeamAccess(admin, {
        instanceId: oat.id,
        namespace: 'acme',
        repository: 'sandbox',
        teamName: 'nobody',
        permission: 'read',
      }),
    );
    expect(noSuchTeam.message).toBe('acme has no team named "nobody".');
    const otherNs = await failure(
      teams.grantTeamAccess(admin, {
        instanceId: oat.id,
        namespace: 'hubkeeper-demo',
        repository: 'web-app',
        groupId: 1,
        permission: 'read',
      }),
    );
    expect((otherNs as InstanceType<typeof AppError>).code).toBe('validation');
    for (const who of [viewer, approver]) {
      const err = await failure(
        teams.grantTeamAccess(who, {
          instanceId: pat.id,
          namespace: 'acme',
          repository: 'sandbox',
          groupId: 7003,
          permission: 'read',
        }),
      );
      expect((err as InstanceType<typeof AppError>).code).toBe('forbidden');
    }
    expect(await db.auditEvent.count({ where: { id: { gt: before }, action: { startsWith: 'team.' } } })).toBe(0);
    expect(grantsOf(hub, 'acme', 'sandbox')).toEqual({});
  });
});

describe("Hub's audit log", () => {
  it('reads events through the OAT instance, with filters; shows the grant Hub recorded', async () => {
    const pat = await createPatInstance(admin);
    const oat = await createOatInstance(admin);
    await teams.grantTeamAccess(admin, {
      instanceId: pat.id,
      namespace: 'acme',
      repository: 'data-pipeline',
      teamName: 'developers',
      permission: 'write',
    });

    const all = await hubAudit.listHubAuditEvents(viewer, oat.id, {});
    expect(all.source.via.id).toBe(oat.id);
    expect(all.events.length).toBeGreaterThan(0);
    expect(all.pageSize).toBe(25);

    const updates = await hubAudit.listHubAuditEvents(viewer, pat.id, { action: 'repo.update' });
    expect(updates.source).toMatchObject({ requested: { id: pat.id }, via: { id: oat.id } });
    expect(updates.events.length).toBeGreaterThan(0);
    expect(updates.events.every((e) => e.action === 'repo.update')).toBe(true);
    expect(updates.events.some((e) => e.name.includes('data-pipeline') && e.actor === 'hubkeeper-demo')).toBe(true);

    const pushes = await hubAudit.listHubAuditEvents(viewer, oat.id, {
      action: 'repo.tag.push',
      actor: 'nobody-at-all',
    });
    expect(pushes.events).toEqual([]);
    const future = await hubAudit.listHubAuditEvents(viewer, oat.id, { from: '2999-01-01' });
    expect(future.events).toEqual([]);
  });

  it('with only a PAT instance the refusal is explained; bad filters are refused before Hub', async () => {
    const pat = await createPatInstance(admin);
    const err = await failure(hubAudit.listHubAuditEvents(viewer, pat.id, {}));
    expect(teams.isExplainedHubError(err)).toBe(true);
    if (teams.isExplainedHubError(err)) {
      expect(err.explanation).toMatchObject({
        code: 'pat_not_allowed',
        neededScope: 'permission to read its audit logs',
      });
    }
    hub.clearLog();
    const bad = await failure(hubAudit.listHubAuditEvents(viewer, pat.id, { from: '2026-02-10', to: '2026-02-01' }));
    expect(bad.message).toBe('"To" is before "From".');
    expect(hub.log).toEqual([]);
  });
});
