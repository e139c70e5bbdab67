// Shows a Docker Hub token-type or scope refusal explained: what Hub refused, why, which token
// (and scope) works, and a link to fix it. Works in server and client components. Build the
// `explanation` with explainHubError (lib/hub-errors/explain.ts), or pass a HubProblem value.
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import type { HubErrorExplanation as Explanation } from '@/lib/hub-errors/explain';

export function HubErrorExplanation({
  explanation,
  className,
  variant = 'error',
}: {
  explanation: Explanation;
  className?: string;
  /** 'warning' when nothing was refused yet (e.g. "needs an OAT instance" before calling Hub). */
  variant?: 'error' | 'warning';
}) {
  const tone =
    variant === 'error'
      ? 'bg-red-50 text-red-950 ring-red-200 dark:bg-red-950/40 dark:text-red-50 dark:ring-red-900'
      : 'bg-amber-50 text-amber-950 ring-amber-200 dark:bg-amber-950/40 dark:text-amber-50 dark:ring-amber-900';
  return (
    <div
      role={variant === 'error' ? 'alert' : 'status'}
      data-testid="hub-error-explanation"
      data-code={explanation.code}
      data-needed-kind={explanation.neededKind}
      className={cn('rounded-md px-4 py-3 text-sm ring-1 ring-inset', tone, className)}
    >
      <p className="font-semibold" data-testid="hub-error-title">
        {explanation.title}
      </p>
      <dl className="mt-2 space-y-2">
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide opacity-70">What Docker Hub refused</dt>
          <dd data-testid="hub-error-what">{explanation.what}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide opacity-70">Why</dt>
          <dd data-testid="hub-error-why">{explanation.why}</dd>
        </div>
        <div>
          <dt className="text-xs font-medium uppercase tracking-wide opacity-70">What works</dt>
          <dd data-testid="hub-error-fix">
            {explanation.fix}{' '}
            <span className="text-xs opacity-80">
              (needs {explanation.neededKind === 'OAT' ? 'an organization access token' : 'a personal access token'}:{' '}
              {explanation.neededScope})
            </span>
          </dd>
        </div>
      </dl>
      <Link
        href={explanation.link.href}
        className={cn(buttonClasses('secondary', 'sm'), 'mt-3')}
        data-testid="hub-error-link"
      >
        {explanation.link.label}
      </Link>
    </div>
  );
}

/** A Hub problem value ({code, message, explanation}): explained when it can be, else its message. */
export function HubProblem({
  problem,
  title = 'Docker Hub refused this',
  className,
}: {
  problem: { code: string; message: string; explanation: Explanation | null };
  title?: string;
  className?: string;
}) {
  if (problem.explanation)
    return (
      <HubErrorExplanation explanation={problem.explanation} {...(className === undefined ? {} : { className })} />
    );
  return (
    <Alert variant="error" title={title} {...(className === undefined ? {} : { className })}>
      <span data-testid="hub-problem-message">{problem.message}</span>
    </Alert>
  );
}
