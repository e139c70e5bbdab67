import type { ReactNode } from 'react';
import { cn } from './cn';
import { FieldError } from './field-error';
import { Label } from './label';

/**
 * Label + control + hint + error, wired for accessibility. The control gets `id`,
 * `aria-invalid` and `aria-describedby` through the render prop.
 */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: readonly string[] | string | null;
  className?: string;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const hasError = typeof error === 'string' ? error.length > 0 : Boolean(error && error.length > 0);
  const describedBy =
    [hint ? `${id}-hint` : null, hasError ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('space-y-1.5', className)}>
      <Label htmlFor={id}>{label}</Label>
      {children({ id, 'aria-invalid': hasError ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} messages={error} className="mt-0" />
    </div>
  );
}
