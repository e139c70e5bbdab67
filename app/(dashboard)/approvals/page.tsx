import type { Metadata } from 'next';
import Link from 'next/link';
import { RequestsList } from '@/components/approvals/requests-list';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { listDeletionRequests } from '@/lib/services/deletions';

export const metadata: Metadata = { title: 'Approvals' };
export const dynamic = 'force-dynamic';

export default async function ApprovalsPage() {
  const user = await requireUser();
  if (!hasPermission(user, 'deletions.view')) return <Forbidden />;
  const pending = await listDeletionRequests(user, { status: 'pending', take: 200 });
  const approver = hasPermission(user, 'deletions.approve');
  return (
    <>
      <PageHeader
        title="Approvals"
        description={
          approver
            ? 'Tag deletion requests waiting for a decision, oldest first. Nothing is deleted until a request has its required approvals; requesters cannot approve their own requests.'
            : 'Tag deletion requests waiting for an approver, oldest first.'
        }
        actions={
          <Link href="/requests" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-400">
            All requests
          </Link>
        }
      />
      <RequestsList
        query="status=pending&take=200"
        initial={pending}
        emptyTitle="Nothing to approve"
        emptyText="No deletion request is waiting for a decision."
      />
    </>
  );
}
