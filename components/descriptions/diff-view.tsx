import type { DiffPart } from '@/lib/descriptions/diff';
import { cn } from '@/components/ui/cn';

/** Inline diff: deletions struck through in red, insertions in green. Whitespace is kept. */
export function DiffView({ parts, className, empty = '(empty)' }: { parts: DiffPart[]; className?: string; empty?: string }) {
  if (parts.length === 0) return <span className="text-zinc-400 italic dark:text-zinc-500">{empty}</span>;
  return (
    <span className={cn('break-words whitespace-pre-wrap', className)} data-testid="diff">
      {parts.map((part, i) =>
        part.op === 'equal' ? (
          <span key={i}>{part.text}</span>
        ) : part.op === 'delete' ? (
          <del key={i} className="rounded-sm bg-red-100 text-red-800 decoration-red-500 dark:bg-red-500/20 dark:text-red-200">
            {part.text}
          </del>
        ) : (
          <ins key={i} className="rounded-sm bg-emerald-100 text-emerald-900 no-underline dark:bg-emerald-500/20 dark:text-emerald-200">
            {part.text}
          </ins>
        ),
      )}
    </span>
  );
}

/** Only the "after" side of a diff, with the insertions highlighted. */
export function AfterView({ parts, className }: { parts: DiffPart[]; className?: string }) {
  return <DiffView parts={parts.filter((p) => p.op !== 'delete')} className={className} />;
}
