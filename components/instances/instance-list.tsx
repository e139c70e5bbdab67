'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ServerIcon } from '@/components/ui/icons';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { CapabilityBadges, SecretHint, StatusBadge } from './instance-badges';
import { fetchInstances, instanceKeys, type InstanceDto } from './queries';

/** Overview of every instance: status, token hint, capabilities, last check, repository count. */
export function InstanceList({ initialInstances, canManage }: { initialInstances: InstanceDto[]; canManage: boolean }) {
  const query = useQuery({ queryKey: instanceKeys.list(), queryFn: fetchInstances, initialData: initialInstances });
  const instances = query.data;

  if (instances.length === 0) {
    return (
      <EmptyState
        icon={<ServerIcon className="size-8" />}
        title="No Docker Hub instances yet"
        description={
          canManage
            ? 'Connect a Docker Hub account or organization with an access token to start.'
            : 'An admin has not connected a Docker Hub account yet.'
        }
        action={
          canManage ? (
            <Link href="/instances/new" className={buttonClasses('primary')}>
              Add instance
            </Link>
          ) : undefined
        }
      />
    );
  }

  return (
    <div className="space-y-3">
      {query.isError ? <Alert variant="warning">Could not refresh the list: {query.error.message}</Alert> : null}
      <Table aria-label="Instances" data-testid="instances-table">
        <THead>
          <TR>
            <TH>Name</TH>
            <TH>Account</TH>
            <TH>Status</TH>
            <TH>Token</TH>
            <TH>Capabilities</TH>
            <TH>Last check</TH>
            <TH className="text-right">Repositories</TH>
          </TR>
        </THead>
        <TBody>
          {instances.map((i) => (
            <TR key={i.id} data-testid="instance-row" data-instance-id={i.id}>
              <TD>
                <Link href={`/instances/${i.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {i.name}
                </Link>
              </TD>
              <TD>
                <span className="font-mono text-xs">{i.username}</span>
                {i.namespaces.length > 0 ? (
                  <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">+{i.namespaces.length}</span>
                ) : null}
                <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">{i.kind}</span>
              </TD>
              <TD>
                <StatusBadge status={i.status} title={i.statusMessage} />
              </TD>
              <TD>
                <SecretHint hint={i.secretHint} />
              </TD>
              <TD>
                <CapabilityBadges capabilities={i.capabilities} />
              </TD>
              <TD>
                <LocalTime iso={i.lastCheckedAt} fallback="Never" className="text-xs" />
              </TD>
              <TD className="text-right tabular-nums">{i.repositoryCount ?? '—'}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
