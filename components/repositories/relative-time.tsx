'use client';

import { formatExact, formatRelative } from '@/lib/tags/format';
import { useNow } from './use-now';

/** "3 days ago", with the exact UTC time on hover. `ms` null shows `fallback` ("never", "—"). */
export function RelativeTime({ ms, fallback = '—', className }: { ms: number | null; fallback?: string; className?: string }) {
  const now = useNow(60_000);
  if (ms === null) return <span className={className}>{fallback}</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatExact(ms)} className={className} suppressHydrationWarning>
      {formatRelative(ms, now)}
    </time>
  );
}
