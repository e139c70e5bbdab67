import 'server-only';
// Teams (Docker Hub "groups"), organization members and team access grants. Organization endpoints
// only accept organization access tokens, so reads go through the instance itself when it is an OAT
// instance, else through the OAT instance of the same organization, else through the PAT (which Hub
// refuses: the refusal is explained). Grants go through the repository's PAT instance; the team is
// named through an OAT instance of the organization, or typed by id when there is none. Every grant
// (and every refused grant) is recorded in Hubkeeper's audit log.
import { recordAuditNow } from '@/lib/audit';
import { hasPermission, type HasRoles, type Permission } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/db/generated/client';
import { AppError, forbiddenError, type FieldErrors } from '@/lib/errors';
import { isHubError, type HubClient, type HubGroup } from '@/lib/hub';
import {
  explainHubError,
  explainMissingKind,
  type HubErrorExplanation,
  type HubFeature,
  type InstanceRef,
} from '@/lib/hub-errors/explain';
import { explainHubErrorForInstance, oatInstanceForOrg, patInstanceForNamespace } from '@/lib/hub-errors/instances';
import { logger } from '@/lib/logger';
import { teamGrantSchema, type TeamGrantInput, type TeamPermission } from '@/lib/validations/teams';
import { getHubClientForInstance } from './hub-clients';

export { oatInstanceForOrg, patInstanceForNamespace } from '@/lib/hub-errors/instances';
export type { InstanceRef } from '@/lib/hub-errors/explain';

/** The subset of the signed-in user these services need (CurrentUser fits). */
export interface TeamsActor extends HasRoles {
  id: string;
  email: string;
}

// ---------------------------------------------------------------------------------------------
// DTOs

export interface TeamDto {
  id: number;
  name: string;
  description: string;
  memberCount: number | null;
}

export interface TeamMemberDto {
  username: string;
  fullName: string | null;
  email: string | null;
  type: string | null;
}

export interface OrgMemberDto extends TeamMemberDto {
  role: string | null;
  teams: string[];
  isGuest: boolean | null;
  dateJoined: string | null;
}

/** Which instance an organization read went through, and why when it is not the one asked for. */
export interface OrgSourceDto {
  org: string;
  /** Namespaces the page may switch between (the instance's own). */
  orgChoices: string[];
  requested: InstanceRef;
  via: InstanceRef;
  /** Set when `via` is another instance (an OAT of the same organization). */
  note: string | null;
}

/**
 * A Hub refusal or failure, as a value: the message is safe to show; `explanation` is set for
 * pat_not_allowed, oat_not_allowed and insufficient_scope.
 */
export interface HubProblemDto {
  code: string;
  message: string;
  explanation: HubErrorExplanation | null;
}

/** Thrown by the read services for Hub failures; route handlers turn it into JSON with the explanation. */
export class ExplainedHubError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly explanation: HubErrorExplanation | null,
  ) {
    super(code, message);
  }

  toProblem(): HubProblemDto {
    return { code: this.code, message: this.message, explanation: this.explanation };
  }
}

