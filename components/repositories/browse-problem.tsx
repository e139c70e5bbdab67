import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';

/** A problem with what the URL asks for (bad name, unknown namespace, Hub refused), shown in place of the page. */
export function BrowseProblem({ title, message, backHref, backLabel }: { title: string; message: string; backHref: string; backLabel: string }) {
  return (
    <div className="space-y-4" data-testid="browse-problem">
      <Alert variant="error" title={title}>
        {message}
      </Alert>
      <Link href={backHref} className={buttonClasses('secondary')}>
        {backLabel}
      </Link>
    </div>
  );
}
