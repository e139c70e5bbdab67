import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/components/audit/audit-table';
import { Forbidden } from '@/components/shell/forbidden';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, Select } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getAuditFilterOptions, listAuditEvents } from '@/lib/services/deletions/audit-log';
import { auditFilterSchema } from '@/lib/validations/deletions';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

type Search = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser();
  if (!hasPermission(user, 'audit.view')) return <Forbidden />;
  const raw = await searchParams;
  const values = {
    actor: first(raw.actor) ?? '',
    action: first(raw.action) ?? '',
    instanceId: first(raw.instanceId) ?? '',
    repository: first(raw.repository) ?? '',
    from: first(raw.from) ?? '',
    to: first(raw.to) ?? '',
    cursor: first(raw.cursor) ?? '',
  };
  const parsed = auditFilterSchema.safeParse({ ...values, take: '100' });
  const options = await getAuditFilterOptions(user);
  const page = parsed.success ? await listAuditEvents(user, parsed.data) : null;
  const filterQuery = new URLSearchParams(
    Object.entries({ ...values, cursor: '' }).filter(([, v]) => v !== ''),
  ).toString();
  const hasFilter = filterQuery !== '';

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made through Hubkeeper, newest first. Rows are append-only and hash-chained: `npm run audit:verify` detects an edited, deleted or reordered row."
        actions={
          <>
            <Link href="/audit/pushes" className={buttonClasses('ghost', 'sm')}>
              Recent pushes on Docker Hub
            </Link>
            <a
              href={`/api/audit/export${filterQuery ? `?${filterQuery}` : ''}`}
              className={buttonClasses('secondary', 'sm')}
              data-testid="audit-export"
              download
            >
              Export CSV
            </a>
          </>
        }
      />
      <form
        method="get"
        className="mb-4 grid grid-cols-1 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-zinc-200 sm:grid-cols-3 lg:grid-cols-7 dark:bg-zinc-900 dark:ring-zinc-800"
        aria-label="Filter the audit log"
      >
        <label className="space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Actor (email)
          <Input name="actor" defaultValue={values.actor} placeholder="alice@" />
        </label>
        <label className="space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Action
          <Select name="action" defaultValue={values.action}>
            <option value="">Any action</option>
            {[...new Set(options.actions.map((a) => `${a.split('.')[0]}.`))].map((prefix) => (
              <option key={prefix} value={prefix}>
                {prefix}* (all)
              </option>
            ))}
            {options.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </label>
        <label className="space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Instance
          <Select name="instanceId" defaultValue={values.instanceId}>
            <option value="">Any instance</option>
            {options.instances.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </Select>
        </label>
        <label className="space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Repository
          <Input name="repository" defaultValue={values.repository} placeholder="acme/web" />
        </label>
        <label className="space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          From
          <Input type="datetime-local" name="from" defaultValue={values.from} />
        </label>
        <label className="space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          To
          <Input type="datetime-local" name="to" defaultValue={values.to} />
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClasses('primary', 'md')}>
            Filter
          </button>
          {hasFilter ? (
            <Link href="/audit" className={buttonClasses('ghost', 'md')}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      {!parsed.success ? (
        <Alert variant="error">{parsed.error.issues[0]?.message ?? 'Check the filters.'}</Alert>
      ) : page && page.events.length > 0 ? (
        <div className="space-y-3">
          <AuditTable events={page.events} />
          <div className="flex justify-between text-sm">
            {values.cursor ? (
              <Link
                href={`/audit${filterQuery ? `?${filterQuery}` : ''}`}
                className="text-indigo-700 hover:underline dark:text-indigo-400"
              >
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link
                href={`/audit?${new URLSearchParams([...new URLSearchParams(filterQuery), ['cursor', page.nextCursor]]).toString()}`}
                className="text-indigo-700 hover:underline dark:text-indigo-400"
                data-testid="audit-older"
              >
                Older →
              </Link>
            ) : null}
          </div>
        </div>
      ) : (
        <EmptyState
          title="No events"
          description={hasFilter ? 'No audit event matches these filters.' : 'Nothing has been recorded yet.'}
        />
      )}
    </>
  );
}
