import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { RequestDetail } from '@/components/approvals/request-detail';
import { Forbidden } from '@/components/shell/forbidden';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { getDeletionRequest, type DeletionRequestDetailDTO } from '@/lib/services/deletions';

export const metadata: Metadata = { title: 'Deletion request' };
export const dynamic = 'force-dynamic';

export default async function RequestPage({ params }: { params: Promise<{ requestId: string }> }) {
  const { requestId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'deletions.view')) return <Forbidden />;
  let request: DeletionRequestDetailDTO;
  try {
    request = await getDeletionRequest(user, requestId);
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
  return (
    <div className="space-y-4">
      <nav className="text-sm text-zinc-600 dark:text-zinc-400" aria-label="Breadcrumb">
        <Link href={request.status === 'pending' ? '/approvals' : '/requests'} className="hover:underline">
          {request.status === 'pending' ? 'Approvals' : 'Deletion requests'}
        </Link>
        <span className="px-1.5">/</span>
        <span>Request</span>
      </nav>
      <RequestDetail initial={request} />
    </div>
  );
}
