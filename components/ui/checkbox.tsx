import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

/** A labelled checkbox with an optional description line. */
export function Checkbox({
  label,
  description,
  className,
  id,
  ...props
}: Omit<ComponentProps<'input'>, 'type'> & { id: string; label: ReactNode; description?: ReactNode }) {
  return (
    <div className={cn('flex items-start gap-3', className)}>
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-zinc-600"
        aria-describedby={description ? `${id}-description` : undefined}
        {...props}
      />
      <div className="text-sm leading-5">
        <label htmlFor={id} className="font-medium text-zinc-900 dark:text-zinc-100">
          {label}
        </label>
        {description ? (
          <p id={`${id}-description`} className="text-xs text-zinc-600 dark:text-zinc-400">
            {description}
          </p>
        ) : null}
      </div>
    </div>
  );
}
