import type { Metadata } from 'next';
import { PolicyEditor } from '@/components/retention/policy-editor';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { getRetentionInstance } from '@/lib/services/retention';
import { orNotFound } from '../load';

export const metadata: Metadata = { title: 'New retention policy' };

export default async function NewRetentionPolicyPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instanceId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'retention.manage')) return <Forbidden detail="Retention policies are managed by admins." />;
  const instance = await orNotFound(() => getRetentionInstance(user, instanceId));
  return (
    <div>
      <PageHeader
        title="New retention policy"
        description={`${instance.name}: the tester on the right shows what the policy would delete as you type.`}
      />
      <PolicyEditor instance={instance} />
    </div>
  );
}
