'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, Select } from '@/components/ui/input';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { OrgSource } from './org-source';
import { fetchMembers, teamsKeys, retryUnlessAnswered, type OrgMemberDto } from './queries';
import { Loading, QueryProblem } from './query-problem';

function roleVariant(role: string | null): 'accent' | 'info' | 'neutral' | 'warning' {
  switch ((role ?? '').toLowerCase()) {
    case 'owner':
      return 'accent';
    case 'editor':
      return 'info';
    case 'invitee':
      return 'warning';
    default:
      return 'neutral';
  }
}

function matches(m: OrgMemberDto, needle: string): boolean {
  return [m.username, m.fullName ?? '', m.email ?? '', ...m.teams].some((v) => v.toLowerCase().includes(needle));
}

/** The organization's members with roles and teams; search and a role filter. Read-only. */
export function MembersView({ instanceId, org }: { instanceId: string; org?: string | undefined }) {
  const [search, setSearch] = useState('');
  const [role, setRole] = useState('');
  const query = useQuery({
    queryKey: teamsKeys.members(instanceId, org),
    queryFn: () => fetchMembers(instanceId, org),
    retry: retryUnlessAnswered,
  });
  const needle = search.trim().toLowerCase();
  const roles = useMemo(
    () => [...new Set((query.data?.members ?? []).map((m) => m.role ?? 'Unknown'))].sort(),
    [query.data],
  );
  const members = useMemo(
    () =>
      (query.data?.members ?? []).filter(
        (m) => (role === '' || (m.role ?? 'Unknown') === role) && (needle === '' || matches(m, needle)),
      ),
    [query.data, needle, role],
  );

  if (query.isPending) return <Loading label="Loading members from Docker Hub…" />;
  if (query.isError)
    return <QueryProblem error={query.error} title="Could not list the members" onRetry={() => void query.refetch()} />;
  const { source } = query.data;
  return (
    <div>
      <OrgSource source={source} />
      <div className="mb-3 flex flex-wrap gap-2">
        <Input
          type="search"
          className="max-w-sm"
          aria-label="Search members"
          placeholder="Search by username, name, e-mail or team"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Select aria-label="Role" className="w-auto" value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="">All roles</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </div>
      {query.data.members.length === 0 ? (
        <EmptyState title="No members" description={`${source.org} has no members Docker Hub shows to this token.`} />
      ) : members.length === 0 ? (
        <EmptyState title="No member matches" description="Change the search or the role filter." />
      ) : (
        <Table aria-label="Members">
          <THead>
            <TR>
              <TH>Member</TH>
              <TH>Role</TH>
              <TH>Teams</TH>
              <TH>E-mail</TH>
              <TH>Joined</TH>
            </TR>
          </THead>
          <TBody>
            {members.map((m) => (
              <TR key={m.username} data-testid="member-row" data-username={m.username}>
                <TD>
                  <span className="font-mono">{m.username}</span>
                  {m.fullName ? <span className="block text-xs text-zinc-500">{m.fullName}</span> : null}
                </TD>
                <TD>
                  <Badge variant={roleVariant(m.role)}>{m.role ?? 'Unknown'}</Badge>
                  {m.isGuest ? <Badge className="ml-1">Guest</Badge> : null}
                </TD>
                <TD className="text-xs">{m.teams.length === 0 ? '—' : m.teams.join(', ')}</TD>
                <TD className="text-xs">{m.email ?? '—'}</TD>
                <TD className="text-xs">
                  <LocalTime iso={m.dateJoined} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <p className="mt-2 text-xs text-zinc-500">
        {members.length} of {query.data.members.length} shown.
      </p>
    </div>
  );
}
