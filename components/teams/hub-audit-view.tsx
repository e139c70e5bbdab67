'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button, buttonClasses } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { HUB_AUDIT_ACTIONS } from '@/lib/validations/teams';
import { OrgSource } from './org-source';
import { fetchHubAudit, fetchHubkeeperAudit, teamsKeys, retryUnlessAnswered, type HubAuditPageDto } from './queries';
import { Loading, QueryProblem } from './query-problem';

const FILTERS = ['action', 'actor', 'from', 'to'] as const;

function Filters({ values }: { values: Record<(typeof FILTERS)[number], string> }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    const org = params.get('org');
    if (org) next.set('org', org);
    for (const key of FILTERS) {
      const v = String(form.get(key) ?? '').trim();
      if (v !== '') next.set(key, v);
    }
    const s = next.toString();
    router.push(s === '' ? pathname : `${pathname}?${s}`);
  }

  return (
    <form onSubmit={submit} aria-label="Filter Hub audit events" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="space-y-1">
        <Label htmlFor="hub-audit-action">Action</Label>
        <Input
          id="hub-audit-action"
          name="action"
          list="hub-audit-actions"
          defaultValue={values.action}
          placeholder="repo.tag.push"
          className="w-52"
        />
        <datalist id="hub-audit-actions">
          {HUB_AUDIT_ACTIONS.map((a) => (
            <option key={a.name} value={a.name}>
              {a.label}
            </option>
          ))}
        </datalist>
      </div>
      <div className="space-y-1">
        <Label htmlFor="hub-audit-actor">Actor</Label>
        <Input
          id="hub-audit-actor"
          name="actor"
          defaultValue={values.actor}
          placeholder="Docker Hub username"
          className="w-48"
        />
      </div>
      <div className="space-y-1">
        <Label htmlFor="hub-audit-from">From (UTC)</Label>
        <Input id="hub-audit-from" name="from" type="date" defaultValue={values.from} className="w-40" />
      </div>
      <div className="space-y-1">
        <Label htmlFor="hub-audit-to">To (UTC)</Label>
        <Input id="hub-audit-to" name="to" type="date" defaultValue={values.to} className="w-40" />
      </div>
      <Button type="submit">Apply filters</Button>
      <Link
        href={params.get('org') ? `${pathname}?org=${encodeURIComponent(params.get('org') ?? '')}` : pathname}
        className={buttonClasses('ghost')}
      >
        Clear
      </Link>
    </form>
  );
}

function pageHref(pathname: string, params: URLSearchParams, page: number): string {
  const next = new URLSearchParams(params.toString());
  if (page <= 1) next.delete('page');
  else next.set('page', String(page));
  const s = next.toString();
  return s === '' ? pathname : `${pathname}?${s}`;
}

