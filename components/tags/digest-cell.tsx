'use client';

import { useToast } from '@/components/ui/toast';
import { shortDigest, type DigestGroup } from '@/lib/tags/digest-groups';

// Colours that mark tags sharing one digest; the group's ordinal picks one.
export const GROUP_COLOURS = [
  { bar: 'shadow-[inset_3px_0_0_0_#6366f1]', pill: 'bg-indigo-100 text-indigo-800 dark:bg-indigo-400/15 dark:text-indigo-200' },
  { bar: 'shadow-[inset_3px_0_0_0_#f59e0b]', pill: 'bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200' },
  { bar: 'shadow-[inset_3px_0_0_0_#10b981]', pill: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-400/15 dark:text-emerald-200' },
  { bar: 'shadow-[inset_3px_0_0_0_#ec4899]', pill: 'bg-pink-100 text-pink-900 dark:bg-pink-400/15 dark:text-pink-200' },
  { bar: 'shadow-[inset_3px_0_0_0_#0ea5e9]', pill: 'bg-sky-100 text-sky-900 dark:bg-sky-400/15 dark:text-sky-200' },
  { bar: 'shadow-[inset_3px_0_0_0_#8b5cf6]', pill: 'bg-violet-100 text-violet-900 dark:bg-violet-400/15 dark:text-violet-200' },
  { bar: 'shadow-[inset_3px_0_0_0_#ef4444]', pill: 'bg-red-100 text-red-900 dark:bg-red-400/15 dark:text-red-200' },
  { bar: 'shadow-[inset_3px_0_0_0_#84cc16]', pill: 'bg-lime-100 text-lime-900 dark:bg-lime-400/15 dark:text-lime-200' },
] as const;

export function groupColour(group: DigestGroup | undefined): (typeof GROUP_COLOURS)[number] | null {
  if (group === undefined) return null;
  return GROUP_COLOURS[group.ordinal % GROUP_COLOURS.length] ?? null;
}

function sharedTitle(group: DigestGroup, self: string): string {
  const others = group.tags.filter((n) => n !== self);
  const shown = others.slice(0, 6).join(', ');
  const more = others.length > 6 ? ` and ${others.length - 6} more` : '';
  return `Same image as ${shown}${more}. Deleting this tag alone frees no storage. Click to show all ${group.tags.length} tags with this digest.`;
}

/** Short digest with a copy button, and a coloured "×N shared" marker when other tags point at the same image. */
export function DigestCell({
  tagName,
  digest,
  group,
  onShowGroup,
}: {
  tagName: string;
  digest: string | null;
  group: DigestGroup | undefined;
  onShowGroup: (digest: string) => void;
}) {
  const toast = useToast();
  if (digest === null) return <span className="text-zinc-400" title="Docker Hub reports no digest for this tag">—</span>;
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(digest);
      toast({ title: 'Digest copied', description: digest, variant: 'success' });
    } catch {
      toast({ title: 'Could not copy', description: 'The browser refused clipboard access.', variant: 'error' });
    }
  };
  const colour = groupColour(group);
  return (
    <span className="flex min-w-0 items-center gap-1.5">
      <button
        type="button"
        onClick={() => void copy()}
        title={`${digest} (click to copy)`}
        aria-label={`Copy digest ${digest}`}
        className="truncate rounded px-1 font-mono text-xs text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        {shortDigest(digest)}
      </button>
      {group !== undefined && colour !== null ? (
        <button
          type="button"
          data-testid="shared-digest"
          onClick={() => onShowGroup(digest)}
          title={sharedTitle(group, tagName)}
          aria-label={`Shares its digest with ${group.tags.length - 1} other tag${group.tags.length === 2 ? '' : 's'}`}
          className={`shrink-0 rounded-full px-1.5 py-0.5 text-[11px] font-semibold ${colour.pill}`}
        >
          ×{group.tags.length}
        </button>
      ) : null}
    </span>
  );
}
