import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { LockIcon } from '@/components/ui/icons';

/** The 403 page body: rendered by a page when the signed-in user lacks its permission. */
export function Forbidden({ detail }: { detail?: string }) {
  return (
    <div className="flex flex-col items-center justify-center py-16 text-center" data-testid="forbidden">
      <div className="flex size-12 items-center justify-center rounded-full bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">
        <LockIcon className="size-6" />
      </div>
      <h1 className="mt-4 text-lg font-semibold text-zinc-900 dark:text-zinc-100">
        You don&apos;t have access to this page
      </h1>
      <p className="mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
        {detail ?? 'Your roles do not include this area. Ask an admin if you need access.'}
      </p>
      <Link href="/instances" className={buttonClasses('secondary', 'md', 'mt-6')}>
        Back to instances
      </Link>
    </div>
  );
}
