import type { Metadata } from 'next';
import { CreateInstanceForm } from '@/components/instances/create-instance-form';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Add instance' };

export default async function NewInstancePage({
  searchParams,
}: {
  searchParams: Promise<{ kind?: string; username?: string }>;
}) {
  const { kind, username } = await searchParams;
  const user = await requireUser();
  if (!hasPermission(user, 'instances.manage')) return <Forbidden detail="Only admins can connect Docker Hub accounts." />;
  return (
    <>
      <PageHeader
        title="Add instance"
        description="Connect a Docker Hub account with a personal access token, or an organization with an organization access token."
      />
      <CreateInstanceForm initialKind={kind === 'OAT' ? 'OAT' : 'PAT'} initialUsername={typeof username === 'string' ? username.slice(0, 64) : ''} />
    </>
  );
}
