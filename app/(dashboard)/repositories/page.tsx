import type { Metadata } from 'next';
import Link from 'next/link';
import { Forbidden } from '@/components/shell/forbidden';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { BoxesIcon, ServerIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { listBrowseInstances } from '@/lib/services/browse';

export const metadata: Metadata = { title: 'Repositories' };

const STATUS: Record<string, { label: string; variant: 'success' | 'danger' | 'warning' | 'neutral' }> = {
  ok: { label: 'OK', variant: 'success' },
  invalid_credentials: { label: 'Token rejected', variant: 'danger' },
  unreachable: { label: 'Unreachable', variant: 'warning' },
  unchecked: { label: 'Not checked', variant: 'neutral' },
};

/** Pick an instance to browse its repositories; links to the cross-instance views. */
export default async function RepositoriesPage() {
  const user = await requireUser();
  if (!hasPermission(user, 'repositories.view')) return <Forbidden />;
  const instances = await listBrowseInstances(user);
  return (
    <>
      <PageHeader
        title="Repositories"
        description="Choose a Docker Hub instance to browse its repositories and tags."
        actions={
          <>
            {hasPermission(user, 'audit.view') ? (
              <Link href="/audit/pushes" className={buttonClasses('secondary')}>
                Recent pushes
              </Link>
            ) : null}
            <Link href="/lookup" className={buttonClasses('secondary')}>
              People lookup
            </Link>
          </>
        }
      />
      {instances.length === 0 ? (
        <EmptyState
          icon={<ServerIcon className="size-8" />}
          title="No Docker Hub instances yet"
          description="Connect a Docker Hub account or organization first; its repositories then show up here."
          action={
            hasPermission(user, 'instances.manage') ? (
              <Link href="/instances/new" className={buttonClasses('primary')}>
                Add an instance
              </Link>
            ) : undefined
          }
        />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" data-testid="instance-picker">
          {instances.map((i) => {
            const status = STATUS[i.status] ?? { label: i.status, variant: 'neutral' as const };
            return (
              <li key={i.id}>
                <Link
                  href={`/instances/${encodeURIComponent(i.id)}/repositories`}
                  className="flex h-full items-start gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-zinc-200 transition hover:ring-indigo-400 dark:bg-zinc-900 dark:ring-zinc-800 dark:hover:ring-indigo-500"
                >
                  <BoxesIcon className="mt-0.5 size-5 shrink-0 text-indigo-600 dark:text-indigo-400" />
                  <span className="min-w-0 flex-1">
                    <span className="flex items-center gap-2">
                      <span className="truncate font-semibold text-zinc-900 dark:text-zinc-100">{i.name}</span>
                      <Badge variant={status.variant}>{status.label}</Badge>
                    </span>
                    <span className="mt-1 block truncate text-sm text-zinc-600 dark:text-zinc-400">
                      {i.kind === 'OAT' ? 'Organization' : 'Account'} {i.username}
                      {i.namespaces.length > 1 ? ` · also ${i.namespaces.slice(1).join(', ')}` : ''}
                    </span>
                    {i.privateNotice ? (
                      <span className="mt-1 block text-xs text-amber-700 dark:text-amber-400">
                        Public repositories only
                      </span>
                    ) : null}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
