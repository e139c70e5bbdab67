import type { Metadata } from 'next';
import Link from 'next/link';
import { InstanceList } from '@/components/instances/instance-list';
import { Forbidden } from '@/components/shell/forbidden';
import { buttonClasses } from '@/components/ui/button';
import { PlusIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { listInstances } from '@/lib/services/instances';

export const metadata: Metadata = { title: 'Instances' };

export default async function InstancesPage() {
  const user = await requireUser();
  if (!hasPermission(user, 'instances.view')) return <Forbidden />;
  const instances = await listInstances(user);
  const canManage = hasPermission(user, 'instances.manage');
  return (
    <>
      <PageHeader
        title="Instances"
        description="Docker Hub accounts and organizations Hubkeeper is connected to."
        actions={
          <>
            {instances.length >= 2 ? (
              <Link href="/compare" className={buttonClasses('secondary')}>
                Compare
              </Link>
            ) : null}
            {canManage ? (
              <Link href="/instances/new" className={buttonClasses('primary')} data-testid="add-instance">
                <PlusIcon className="size-4" />
                Add instance
              </Link>
            ) : null}
          </>
        }
      />
      <InstanceList initialInstances={instances} canManage={canManage} />
    </>
  );
}
