'use client';

/** A timestamp in the viewer's locale and time zone (the server render may differ by zone; that is expected). */
export function LocalTime({
  iso,
  fallback = '—',
  className,
}: {
  iso: string | null | undefined;
  fallback?: string;
  className?: string;
}) {
  if (!iso) return <span className={className}>{fallback}</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString()} className={className} suppressHydrationWarning>
      {date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  );
}
