'use client';

import { Button } from '@/components/ui/button';
import { formatExact, formatRelative } from '@/lib/tags/format';
import { useNow } from './use-now';

/** "Updated 20 s ago · Refresh": the age of the data and a button that asks Hub again (bypassing caches). */
export function RefreshButton({
  fetchedAt,
  refreshing,
  onRefresh,
  label = 'Refresh',
}: {
  fetchedAt: number | null | undefined;
  refreshing: boolean;
  onRefresh: () => void;
  label?: string;
}) {
  const now = useNow(5_000);
  return (
    <div className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
      {fetchedAt ? (
        <span title={`Docker Hub answered at ${formatExact(fetchedAt)}`} data-testid="data-age" suppressHydrationWarning>
          Updated {formatRelative(fetchedAt, Math.max(now, fetchedAt))}
        </span>
      ) : null}
      <Button variant="secondary" size="sm" loading={refreshing} onClick={onRefresh} aria-label={`${label} from Docker Hub`}>
        {label}
      </Button>
    </div>
  );
}
