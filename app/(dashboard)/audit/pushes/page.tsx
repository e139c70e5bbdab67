import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Breadcrumbs } from '@/components/repositories/breadcrumbs';
import { RecentPushes } from '@/components/repositories/recent-pushes';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Recent pushes' };

export default async function RecentPushesPage() {
  const user = await requireUser();
  if (!hasPermission(user, 'audit.view')) return <Forbidden />;
  return (
    <>
      <Breadcrumbs items={[{ label: 'Audit log', href: '/audit' }, { label: 'Recent pushes' }]} />
      <PageHeader
        title="Recent pushes"
        description="Tags pushed within a time window across every instance and namespace, with who pushed them."
      />
      <Suspense>
        <RecentPushes />
      </Suspense>
    </>
  );
}
