'use client';

import { HubProblem } from '@/components/hub-errors/hub-error-explanation';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { TeamsApiError } from './queries';

/** A failed teams query: Hub refusals explained, anything else as its message with a retry. */
export function QueryProblem({ error, title, onRetry }: { error: unknown; title: string; onRetry?: () => void }) {
  if (error instanceof TeamsApiError && error.problem) return <HubProblem problem={error.problem} title={title} />;
  return (
    <Alert variant="error" title={title}>
      <p data-testid="api-error">{error instanceof Error ? error.message : 'Something went wrong.'}</p>
      {onRetry ? (
        <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Alert>
  );
}

/** A one-line loading indicator. */
export function Loading({ label }: { label: string }) {
  return (
    <div className="flex items-center gap-2 py-4 text-sm text-zinc-500 dark:text-zinc-400" role="status">
      <Spinner className="size-4" />
      {label}
    </div>
  );
}
