import type { ReactNode } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { ClockIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';

/** An honest placeholder for a section that is not built yet. */
export function ComingSoon({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children?: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState
        icon={<ClockIcon className="size-8" />}
        title="Not available yet"
        description="This part of Hubkeeper is still being built. Nothing here is hidden from you; there is simply nothing to show yet."
      />
      {children}
    </>
  );
}