export function isExplainedHubError(err: unknown): err is ExplainedHubError {
  return err instanceof ExplainedHubError;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function authorize(actor: TeamsActor | null | undefined, permission: Permission): TeamsActor {
  if (!actor || !hasPermission(actor, permission)) throw forbiddenError();
  return actor;
}

interface InstanceRow {
  id: string;
  name: string;
  kind: 'PAT' | 'OAT';
  username: string;
  namespaces: string[];
}

async function loadInstance(instanceId: string): Promise<InstanceRow> {
  const row = await db.instance.findUnique({
    where: { id: instanceId },
    select: { id: true, name: true, kind: true, username: true, namespaces: true },
  });
  if (row === null)
    throw new AppError('not_found', 'That Docker Hub instance does not exist (it may have been deleted).');
  return row;
}

function ref(row: InstanceRow): InstanceRef {
  return { id: row.id, name: row.name, kind: row.kind, username: row.username };
}

function namespacesOf(row: InstanceRow): string[] {
  return [...new Set([row.username, ...row.namespaces])];
}

/** The organization a page is about: an OAT instance's own; for a PAT instance, the requested or first extra namespace. */
function resolveOrg(row: InstanceRow, requested: string | undefined): string {
  if (row.kind === 'OAT') {
    if (requested !== undefined && requested !== row.username) {
      throw new AppError(
        'validation',
        `Instance "${row.name}" is an organization access token for ${row.username}; it cannot read ${requested}.`,
        {
          org: [`Choose ${row.username}.`],
        },
      );
    }
    return row.username;
  }
  const choices = namespacesOf(row);
  if (requested !== undefined) {
    if (!choices.includes(requested)) {
      throw new AppError(
        'validation',
        `"${requested}" is not a namespace of instance "${row.name}". Add it to the instance first.`,
        {
          org: [`Choose one of ${choices.join(', ')}.`],
        },
      );
    }
    return requested;
  }
  return row.namespaces[0] ?? row.username;
}

/** Picks the instance an organization read goes through (see the module comment). */
async function orgSource(row: InstanceRow, requestedOrg: string | undefined): Promise<OrgSourceDto> {
  const org = resolveOrg(row, requestedOrg);
  const orgChoices = row.kind === 'OAT' ? [row.username] : namespacesOf(row);
  if (row.kind === 'OAT') return { org, orgChoices, requested: ref(row), via: ref(row), note: null };
  const oat = await oatInstanceForOrg(org);
  if (oat === null) return { org, orgChoices, requested: ref(row), via: ref(row), note: null };
  return {
    org,
    orgChoices,
    requested: ref(row),
    via: oat,
    note: `Read through instance "${oat.name}" (organization access token for ${org}): Docker Hub refuses personal access tokens on organization endpoints.`,
  };
}

/** The organization a page of instance `instanceId` is about, and the instance its reads go through. */
export async function resolveOrgSource(instanceId: string, requestedOrg: string | undefined): Promise<OrgSourceDto> {
  return orgSource(await loadInstance(instanceId), requestedOrg);
}

/** Turns a Hub failure into an ExplainedHubError (explained when it is a token-type or scope refusal). */
async function toExplained(
  err: unknown,
  context: { feature: HubFeature; action: string; instance: InstanceRef; namespace: string },
): Promise<unknown> {
  if (!isHubError(err)) return err;
  const explanation = await explainHubErrorForInstance(err, {
    feature: context.feature,
    action: context.action,
    instanceId: context.instance.id,
    namespace: context.namespace,
  });
  return new ExplainedHubError(`hub_${err.code}`, err.message, explanation);
}

async function withOrgClient<T>(
  source: OrgSourceDto,
  feature: HubFeature,
  action: string,
  fn: (client: HubClient) => Promise<T>,
): Promise<T> {
  try {
    const client = await getHubClientForInstance(source.via.id);
    return await fn(client);
  } catch (err) {
    throw await toExplained(err, { feature, action, instance: source.via, namespace: source.org });
  }
}

function teamDto(group: HubGroup): TeamDto {
  return { id: group.id, name: group.name, description: group.description, memberCount: group.memberCount };
}

// ---------------------------------------------------------------------------------------------
// Reads

/** The organization's teams (groups), by name. */
export async function listTeams(
  actor: TeamsActor | null,
  instanceId: string,
  options: { org?: string } = {},
): Promise<{ source: OrgSourceDto; teams: TeamDto[] }> {
  authorize(actor, 'instances.view');
  const source = await orgSource(await loadInstance(instanceId), options.org);
  const groups = await withOrgClient(source, 'teams', `list the teams of ${source.org}`, (c) =>
    c.listOrgGroups(source.org),
  );
  const teams = groups.map(teamDto).sort((a, b) => a.name.localeCompare(b.name));
  return { source, teams };
}

/** The members of one team. */
export async function listTeamMembers(
  actor: TeamsActor | null,
  instanceId: string,
  options: { org?: string; team: string },
): Promise<{ source: OrgSourceDto; team: string; members: TeamMemberDto[] }> {
  authorize(actor, 'instances.view');
  const source = await orgSource(await loadInstance(instanceId), options.org);
  const members = await withOrgClient(
    source,
    'team_members',
    `list the members of team ${options.team} of ${source.org}`,
    (c) => c.listGroupMembers(source.org, options.team),
  );
  return {
    source,
    team: options.team,
    members: members
      .map((m) => ({ username: m.username, fullName: m.fullName, email: m.email, type: m.type }))
      .sort((a, b) => a.username.localeCompare(b.username)),
  };
}

/** The organization's members with their roles and teams. */
export async function listOrgMembers(
  actor: TeamsActor | null,
  instanceId: string,
  options: { org?: string } = {},
): Promise<{ source: OrgSourceDto; members: OrgMemberDto[] }> {
  authorize(actor, 'instances.view');
  const source = await orgSource(await loadInstance(instanceId), options.org);
  const members = await withOrgClient(source, 'org_members', `list the members of ${source.org}`, (c) =>
    c.listOrgMembers(source.org),
  );
  return {
    source,
    members: members
      .map((m) => ({
        username: m.username,
        fullName: m.fullName,
        email: m.email,
        type: m.type,
        role: m.role,
        teams: [...m.groups].sort(),
        isGuest: m.isGuest,
        dateJoined: m.dateJoined,
      }))
      .sort((a, b) => a.username.localeCompare(b.username)),
  };
}

// ---------------------------------------------------------------------------------------------
// Team access grants

export interface GrantOptionsDto {
  namespace: string;
  /** The instance the grant is sent through (the repository's PAT instance when there is one). */
  via: InstanceRef;
  /** Why `via` is not the instance the page is on, when it is not. */
  viaNote: string | null;
  /** The OAT instance the team names come from; null when there is none (type the id). */
  teamSource: InstanceRef | null;
  /** Teams by name; null when they could not be listed (see teamsProblem). */
  teams: TeamDto[] | null;
  teamsProblem: HubProblemDto | null;
}

function assertNamespaceOf(row: InstanceRow, namespace: string): void {
  if (!namespacesOf(row).includes(namespace)) {
    throw new AppError('validation', `"${namespace}" is not a namespace of instance "${row.name}".`, {
      namespace: ['Not a namespace of this instance.'],
    });
  }
}

/** Where a grant for a repository of `namespace` is sent: this instance if it is a PAT one, else the namespace's PAT instance, else this (OAT) instance. */
async function grantRoute(row: InstanceRow, namespace: string): Promise<{ via: InstanceRef; note: string | null }> {
  if (row.kind === 'PAT') return { via: ref(row), note: null };
  const pat = await patInstanceForNamespace(namespace, { requireWrite: true });
  if (pat !== null) {
    return {
      via: pat,
      note: `Sent through instance "${pat.name}" (personal access token), the PAT instance for ${namespace}.`,
    };
  }
  return { via: ref(row), note: null };
}

/** What the grant panel needs: where the grant goes and the teams to pick from (or why there are none). */
export async function getGrantOptions(
  actor: TeamsActor | null,
  instanceId: string,
  namespace: string,
): Promise<GrantOptionsDto> {
  authorize(actor, 'access.manage');
  const row = await loadInstance(instanceId);
  assertNamespaceOf(row, namespace);
  const { via, note } = await grantRoute(row, namespace);
  const teamSource = row.kind === 'OAT' && row.username === namespace ? ref(row) : await oatInstanceForOrg(namespace);
  if (teamSource === null) {
    const explanation = explainMissingKind('OAT', { feature: 'teams', namespace, instance: via });
    return {
      namespace,
      via,
      viaNote: note,
      teamSource: null,
      teams: null,
      teamsProblem: { code: 'oat_instance_missing', message: explanation.what, explanation },
    };
  }
  try {
    const client = await getHubClientForInstance(teamSource.id);
    const teams = (await client.listOrgGroups(namespace)).map(teamDto).sort((a, b) => a.name.localeCompare(b.name));
    return { namespace, via, viaNote: note, teamSource, teams, teamsProblem: null };
  } catch (err) {
    const e = await toExplained(err, {
      feature: 'teams',
      action: `list the teams of ${namespace}`,
      instance: teamSource,
      namespace,
    });
    if (e instanceof ExplainedHubError) {
      return { namespace, via, viaNote: note, teamSource, teams: null, teamsProblem: e.toProblem() };
    }
    throw e;
  }
}

export interface TeamGrantDto {
  namespace: string;
  repository: string;
  groupId: number;
  groupName: string;
  permission: string;
  /** The instance whose token made the grant. */
  via: InstanceRef;
  /** Set when the first instance was refused (pat_not_allowed) and the grant was retried through an OAT instance. */
  retriedAfter: { instance: InstanceRef; problem: HubProblemDto } | null;
  teamResolvedBy: 'name' | 'id';
}

export type TeamGrantResult = { ok: true; grant: TeamGrantDto } | { ok: false; problem: HubProblemDto };

function parseGrant(input: TeamGrantInput) {
  const result = teamGrantSchema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) (fieldErrors[String(issue.path[0] ?? '_')] ??= []).push(issue.message);
  throw new AppError('validation', result.error.issues[0]?.message ?? 'Check the form.', fieldErrors);
}

