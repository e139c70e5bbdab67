'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { OrgSource } from './org-source';
import { fetchTeamMembers, fetchTeams, teamsKeys, retryUnlessAnswered, type TeamDto } from './queries';
import { Loading, QueryProblem } from './query-problem';

function matches(text: string, needle: string): boolean {
  return text.toLowerCase().includes(needle);
}

function TeamMembers({ instanceId, org, team }: { instanceId: string; org: string; team: string }) {
  const query = useQuery({
    queryKey: teamsKeys.teamMembers(instanceId, org, team),
    queryFn: () => fetchTeamMembers(instanceId, org, team),
    retry: retryUnlessAnswered,
  });
  if (query.isPending) return <Loading label="Loading members…" />;
  if (query.isError)
    return (
      <QueryProblem
        error={query.error}
        title={`Could not list the members of ${team}`}
        onRetry={() => void query.refetch()}
      />
    );
  const members = query.data.members;
  if (members.length === 0) return <p className="text-sm text-zinc-500">No members.</p>;
  return (
    <ul className="flex flex-wrap gap-2" aria-label={`Members of ${team}`} data-testid="team-members">
      {members.map((m) => (
        <li key={m.username} className="rounded bg-zinc-100 px-2 py-1 text-xs dark:bg-zinc-800">
          <span className="font-mono">{m.username}</span>
          {m.fullName ? <span className="text-zinc-500"> · {m.fullName}</span> : null}
          {m.email ? <span className="text-zinc-500"> · {m.email}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function TeamRow({ instanceId, org, team }: { instanceId: string; org: string; team: TeamDto }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <TR data-testid="team-row" data-team={team.name}>
        <TD className="font-medium">{team.name}</TD>
        <TD className="font-mono text-xs">{team.id}</TD>
        <TD className="text-zinc-600 dark:text-zinc-400">{team.description || '—'}</TD>
        <TD className="text-right tabular-nums">{team.memberCount ?? '—'}</TD>
        <TD className="text-right">
          <Button variant="ghost" size="sm" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
            {open ? 'Hide members' : 'Show members'}
          </Button>
        </TD>
      </TR>
      {open ? (
        <TR>
          <TD colSpan={5} className="bg-zinc-50 dark:bg-zinc-900/50">
            <TeamMembers instanceId={instanceId} org={org} team={team.name} />
          </TD>
        </TR>
      ) : null}
    </>
  );
}

/** The organization's teams with search; each team's members on demand. Read-only. */
export function TeamsView({ instanceId, org }: { instanceId: string; org?: string | undefined }) {
  const [search, setSearch] = useState('');
  const query = useQuery({
    queryKey: teamsKeys.teams(instanceId, org),
    queryFn: () => fetchTeams(instanceId, org),
    retry: retryUnlessAnswered,
  });
  const needle = search.trim().toLowerCase();
  const teams = useMemo(
    () =>
      (query.data?.teams ?? []).filter(
        (t) => needle === '' || matches(t.name, needle) || matches(t.description, needle) || String(t.id) === needle,
      ),
    [query.data, needle],
  );

  if (query.isPending) return <Loading label="Loading teams from Docker Hub…" />;
  if (query.isError)
    return <QueryProblem error={query.error} title="Could not list the teams" onRetry={() => void query.refetch()} />;
  const { source } = query.data;
  return (
    <div>
      <OrgSource source={source} />
      <div className="mb-3 max-w-sm">
        <Input
          type="search"
          aria-label="Search teams"
          placeholder="Search teams by name, description or id"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {query.data.teams.length === 0 ? (
        <EmptyState title="No teams" description={`${source.org} has no teams yet.`} />
      ) : teams.length === 0 ? (
        <EmptyState title="No team matches" description={`Nothing matches "${search}".`} />
      ) : (
        <Table aria-label="Teams">
          <THead>
            <TR>
              <TH>Team</TH>
              <TH>Id</TH>
              <TH>Description</TH>
              <TH className="text-right">Members</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </TR>
          </THead>
          <TBody>
            {teams.map((t) => (
              <TeamRow key={t.id} instanceId={instanceId} org={source.org} team={t} />
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
