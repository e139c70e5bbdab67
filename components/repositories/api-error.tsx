'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/** An error from a browse API call, shown in place with its message and a retry. */
export function ApiErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <Alert variant="error" title={title ?? 'Could not load this from Docker Hub'}>
      <p data-testid="api-error">{message}</p>
      {onRetry ? (
        <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Alert>
  );
}
