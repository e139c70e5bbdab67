import type { Metadata } from 'next';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { CreateUserDialog } from '@/components/users/create-user-dialog';
import { UsersTable } from '@/components/users/users-table';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { listUsers } from '@/lib/services/users';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const user = await requireUser();
  if (!hasPermission(user, 'users.manage')) return <Forbidden />;
  const users = await listUsers();
  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in to Hubkeeper and what they may do. Changes apply on each person's next request."
        actions={<CreateUserDialog />}
      />
      <UsersTable users={users} currentUserId={user.id} />
    </>
  );
}
