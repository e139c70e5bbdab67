'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { descriptionUrls } from '@/lib/descriptions/dto';
import { JOB_STATUS } from './bulk-job-progress';
import { descriptionKeys, fetchBulkJobs } from './queries';

/** Recent bulk description edits of an instance. */
export function BulkJobsList({ instanceId }: { instanceId: string }) {
  const jobs = useQuery({
    queryKey: descriptionKeys.jobs(instanceId),
    queryFn: ({ signal }) => fetchBulkJobs(instanceId, signal),
    refetchInterval: (q) => (q.state.data?.some((j) => ['queued', 'running', 'cancelling'].includes(j.status)) ? 3_000 : false),
  });
  if (jobs.isPending) return null;
  if (jobs.isError) return <Alert variant="error">{jobs.error.message}</Alert>;
  if (jobs.data.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No bulk edits yet.</p>;
  return (
    <Table data-testid="bulk-jobs">
      <THead>
        <tr>
          <TH>Started</TH>
          <TH>Change</TH>
          <TH>Progress</TH>
          <TH>Status</TH>
        </tr>
      </THead>
      <TBody>
        {jobs.data.map((job) => (
          <TR key={job.id}>
            <TD className="whitespace-nowrap">
              <Link className="hover:underline" href={descriptionUrls.jobPage(instanceId, job.id)}>
                <LocalTime iso={job.createdAt} />
              </Link>
              <p className="text-xs text-zinc-500">{job.createdByEmail}</p>
            </TD>
            <TD className="max-w-lg text-sm">{job.summary}</TD>
            <TD className="text-sm whitespace-nowrap tabular-nums">
              {job.counts.done}/{job.counts.total}
              {job.counts.failed > 0 ? <span className="text-red-600"> · {job.counts.failed} failed</span> : null}
            </TD>
            <TD>
              <Badge variant={JOB_STATUS[job.status].variant}>{JOB_STATUS[job.status].label}</Badge>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
