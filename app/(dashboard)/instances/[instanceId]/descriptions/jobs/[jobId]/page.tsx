import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BulkJobProgress } from '@/components/descriptions/bulk-job-progress';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { getBulkJob } from '@/lib/services/descriptions';

export const metadata: Metadata = { title: 'Bulk description edit' };

export default async function BulkDescriptionJobPage({ params }: { params: Promise<{ instanceId: string; jobId: string }> }) {
  const { instanceId, jobId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'repositories.view')) return <Forbidden />;
  let job;
  try {
    job = await getBulkJob(user, { instanceId, jobId });
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
  return (
    <div>
      <PageHeader
        title={job.undoOfJobId ? 'Undo of a bulk description edit' : 'Bulk description edit'}
        description={
          hasPermission(user, 'descriptions.edit') ? (
            <Link className="underline" href={`/instances/${encodeURIComponent(instanceId)}/descriptions`}>
              All bulk edits of this instance
            </Link>
          ) : undefined
        }
      />
      <BulkJobProgress instanceId={instanceId} jobId={jobId} initial={job} />
    </div>
  );
}
