import { describe, expect, it } from 'vitest';
import {
  explainedCodeOf,
  explainHubError,
  explainMissingKind,
  isExplainedHubError,
  newInstanceHref,
  type InstanceRef,
} from './explain';

const patInstance: InstanceRef = { id: 'cpat1', name: 'Demo PAT', kind: 'PAT', username: 'hubkeeper-demo' };
const oatInstance: InstanceRef = { id: 'coat1', name: 'Acme OAT', kind: 'OAT', username: 'acme' };

describe('explainedCodeOf', () => {
  it('accepts HubError codes and hub_-prefixed AppError codes; nothing else', () => {
    expect(explainedCodeOf('pat_not_allowed')).toBe('pat_not_allowed');
    expect(explainedCodeOf('hub_oat_not_allowed')).toBe('oat_not_allowed');
    expect(explainedCodeOf('hub_insufficient_scope')).toBe('insufficient_scope');
    for (const other of ['unauthorized', 'hub_not_found', 'forbidden', 'rate_limited', '', null, undefined]) {
      expect(explainedCodeOf(other)).toBeNull();
    }
    expect(isExplainedHubError({ code: 'hub_pat_not_allowed' })).toBe(true);
    expect(isExplainedHubError({ code: 'hub_unavailable' })).toBe(false);
  });

  it('explains nothing else: other Hub errors keep their own message', () => {
    expect(explainHubError({ code: 'not_found', message: 'gone' }, { feature: 'teams' })).toBeNull();
    expect(explainHubError(null)).toBeNull();
  });
});

describe('pat_not_allowed', () => {
  it('listing teams with a PAT and no OAT instance: needs an OAT instance for the org, links to the OAT form', () => {
    const e = explainHubError(
      { code: 'pat_not_allowed' },
      { feature: 'teams', namespace: 'acme', instance: patInstance },
    );
    expect(e).toMatchObject({
      code: 'pat_not_allowed',
      title: 'Docker Hub needs an organization access token for this',
      what: 'Docker Hub refused to list the teams of acme through instance "Demo PAT", which signs in with a personal access token (PAT).',
      neededKind: 'OAT',
      neededScope: 'permission to read its teams and members',
      link: { href: '/instances/new?kind=OAT&username=acme', label: 'Add an OAT instance for acme' },
    });
    expect(e?.why).toContain('only accepts organization access tokens (OATs)');
    expect(e?.why).toContain('token issued from personal access token is not allowed');
    expect(e?.fix).toBe(
      'This needs an organization access token (OAT) instance for "acme": add an instance of type "Organization access token" with the organization name acme and an OAT of the organization with permission to read its teams and members (a dckr_oat_… token created by an organization owner).',
    );
  });

  it('members with an OAT instance available: points to it', () => {
    const e = explainHubError(
      { code: 'hub_pat_not_allowed' },
      { feature: 'org_members', namespace: 'acme', instance: patInstance, alternative: oatInstance },
    );
    expect(e?.what).toBe(
      'Docker Hub refused to list the members of acme through instance "Demo PAT", which signs in with a personal access token (PAT).',
    );
    expect(e?.fix).toBe('Use an organization access token (OAT) instead: instance "Acme OAT" has one for "acme".');
    expect(e?.link).toEqual({ href: '/instances/coat1/members?org=acme', label: 'Use instance "Acme OAT"' });
  });

  it("Hub's audit log: the OAT needs the audit-log permission", () => {
    const e = explainHubError(
      { code: 'pat_not_allowed' },
      { feature: 'hub_audit', namespace: 'acme', instance: patInstance },
    );
    expect(e?.what).toBe(
      'Docker Hub refused to read the audit log of acme through instance "Demo PAT", which signs in with a personal access token (PAT).',
    );
    expect(e?.neededScope).toBe('permission to read its audit logs');
  });

  it('a refused grant says the retry goes through the OAT instance', () => {
    const e = explainHubError(
      { code: 'pat_not_allowed' },
      {
        feature: 'grant',
        action: 'grant a team access to acme/web',
        namespace: 'acme',
        instance: patInstance,
        alternative: oatInstance,
      },
    );
    expect(e?.what).toBe(
      'Docker Hub refused to grant a team access to acme/web through instance "Demo PAT", which signs in with a personal access token (PAT).',
    );
    expect(e?.why).toContain('refuses team access grants made with a token issued from a personal access token');
    expect(e?.fix).toContain('Hubkeeper retries the grant through it automatically.');
    expect(e?.neededScope).toBe('permission to manage teams and repository access');
  });
});

