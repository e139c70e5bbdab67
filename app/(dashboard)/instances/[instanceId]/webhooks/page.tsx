import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { DeletionSettingsForm, WebhookSettings } from '@/components/webhooks/webhook-settings';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { getDeletionSettings } from '@/lib/services/deletions';
import { getWebhookInstance, listWebhookDeliveries, listWebhookEndpoints } from '@/lib/services/webhooks';

export const metadata: Metadata = { title: 'Webhooks' };
export const dynamic = 'force-dynamic';

export default async function InstanceWebhooksPage({ params }: { params: Promise<{ instanceId: string }> }) {
  const { instanceId } = await params;
  const user = await requireUser();
  if (!hasPermission(user, 'instances.manage')) return <Forbidden />;
  let instance: { id: string; name: string };
  try {
    instance = await getWebhookInstance(user, instanceId);
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
  const [endpoints, deliveries, settings] = await Promise.all([
    listWebhookEndpoints(user, instance.id),
    listWebhookDeliveries(user, instance.id),
    getDeletionSettings(instance.id),
  ]);
  return (
    <>
      <nav className="mb-2 text-sm text-zinc-600 dark:text-zinc-400" aria-label="Breadcrumb">
        <Link href={`/instances/${encodeURIComponent(instance.id)}`} className="hover:underline">
          {instance.name}
        </Link>
        <span className="px-1.5">/</span>
        <span>Webhooks</span>
      </nav>
      <PageHeader title="Webhooks and deletion settings" description={`Notifications about tag deletion requests on ${instance.name}.`} />
      <div className="space-y-6">
        <DeletionSettingsForm instanceId={instance.id} initial={settings} />
        <WebhookSettings instanceId={instance.id} initial={{ endpoints, deliveries }} />
      </div>
    </>
  );
}