/** Resolves a team name to its group id through the organization's OAT instance. */
async function resolveTeamId(
  namespace: string,
  teamName: string,
): Promise<{ id: number; name: string; source: InstanceRef }> {
  const oat = await oatInstanceForOrg(namespace);
  if (oat === null) {
    const explanation = explainMissingKind('OAT', { feature: 'teams', namespace });
    throw new AppError('validation', `${explanation.what} Type the team's id instead.`, {
      teamName: ['Type the team id instead.'],
    });
  }
  let groups: HubGroup[];
  try {
    groups = await (await getHubClientForInstance(oat.id)).listOrgGroups(namespace);
  } catch (err) {
    throw await toExplained(err, {
      feature: 'teams',
      action: `list the teams of ${namespace}`,
      instance: oat,
      namespace,
    });
  }
  const wanted = teamName.trim().toLowerCase();
  const group = groups.find((g) => g.name.toLowerCase() === wanted);
  if (group === undefined) {
    throw new AppError('validation', `${namespace} has no team named "${teamName}".`, {
      teamName: [`No team named "${teamName}".`],
    });
  }
  return { id: group.id, name: group.name, source: oat };
}

async function problemOf(
  err: unknown,
  instance: InstanceRef,
  namespace: string,
  repository: string,
): Promise<HubProblemDto | null> {
  if (!isHubError(err)) return null;
  const explanation = await explainHubErrorForInstance(err, {
    feature: 'grant',
    action: `grant a team access to ${namespace}/${repository}`,
    instanceId: instance.id,
    namespace,
  });
  return { code: `hub_${err.code}`, message: err.message, explanation };
}