describe('oat_not_allowed', () => {
  it('descriptions through an OAT instance: "needs a PAT instance for this namespace", offering the PAT instance', () => {
    const e = explainHubError(
      { code: 'oat_not_allowed' },
      {
        feature: 'descriptions',
        namespace: 'acme',
        instance: oatInstance,
        alternative: patInstance,
        alternativeHref: '/instances/cpat1/repositories/acme/web',
      },
    );
    expect(e).toMatchObject({
      code: 'oat_not_allowed',
      title: 'Needs a PAT instance for this namespace',
      what: 'Docker Hub refused to change a repository description in acme through instance "Acme OAT", which signs in with an organization access token (OAT).',
      neededKind: 'PAT',
      neededScope: 'Read, Write & Delete (repo:admin)',
      link: { href: '/instances/cpat1/repositories/acme/web', label: 'Use instance "Demo PAT"' },
    });
    expect(e?.why).toContain('legacy /v2/repositories/');
    expect(e?.why).toContain('token issued from organization access token is not allowed');
    expect(e?.fix).toBe(
      'This needs a PAT instance for this namespace: instance "Demo PAT" signs in with a personal access token for "acme"; use it (its PAT needs Read, Write & Delete (repo:admin)).',
    );
  });

  it('tag deletes with no PAT instance: how to add one, linking to the PAT form', () => {
    const e = explainHubError(
      { code: 'hub_oat_not_allowed' },
      { feature: 'delete_tags', namespace: 'acme', instance: oatInstance },
    );
    expect(e?.what).toBe(
      'Docker Hub refused to delete tags in acme through instance "Acme OAT", which signs in with an organization access token (OAT).',
    );
    expect(e?.fix).toBe(
      'This needs a PAT instance for this namespace: add an instance of type "Personal access token" for a Docker Hub user with admin rights on "acme", with a PAT of scope Read, Write & Delete (repo:admin), and add acme as one of its namespaces if it is not that user\'s own.',
    );
    expect(e?.link).toEqual({ href: '/instances/new?kind=PAT', label: 'Add a PAT instance' });
  });
});

