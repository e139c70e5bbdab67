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

type Props = {
  params: Promise<{ instanceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function HubAuditPage({ params, searchParams }: Props) {
  const { instanceId } = await params;
  const org = (await searchParams).org;
  const user = await requireUser();
  if (!hasPermission(user, 'audit.view')) return <Forbidden />;
  const instance = await getInstance(user, instanceId);
  if (instance === null) notFound();
  return (
    <>
      <OrgPageHeader
        instance={instance}
        tab="hub-audit"
        org={typeof org === 'string' && org !== '' ? org : undefined}
      />
      <Suspense>
        <HubAuditView instanceId={instance.id} />
      </Suspense>
    </>
  );
}
