import type { Metadata } from 'next';
import Link from 'next/link';
import { RequestsList } from '@/components/approvals/requests-list';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { listDeletionRequests } from '@/lib/services/deletions';
import { DELETION_REQUEST_STATUSES, type DeletionRequestStatusName } from '@/lib/validations/deletions';

export const metadata: Metadata = { title: 'Deletion requests' };
export const dynamic = 'force-dynamic';

const FILTERS: { value: 'all' | 'open' | DeletionRequestStatusName; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'open', label: 'Open' },
  ...DELETION_REQUEST_STATUSES.map((s) => ({ value: s, label: s.charAt(0).toUpperCase() + s.slice(1) })),
];

export default async function RequestsPage({ searchParams }: { searchParams: Promise<{ status?: string; mine?: string }> }) {
  const user = await requireUser();
  if (!hasPermission(user, 'deletions.view')) return <Forbidden />;
  const params = await searchParams;
  const status = FILTERS.find((f) => f.value === params.status)?.value ?? 'all';
  const mine = params.mine === '1';
  const requests = await listDeletionRequests(user, { status, mine, take: 100 });
  const query = `status=${status}&take=100${mine ? '&mine=1' : ''}`;
  return (
    <>
      <PageHeader title="Deletion requests" description="Every tag deletion request and its outcome, newest first." />
      <nav className="mb-4 flex flex-wrap gap-1.5 text-sm" aria-label="Filter by status">
        {FILTERS.map((f) => (
          <Link
            key={f.value}
            href={`/requests?status=${f.value}${mine ? '&mine=1' : ''}`}
            aria-current={f.value === status ? 'page' : undefined}
            className={`rounded-md px-2.5 py-1 ${f.value === status ? 'bg-indigo-600 text-white' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'}`}
          >
            {f.label}
          </Link>
        ))}
        {hasPermission(user, 'deletions.request') ? (
          <Link href={`/requests?status=${status}${mine ? '' : '&mine=1'}`} className="ml-auto rounded-md px-2.5 py-1 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
            {mine ? 'Everyone’s requests' : 'Only mine'}
          </Link>
        ) : null}
      </nav>
      <RequestsList key={query} query={query} initial={requests} emptyTitle="No requests" emptyText="No deletion request matches this filter." />
    </>
  );
}