describe('insufficient_scope', () => {
  const readOnly: InstanceRef = { id: 'cread', name: 'Read only', kind: 'PAT', username: 'hubkeeper-demo' };

  it('a Read & Write PAT changing descriptions: needs Read, Write & Delete; rotate link', () => {
    const e = explainHubError(
      { code: 'insufficient_scope' },
      { feature: 'descriptions', namespace: 'acme', instance: readOnly, scope: 'repo:write' },
    );
    expect(e).toMatchObject({
      code: 'insufficient_scope',
      title: "The token's scope is too low for this",
      what: 'Docker Hub refused to change a repository description in acme through instance "Read only": the token\'s scope is too low (its scope is repo:write).',
      neededKind: 'PAT',
      neededScope: 'Read, Write & Delete (repo:admin)',
      fix: 'Rotate the token of instance "Read only" to a PAT with Read, Write & Delete (repo:admin).',
      link: { href: '/instances/cread', label: 'Rotate the token of "Read only"' },
    });
    expect(e?.why).toContain('Read & Write (repo:write) and lower are refused');
  });

  it('a grant with a low-scope PAT offers a PAT instance with enough scope', () => {
    const e = explainHubError(
      { code: 'insufficient_scope' },
      { feature: 'grant', namespace: 'acme', instance: readOnly, scope: 'repo:read', alternative: patInstance },
    );
    expect(e?.why).toContain('Granting team access');
    expect(e?.fix).toBe(
      'Rotate the token of instance "Read only" to a PAT with Read, Write & Delete (repo:admin), or use instance "Demo PAT", which has enough scope.',
    );
  });

  it('a public-read PAT reading private repositories needs Read-only or higher', () => {
    const e = explainHubError(
      { code: 'insufficient_scope' },
      { feature: 'read_private', namespace: 'acme', instance: readOnly, scope: 'repo:public_read' },
    );
    expect(e?.neededScope).toBe('Read-only (repo:read) or higher');
    expect(e?.why).toContain('Public Repo Read-only');
  });

  it('an OAT without the needed permission names the OAT permission', () => {
    const e = explainHubError(
      { code: 'insufficient_scope' },
      { feature: 'read_private', namespace: 'acme', instance: oatInstance },
    );
    expect(e?.neededKind).toBe('OAT');
    expect(e?.neededScope).toContain('scope-repository-list');
    const audit = explainHubError(
      { code: 'insufficient_scope' },
      { feature: 'hub_audit', namespace: 'acme', instance: oatInstance },
    );
    expect(audit?.neededScope).toBe('permission to read its audit logs');
  });

  it('without an instance it links to the add-instance form', () => {
    const e = explainHubError({ code: 'insufficient_scope' }, { feature: 'delete_tags', namespace: 'acme' });
    expect(e?.what).toBe(
      "Docker Hub refused to delete tags in acme through this instance: the token's scope is too low.",
    );
    expect(e?.link).toEqual({ href: '/instances/new?kind=PAT&username=acme', label: 'Add an instance' });
  });
});

describe('explainMissingKind', () => {
  it('the team picker with no OAT instance: listing teams needs an OAT instance', () => {
    const e = explainMissingKind('OAT', { feature: 'teams', namespace: 'acme', instance: patInstance });
    expect(e.title).toBe('Needs an OAT instance for acme');
    expect(e.what).toBe(
      'To list the teams of acme, Hubkeeper needs an instance that signs in with an organization access token (OAT), and it has none for acme.',
    );
    expect(e.link.href).toBe('/instances/new?kind=OAT&username=acme');
  });

  it('a PAT-only feature on an OAT instance names the PAT instance to use', () => {
    const e = explainMissingKind('PAT', {
      feature: 'delete_tags',
      namespace: 'acme',
      instance: oatInstance,
      alternative: patInstance,
    });
    expect(e.title).toBe('Needs a PAT instance for acme');
    expect(e.fix).toContain('instance "Demo PAT"');
  });
});

describe('newInstanceHref', () => {
  it('pre-sets kind and account', () => {
    expect(newInstanceHref('OAT', 'acme')).toBe('/instances/new?kind=OAT&username=acme');
    expect(newInstanceHref('PAT', null)).toBe('/instances/new?kind=PAT');
  });
});

describe("from Docker Hub's own refusal bodies", () => {
  it('each 403 body maps to its explanation', async () => {
    const { mapHttpError, parseErrorBody } = await import('@/lib/hub/errors');
    const refuse = (raw: string) =>
      mapHttpError({
        status: 403,
        body: parseErrorBody(raw),
        context: { action: 'x', access: 'org' },
        method: 'GET',
        path: '/v2/x',
      });
    const cases: [string, string][] = [
      [
        '{"message":"token issued from personal access token is not allowed","errinfo":{}}',
        'Docker Hub needs an organization access token for this',
      ],
      [
        '{"message":"token issued from personal access token","errinfo":{}}',
        'Docker Hub needs an organization access token for this',
      ],
      [
        '{"message":"token issued from organization access token is not allowed","errinfo":{}}',
        'Needs a PAT instance for this namespace',
      ],
      ['{"message":"insufficient scope","errinfo":{}}', "The token's scope is too low for this"],
    ];
    for (const [raw, title] of cases) {
      expect(explainHubError(refuse(raw), { feature: 'teams', namespace: 'acme' })?.title).toBe(title);
    }
    // A plain permission refusal is not a token-type problem.
    expect(explainHubError(refuse('{"detail":"You do not have permission to perform this action."}'))).toBeNull();
  });
});
