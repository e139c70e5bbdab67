import type { Metadata } from 'next';
import Link from 'next/link';
import { ImportPolicies, PolicyList, RetentionSettingsCard } from '@/components/retention/policy-list';
import { retentionUrls } from '@/components/retention/queries';
import { Forbidden } from '@/components/shell/forbidden';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getRetentionInstance, getRetentionSettings, listRetentionPolicies } from '@/lib/services/retention';
import { orNotFound } from './load';

export const metadata: Metadata = { title: 'Retention policies' };

export default async function RetentionPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instanceId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'retention.manage')) return <Forbidden detail="Retention policies are managed by admins." />;
  const instance = await orNotFound(() => getRetentionInstance(user, instanceId));
  const [policies, settings] = await Promise.all([
    listRetentionPolicies(user, instanceId),
    getRetentionSettings(user, instanceId),
  ]);
  return (
    <div className="space-y-8">
      <PageHeader
        title="Retention policies"
        description={
          <>
            {instance.name}: rules that select old tags and turn them into deletion requests, on a schedule or by hand.{' '}
            <Link className="underline" href={`/instances/${encodeURIComponent(instanceId)}`}>
              Back to the instance
            </Link>
          </>
        }
        actions={
          <>
            <a className={buttonClasses('secondary')} href={retentionUrls.export(instanceId)} download>
              Export JSON
            </a>
            <ImportPolicies instanceId={instanceId} />
            <Link className={buttonClasses('primary')} href={`${retentionUrls.page(instanceId)}/new`}>
              New policy
            </Link>
          </>
        }
      />
      {instance.deleteProblem ? (
        <Alert variant="warning" title="Runs cannot create deletion requests on this instance">
          {instance.deleteProblem}
        </Alert>
      ) : null}
      <PolicyList instanceId={instanceId} policies={policies} />
      <RetentionSettingsCard settings={settings} />
    </div>
  );
}
