import type { Metadata } from 'next';
import Link from 'next/link';
import { BulkDescriptionEditor } from '@/components/descriptions/bulk-description-editor';
import { BulkJobsList } from '@/components/descriptions/bulk-jobs-list';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { parseRepoList } from '@/lib/descriptions/plan';
import { getDescriptionsInstance } from '@/lib/services/descriptions';

export const metadata: Metadata = { title: 'Bulk description edit' };

export default async function BulkDescriptionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ instanceId: string }>;
  searchParams: Promise<{ repos?: string | string[] }>;
}) {
  const { instanceId } = await params;
  const { repos } = await searchParams;
  const user = await requireUser();
  if (!hasPermission(user, 'descriptions.edit')) return <Forbidden detail="Editing descriptions needs the Admin role." />;
  const instance = await getDescriptionsInstance(user, instanceId);
  const parsed = parseRepoList(repos ?? '', instance.namespaces[0]);
  return (
    <div className="space-y-8">
      <PageHeader
        title="Bulk description edit"
        description={
          <>
            {instance.name}: change the short and/or full description of many repositories at once. Preview first; the change runs in the background.{' '}
            <Link className="underline" href={`/instances/${encodeURIComponent(instanceId)}`}>
              Back to the instance
            </Link>
          </>
        }
      />
      <BulkDescriptionEditor
        instance={{ id: instance.id, name: instance.name, namespaces: instance.namespaces }}
        capability={instance.capability}
        initialRepos={parsed.refs.map((r) => `${r.namespace}/${r.name}`)}
        invalidRepos={parsed.invalid}
      />
      <section className="space-y-3">
        <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Recent bulk edits</h2>
        <BulkJobsList instanceId={instanceId} />
      </section>
    </div>
  );
}
