'use client';

import { useEffect } from 'react';
import { Button } from '@/components/ui/button';

/** Last-resort error boundary. Server errors arrive without their message in production; the digest ties them to the server log. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <h1 className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">Something went wrong</h1>
      <p className="mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
        The page could not be shown.{error.digest ? ` Reference ${error.digest}.` : ''} Try again; if it keeps failing,
        tell your admin the reference.
      </p>
      <Button className="mt-6" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
