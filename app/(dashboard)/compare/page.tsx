import type { Metadata } from 'next';
import { CompareView, type CompareOption } from '@/components/instances/compare-view';
import { Forbidden } from '@/components/shell/forbidden';
import { PageHeader } from '@/components/ui/page-header';
import { hasPermission } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/session';
import { listInstances } from '@/lib/services/instances';
import { compareQuerySchema } from '@/lib/validations/instances';

export const metadata: Metadata = { title: 'Compare' };

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  if (!hasPermission(user, 'instances.view')) return <Forbidden />;
  const params = await searchParams;
  const raw = typeof params.instances === 'string' ? params.instances : '';
  const parsed = compareQuerySchema.safeParse({ instances: raw });
  const selected = parsed.success
    ? parsed.data.instances.map((t) => (t.namespace === null ? t.instanceId : `${t.instanceId}:${t.namespace}`))
    : [];
  const instances = await listInstances(user);
  const options: CompareOption[] = instances.flatMap((i) => [
    { value: i.id, label: `${i.name} — ${i.username}` },
    ...i.namespaces.map((ns) => ({ value: `${i.id}:${ns}`, label: `${i.name} — ${ns}` })),
  ]);
  return (
    <>
      <PageHeader
        title="Compare namespaces"
        description="Repository counts, newest pushes, and repositories that exist on one side but not the other."
      />
      <CompareView key={selected.join(',')} options={options} selected={selected} />
    </>
  );
}
