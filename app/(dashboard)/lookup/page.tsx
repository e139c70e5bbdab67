import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PeopleLookup } from '@/components/repositories/people-lookup';
import { Forbidden } from '@/components/shell/forbidden';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { listBrowseInstances } from '@/lib/services/browse';

export const metadata: Metadata = { title: 'People lookup' };

export default async function LookupPage() {
  const user = await requireUser();
  if (!hasPermission(user, 'repositories.view')) return <Forbidden />;
  const instances = (await listBrowseInstances(user)).map((i) => ({ id: i.id, name: i.name }));
  return (
    <>
      <PageHeader title="People lookup" description="Public Docker Hub metadata of a user or organization, read through one of your instances." />
      {instances.length === 0 ? (
        <EmptyState title="No Docker Hub instances yet" description="The lookup goes through an instance's connection; add one first." />
      ) : (
        <Suspense>
          <PeopleLookup instances={instances} />
        </Suspense>
      )}
    </>
  );
}