function HubEvents({ data }: { data: HubAuditPageDto }) {
  const pathname = usePathname();
  const params = useSearchParams();
  if (data.events.length === 0) {
    return (
      <EmptyState title="No events" description="Docker Hub has no audit events matching these filters on this page." />
    );
  }
  return (
    <>
      <Table aria-label="Docker Hub audit events">
        <THead>
          <TR>
            <TH>When</TH>
            <TH>Action</TH>
            <TH>Object</TH>
            <TH>Actor</TH>
            <TH>Details</TH>
          </TR>
        </THead>
        <TBody>
          {data.events.map((e, i) => (
            <TR key={`${e.timestamp}-${e.action}-${e.name}-${i}`} data-testid="hub-audit-row" data-action={e.action}>
              <TD className="text-xs whitespace-nowrap">
                <LocalTime iso={e.timestamp} />
              </TD>
              <TD>
                <Badge variant="info" className="font-mono">
                  {e.action}
                </Badge>
                {e.description ? <span className="block text-xs text-zinc-500">{e.description}</span> : null}
              </TD>
              <TD className="font-mono text-xs">{e.name || '—'}</TD>
              <TD className="font-mono text-xs">{e.actor || '—'}</TD>
              <TD className="text-xs text-zinc-600 dark:text-zinc-400">
                {Object.entries(e.data)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(', ') || '—'}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      <div className="mt-3 flex items-center justify-between text-sm">
        <span className="text-zinc-500">Page {data.page}</span>
        <div className="flex gap-2">
          {data.page > 1 ? (
            <Link href={pageHref(pathname, params, data.page - 1)} className={buttonClasses('secondary', 'sm')}>
              Newer
            </Link>
          ) : null}
          {data.hasMore ? (
            <Link href={pageHref(pathname, params, data.page + 1)} className={buttonClasses('secondary', 'sm')}>
              Older
            </Link>
          ) : null}
        </div>
      </div>
    </>
  );
}

function HubkeeperEvents({ instanceId, org }: { instanceId: string; org: string | undefined }) {
  const query = useQuery({
    queryKey: teamsKeys.hubkeeperAudit(instanceId, org),
    queryFn: () => fetchHubkeeperAudit(instanceId, org),
    retry: retryUnlessAnswered,
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Hubkeeper&apos;s audit log</CardTitle>
        <CardDescription>
          Changes made through Hubkeeper for this instance
          {org ? <>, and team access grants on {org}&apos;s repositories</> : null}.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {query.isPending ? (
          <Loading label="Loading…" />
        ) : query.isError ? (
          <QueryProblem error={query.error} title="Could not read Hubkeeper's audit log" />
        ) : query.data.events.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing recorded yet.</p>
        ) : (
          <ol className="space-y-3" aria-label="Hubkeeper audit events" data-testid="hubkeeper-audit">
            {query.data.events.map((e) => (
              <li key={e.id} className="text-sm" data-testid="hubkeeper-audit-row" data-action={e.action}>
                <div className="flex flex-wrap items-center gap-2">
                  <Badge variant={e.action.endsWith('failed') ? 'danger' : 'accent'} className="font-mono">
                    {e.action}
                  </Badge>
                  <LocalTime iso={e.at} className="text-xs text-zinc-500" />
                </div>
                <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                  {e.repository ? <span className="font-mono">{e.repository}</span> : null}
                  {e.summary ? <span> · {e.summary}</span> : null}
                  {e.actorEmail ? <span> · by {e.actorEmail}</span> : null}
                </p>
              </li>
            ))}
          </ol>
        )}
        <Link
          href={`/audit?instanceId=${encodeURIComponent(instanceId)}`}
          className={`${buttonClasses('secondary', 'sm')} mt-4`}
        >
          Open Hubkeeper&apos;s full audit log
        </Link>
      </CardContent>
    </Card>
  );
}

/** Docker Hub's audit log of the organization (filters in the URL) beside Hubkeeper's own. */
export function HubAuditView({ instanceId }: { instanceId: string }) {
  const params = useSearchParams();
  const queryString = params.toString();
  const query = useQuery({
    queryKey: teamsKeys.hubAudit(instanceId, queryString),
    queryFn: () => fetchHubAudit(instanceId, queryString),
    retry: retryUnlessAnswered,
  });
  const values = {
    action: params.get('action') ?? '',
    actor: params.get('actor') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const org = query.data?.source.org ?? params.get('org') ?? null;
  return (
    <div className="grid gap-6 xl:grid-cols-3">
      <section className="min-w-0 xl:col-span-2" aria-label="Docker Hub audit log">
        <Filters values={values} />
        {query.isPending ? (
          <Loading label="Loading Docker Hub's audit log…" />
        ) : query.isError ? (
          <QueryProblem
            error={query.error}
            title="Could not read Docker Hub's audit log"
            onRetry={() => void query.refetch()}
          />
        ) : (
          <>
            <OrgSource source={query.data.source} />
            <HubEvents data={query.data} />
          </>
        )}
      </section>
      <aside className="min-w-0">
        {query.isPending ? null : <HubkeeperEvents instanceId={instanceId} org={org ?? undefined} />}
      </aside>
    </div>
  );
}
