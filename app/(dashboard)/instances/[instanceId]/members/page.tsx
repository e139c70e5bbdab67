import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { OrgPageHeader } from '@/components/teams/org-page-header';
import { MembersView } from '@/components/teams/members-view';
import { Forbidden } from '@/components/shell/forbidden';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getInstance } from '@/lib/services/instances';

export const metadata: Metadata = { title: 'Members' };

type Props = {
  params: Promise<{ instanceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function MembersPage({ params, searchParams }: Props) {
  const { instanceId } = await params;
  const org = (await searchParams).org;
  const user = await requireUser();
  if (!hasPermission(user, 'instances.view')) return <Forbidden />;
  const instance = await getInstance(user, instanceId);
  if (instance === null) notFound();
  const chosen = typeof org === 'string' && org !== '' ? org : undefined;
  return (
    <>
      <OrgPageHeader instance={instance} tab="members" />
      <Suspense>
        <MembersView key={chosen ?? ''} instanceId={instance.id} org={chosen} />
      </Suspense>
    </>
  );
}
