import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { HubAuditView } from '@/components/teams/hub-audit-view';
import { OrgPageHeader } from '@/components/teams/org-page-header';
import { Forbidden } from '@/components/shell/forbidden';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getInstance } from '@/lib/services/instances';

export const metadata: Metadata = { title: 'Docker Hub audit log' };

export default async function HubAuditPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instanceId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'audit.view')) return <Forbidden />;
  const instance = await getInstance(user, instanceId);
  if (instance === null) notFound();
  return (
    <>
      <OrgPageHeader instance={instance} tab="hub-audit" />
      <Suspense>
        <HubAuditView instanceId={instance.id} />
      </Suspense>
    </>
  );
}
