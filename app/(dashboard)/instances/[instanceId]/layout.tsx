import type { ReactNode } from 'react';
import { InstanceTabs } from '@/components/instances/instance-tabs';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getInstance } from '@/lib/services/instances';

/** Tabs above every page of one instance; pages still check access and existence themselves. */
export default async function InstanceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ instanceId: string }>;
}) {
  const { instanceId } = await params;
  const user = await requireUser();
  const instance = hasPermission(user, 'instances.view') ? await getInstance(user, instanceId) : null;
  return (
    <>
      {instance ? <InstanceTabs instanceId={instance.id} instanceName={instance.name} /> : null}
      {children}
    </>
  );
}
