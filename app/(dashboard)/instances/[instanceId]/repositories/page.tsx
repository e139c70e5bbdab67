import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { Breadcrumbs } from '@/components/repositories/breadcrumbs';
import { RepositoryBrowser } from '@/components/repositories/repository-browser';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import type { BrowseInstanceDTO } from '@/lib/queries/browse-types';
import { getBrowseInstance } from '@/lib/services/browse';

export const metadata: Metadata = { title: 'Repositories' };

export default async function InstanceRepositoriesPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instanceId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'repositories.view')) return <Forbidden />;
  let instance: BrowseInstanceDTO;
  try {
    instance = await getBrowseInstance(user, instanceId);
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Repositories', href: '/repositories' },
          { label: instance.name, href: `/instances/${encodeURIComponent(instance.id)}` },
          { label: 'Repositories' },
        ]}
      />
      <PageHeader title={`Repositories of ${instance.name}`} description={`Docker Hub account ${instance.username}. Switch namespaces, search, sort and page; the address bar keeps the view so you can share it.`} />
      <Suspense>
        <RepositoryBrowser instance={instance} />
      </Suspense>
    </>
  );
}
