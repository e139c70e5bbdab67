import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { InstanceOverview } from '@/components/instances/instance-overview';
import { Forbidden } from '@/components/shell/forbidden';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getInstance } from '@/lib/services/instances';

export const metadata: Metadata = { title: 'Instance' };

export default async function InstancePage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instanceId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'instances.view')) return <Forbidden />;
  const instance = await getInstance(user, instanceId);
  if (instance === null) notFound();
  return <InstanceOverview initialInstance={instance} canManage={hasPermission(user, 'instances.manage')} />;
}
