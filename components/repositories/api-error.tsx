'use client';

import { HubErrorExplanation } from '@/components/hub-errors/hub-error-explanation';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { explainHubError } from '@/lib/hub-errors/explain';

/**
 * An error from a browse API call, shown in place with its message and a retry. Docker Hub's
 * token refusals (PAT/OAT not allowed, insufficient scope) get the full explanation: what was
 * refused, why, which token would work, and a link to set one up.
 */
export function ApiErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null;
  const explanation = code === null ? null : explainHubError({ code }, { feature: 'repositories' });
  const retry = onRetry ? (
    <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
      Try again
    </Button>
  ) : null;
  if (explanation) {
    return (
      <div data-testid="api-error-explained">
        <HubErrorExplanation explanation={explanation} />
        {retry}
      </div>
    );
  }
  return (
    <Alert variant="error" title={title ?? 'Could not load this from Docker Hub'}>
      <p data-testid="api-error">{message}</p>
      {retry}
    </Alert>
  );
}
