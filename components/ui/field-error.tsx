import { cn } from './cn';

/** The first message for a form field, tied to its input with `id` (use aria-describedby). */
export function FieldError({
  id,
  messages,
  className,
}: {
  id?: string;
  messages?: readonly string[] | string | null;
  className?: string;
}) {
  const message = typeof messages === 'string' ? messages : messages?.[0];
  if (!message) return null;
  return (
    <p id={id} className={cn('mt-1.5 text-sm text-red-600 dark:text-red-400', className)}>
      {message}
    </p>
  );
}
