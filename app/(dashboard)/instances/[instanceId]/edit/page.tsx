import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EditInstanceForm } from '@/components/instances/edit-instance-form';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getInstance } from '@/lib/services/instances';

export const metadata: Metadata = { title: 'Edit instance' };

export default async function EditInstancePage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instanceId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'instances.manage')) return <Forbidden detail="Only admins can edit instances." />;
  const instance = await getInstance(user, instanceId);
  if (instance === null) notFound();
  return (
    <>
      <PageHeader title={`Edit ${instance.name}`} description="Rename the instance or change the extra namespaces it manages." />
      <EditInstanceForm instance={instance} />
    </>
  );
}
