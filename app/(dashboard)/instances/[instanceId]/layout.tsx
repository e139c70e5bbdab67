import type { ReactNode } from 'react';
import { InstanceTabs } from '@/components/instances/instance-tabs';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';

/**
 * Tabs above every page of one instance. The tabs need only the id from the URL, so the layout
 * reads no instance row; each page checks access and existence itself (an unknown id still 404s).
 */
export default async function InstanceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ instanceId: string }>;
}) {
  const { instanceId } = await params;
  const user = await requireUser();
  return (
    <>
      {hasPermission(user, 'instances.view') ? <InstanceTabs instanceId={instanceId} /> : null}
      {children}
    </>
  );
}