/**
 * Grants a team read, write or admin on a repository (POST /v2/repositories/{ns}/{repo}/groups).
 * Sent through the repository's PAT instance; when Hub refuses PATs for this (pat_not_allowed) and
 * an OAT instance of the organization exists, retried through it. Hub refusals come back as values
 * (with their explanation); every attempt's outcome is recorded in the audit log.
 */
export async function grantTeamAccess(actor: TeamsActor | null, input: TeamGrantInput): Promise<TeamGrantResult> {
  const who = authorize(actor, 'access.manage');
  const values = parseGrant(input);
  const row = await loadInstance(values.instanceId);
  assertNamespaceOf(row, values.namespace);
  const { namespace, repository, permission } = values;
  const full = `${namespace}/${repository}`;

  let groupId: number;
  let groupName: string | null = null;
  let teamResolvedBy: 'name' | 'id';
  if (values.teamName !== undefined && values.teamName !== '') {
    let resolved: Awaited<ReturnType<typeof resolveTeamId>>;
    try {
      resolved = await resolveTeamId(namespace, values.teamName);
    } catch (err) {
      if (err instanceof ExplainedHubError) return { ok: false, problem: err.toProblem() };
      throw err;
    }
    groupId = resolved.id;
    groupName = resolved.name;
    teamResolvedBy = 'name';
  } else {
    // The schema guarantees one of the two.
    groupId = values.groupId ?? 0;
    teamResolvedBy = 'id';
  }

  const { via } = await grantRoute(row, namespace);
  const attempt = async (instance: InstanceRef) =>
    (await getHubClientForInstance(instance.id)).grantTeamAccess(namespace, repository, {
      groupId,
      permission: permission as TeamPermission,
    });

  let used = via;
  let retriedAfter: TeamGrantDto['retriedAfter'] = null;
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAuditNow({
      actor: { id: who.id, email: who.email },
      action,
      instanceId: used.id,
      repository: full,
      details: {
        namespace,
        repository,
        groupId,
        ...(groupName === null ? {} : { groupName }),
        permission,
        teamResolvedBy,
        via: { id: used.id, name: used.name, kind: used.kind },
        requestedFromInstanceId: row.id,
        ...details,
      } as Prisma.InputJsonValue,
    });

  try {
    let granted;
    try {
      granted = await attempt(via);
    } catch (err) {
      if (!(isHubError(err, 'pat_not_allowed') && via.kind === 'PAT')) throw err;
      const oat = await oatInstanceForOrg(namespace);
      if (oat === null) throw err;
      const problem = (await problemOf(err, via, namespace, repository)) ?? {
        code: 'hub_pat_not_allowed',
        message: err.message,
        explanation: null,
      };
      retriedAfter = { instance: via, problem };
      logger.info(
        { instanceId: via.id, retryInstanceId: oat.id, repository: full },
        'team grant refused for the PAT; retrying through the OAT instance',
      );
      used = oat;
      granted = await attempt(oat);
    }
    groupName = granted.groupName || groupName;
    await audit('team.access_granted', {
      grantedPermission: granted.permission,
      ...(retriedAfter === null
        ? {}
        : { retriedAfter: { instanceId: retriedAfter.instance.id, code: retriedAfter.problem.code } }),
    });
    return {
      ok: true,
      grant: {
        namespace,
        repository,
        groupId: granted.groupId || groupId,
        groupName: groupName ?? String(groupId),
        permission: granted.permission || permission,
        via: used,
        retriedAfter,
        teamResolvedBy,
      },
    };
  } catch (err) {
    const problem = await problemOf(err, used, namespace, repository);
    if (problem === null) throw err;
    await audit('team.access_grant_failed', {
      code: problem.code,
      ...(retriedAfter === null
        ? {}
        : { retriedAfter: { instanceId: retriedAfter.instance.id, code: retriedAfter.problem.code } }),
    });
    return { ok: false, problem };
  }
}

/** For pages: the explanation of a problem value, recomputed client-side if needed. */
export function problemFromError(err: unknown): HubProblemDto | null {
  if (err instanceof ExplainedHubError) return err.toProblem();
  if (isHubError(err)) return { code: `hub_${err.code}`, message: err.message, explanation: explainHubError(err) };
  return null;
}
