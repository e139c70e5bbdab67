import type { Metadata } from 'next';
import { PolicyEditor } from '@/components/retention/policy-editor';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getRetentionInstance, getRetentionPolicy } from '@/lib/services/retention';
import { orNotFound } from '../load';

export const metadata: Metadata = { title: 'Retention policy' };

export default async function RetentionPolicyPage({
  params,
}: {
  params: Promise<{ instanceId: string; policyId: string }>;
}) {
  const { instanceId, policyId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'retention.manage')) return <Forbidden detail="Retention policies are managed by admins." />;
  const instance = await orNotFound(() => getRetentionInstance(user, instanceId));
  const policy = await orNotFound(() => getRetentionPolicy(user, instanceId, policyId));
  return (
    <div>
      <PageHeader title={policy.spec.name} description={`${instance.name} · retention policy`} />
      {/* Keyed by the saved version, so the form starts from what was saved after each save. */}
      <PolicyEditor key={policy.updatedAt} instance={instance} policy={policy} />
    </div>
  );
}
