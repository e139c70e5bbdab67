'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { capabilityFor, capabilityNote, CAPABILITY_LABELS, type CapabilityName } from '@/lib/services/capabilities';
import { DeleteInstanceDialog, RecheckButton, RotateSecretDialog } from './instance-actions';
import { CapabilityBadges, SecretHint, StatusBadge } from './instance-badges';
import { fetchInstance, instanceKeys, type InstanceDto } from './queries';

const CAPABILITIES: CapabilityName[] = ['readPublic', 'readPrivate', 'writeDescriptions', 'deleteTags'];

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2 text-sm">
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="col-span-2 min-w-0">{children}</dd>
    </div>
  );
}

/** The instance page: connection details, last check, capabilities and (for admins) actions. */
export function InstanceOverview({ initialInstance, canManage }: { initialInstance: InstanceDto; canManage: boolean }) {
  const query = useQuery({
    queryKey: instanceKeys.detail(initialInstance.id),
    queryFn: () => fetchInstance(initialInstance.id),
    initialData: initialInstance,
  });
  const instance = query.data;
  const caps = instance.capabilities;

  return (
    <>
      <PageHeader
        title={instance.name}
        description={
          <>
            {instance.kind === 'OAT' ? 'Organization' : 'Docker Hub user'} <span className="font-mono">{instance.username}</span>
          </>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`/instances/${instance.id}/repositories`} className={buttonClasses('secondary')}>
              Repositories
            </Link>
            {canManage ? (
              <div className="flex flex-wrap gap-2" data-testid="instance-admin-actions">
                <RecheckButton instance={instance} />
                <Link href={`/instances/${instance.id}/edit`} className={buttonClasses('secondary')}>
                  Edit
                </Link>
                <RotateSecretDialog instance={instance} />
                <DeleteInstanceDialog instance={instance} />
              </div>
            ) : null}
          </div>
        }
      />
      {instance.status === 'invalid_credentials' ? (
        <Alert variant="error" title="Docker Hub rejected this token" className="mb-4">
          {instance.statusMessage} {canManage ? 'Rotate the token to fix it.' : 'Ask an admin to rotate the token.'}
        </Alert>
      ) : instance.status === 'unreachable' ? (
        <Alert variant="warning" title="Docker Hub could not be reached at the last check" className="mb-4">
          {instance.statusMessage}
        </Alert>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Connection</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">
              <Row label="Status">
                <div className="flex flex-col gap-1">
                  <StatusBadge status={instance.status} />
                  {instance.statusMessage ? (
                    <span className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="status-message">
                      {instance.statusMessage}
                    </span>
                  ) : null}
                </div>
              </Row>
              <Row label="Token">
                <SecretHint hint={instance.secretHint} /> <span className="ml-2 text-xs text-zinc-500">{instance.kind}</span>
              </Row>
              <Row label="Namespaces">
                <ul className="flex flex-wrap gap-1 font-mono text-xs" data-testid="namespaces">
                  <li>{instance.username} (default)</li>
                  {instance.namespaces.map((ns) => (
                    <li key={ns}>· {ns}</li>
                  ))}
                </ul>
              </Row>
              <Row label="Repositories">{instance.repositoryCount ?? 'Unknown'}</Row>
              <Row label="Last check">
                <LocalTime iso={instance.lastCheckedAt} fallback="Never" />
              </Row>
              <Row label="Last verified">
                <LocalTime iso={instance.lastVerifiedAt} fallback="Never" />
              </Row>
              <Row label="Added">
                <LocalTime iso={instance.createdAt} />
                {instance.createdBy ? <span className="text-zinc-500"> by {instance.createdBy.name}</span> : null}
              </Row>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Capabilities</CardTitle>
            <CardDescription>
              {caps ? (
                <>
                  From the token&apos;s scope: <strong data-testid="access-label">{caps.accessLabel}</strong>
                  {caps.scope ? <span className="ml-1 font-mono text-xs">({caps.scope})</span> : null}
                </>
              ) : (
                'Unknown until the token is checked.'
              )}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-3">
            <CapabilityBadges capabilities={caps} showMissing />
            {caps ? (
              <ul className="space-y-1 text-xs text-zinc-600 dark:text-zinc-400">
                {CAPABILITIES.filter((c) => !caps[c]).map((c) => {
                  const gated = c === 'readPublic' ? null : capabilityFor(instance, c);
                  const note = capabilityNote(caps, c) ?? gated?.reason ?? null;
                  return note ? (
                    <li key={c} data-testid={`capability-note-${c}`}>
                      <strong>{CAPABILITY_LABELS[c]}:</strong> {note}
                    </li>
                  ) : null;
                })}
              </ul>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
