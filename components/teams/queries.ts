// Client-safe React Query keys and fetchers for teams, members, grants and Hub's audit log
// (route handlers under /api/teams). Failed calls throw TeamsApiError, which keeps the Hub
// refusal's explanation so the UI can show it with <HubProblem>.
import type { HubAuditPageDto, HubkeeperAuditEventDto } from '@/lib/services/hub-audit';
import type {
  GrantOptionsDto,
  HubProblemDto,
  OrgMemberDto,
  OrgSourceDto,
  TeamDto,
  TeamGrantDto,
  TeamMemberDto,
} from '@/lib/services/teams';

export type {
  GrantOptionsDto,
  HubAuditPageDto,
  HubkeeperAuditEventDto,
  HubProblemDto,
  OrgMemberDto,
  OrgSourceDto,
  TeamDto,
  TeamGrantDto,
  TeamMemberDto,
};

export const teamsKeys = {
  all: ['teams'] as const,
  teams: (instanceId: string, org: string | undefined) => [...teamsKeys.all, 'teams', instanceId, org ?? ''] as const,
  teamMembers: (instanceId: string, org: string | undefined, team: string) =>
    [...teamsKeys.all, 'team-members', instanceId, org ?? '', team] as const,
  members: (instanceId: string, org: string | undefined) =>
    [...teamsKeys.all, 'members', instanceId, org ?? ''] as const,
  grantOptions: (instanceId: string, namespace: string) =>
    [...teamsKeys.all, 'grant-options', instanceId, namespace] as const,
  hubAudit: (instanceId: string, query: string) => [...teamsKeys.all, 'hub-audit', instanceId, query] as const,
  hubkeeperAudit: (instanceId: string, org: string | undefined) =>
    [...teamsKeys.all, 'hubkeeper-audit', instanceId, org ?? ''] as const,
};

/** A failed /api/teams call; `problem` carries Hub's refusal explained, when it was one. */
export class TeamsApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem: HubProblemDto | null,
  ) {
    super(message);
    this.name = 'TeamsApiError';
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  const body = (await res.json().catch(() => null)) as ({ error?: Partial<HubProblemDto> } & T) | null;
  if (!res.ok || body === null) {
    const e = body?.error;
    const message = e?.message ?? `Request failed (${res.status}).`;
    const problem: HubProblemDto | null =
      e && typeof e.code === 'string' ? { code: e.code, message, explanation: e.explanation ?? null } : null;
    throw new TeamsApiError(message, res.status, problem);
  }
  return body;
}

function qs(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s === '' ? '' : `?${s}`;
}

const base = (instanceId: string) => `/api/teams/${encodeURIComponent(instanceId)}`;

export function fetchTeams(instanceId: string, org: string | undefined) {
  return getJson<{ source: OrgSourceDto; teams: TeamDto[] }>(`${base(instanceId)}/teams${qs({ org })}`);
}

export function fetchTeamMembers(instanceId: string, org: string | undefined, team: string) {
  return getJson<{ source: OrgSourceDto; team: string; members: TeamMemberDto[] }>(
    `${base(instanceId)}/teams/${encodeURIComponent(team)}/members${qs({ org })}`,
  );
}

export function fetchMembers(instanceId: string, org: string | undefined) {
  return getJson<{ source: OrgSourceDto; members: OrgMemberDto[] }>(`${base(instanceId)}/members${qs({ org })}`);
}

export function fetchGrantOptions(instanceId: string, namespace: string) {
  return getJson<GrantOptionsDto>(`${base(instanceId)}/grant-options${qs({ namespace })}`);
}

/** `query` is the page's query string without "?" (org, action, actor, from, to, page). */
export function fetchHubAudit(instanceId: string, query: string) {
  return getJson<HubAuditPageDto>(`${base(instanceId)}/hub-audit${query === '' ? '' : `?${query}`}`);
}

export function fetchHubkeeperAudit(instanceId: string, org: string | undefined) {
  return getJson<{ events: HubkeeperAuditEventDto[] }>(`${base(instanceId)}/hubkeeper-audit${qs({ org })}`);
}

/** React Query `retry`: once for network hiccups, never for an answer Hub (or Hubkeeper) gave on purpose. */
export function retryUnlessAnswered(failureCount: number, error: unknown): boolean {
  if (error instanceof TeamsApiError && (error.problem !== null || error.status < 500)) return false;
  return failureCount < 1;
}
