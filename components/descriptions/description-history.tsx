'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import { Spinner } from '@/components/ui/spinner';
import { descriptionUrls } from '@/lib/descriptions/dto';
import { DiffView } from './diff-view';
import { descriptionKeys, fetchDescriptionHistory } from './queries';

/** Every description change made through Hubkeeper for one repository, newest first, with differences. */
export function DescriptionHistory({ instanceId, namespace, repository }: { instanceId: string; namespace: string; repository: string }) {
  const history = useQuery({
    queryKey: descriptionKeys.history(instanceId, namespace, repository),
    queryFn: ({ signal }) => fetchDescriptionHistory(instanceId, namespace, repository, signal),
  });
  return (
    <section className="rounded-lg bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800" data-testid="description-history">
      <h2 className="border-b border-zinc-200 px-4 py-3 text-sm font-semibold text-zinc-900 dark:border-zinc-800 dark:text-zinc-100">Description history</h2>
      <div className="px-4 py-3">
        {history.isPending ? (
          <span className="flex items-center gap-2 text-sm text-zinc-500">
            <Spinner className="size-4" /> Loading…
          </span>
        ) : history.isError ? (
          <Alert variant="error">{history.error.message}</Alert>
        ) : history.data.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No description changes were made through Hubkeeper yet.</p>
        ) : (
          <ol className="space-y-4">
            {history.data.map((change) => (
              <li key={change.id} className="text-sm" data-testid="description-change">
                <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
                  <LocalTime iso={change.at} />
                  <span>·</span>
                  <span>{change.actorEmail ?? 'unknown user'}</span>
                  {change.bulkJobId ? (
                    <Link href={descriptionUrls.jobPage(instanceId, change.bulkJobId)} className="hover:underline">
                      <Badge variant="accent">bulk edit</Badge>
                    </Link>
                  ) : null}
                </div>
                {change.description ? (
                  <p className="mt-1">
                    <span className="mr-2 text-xs font-medium text-zinc-500">Short:</span>
                    <DiffView parts={change.description.diff} />
                  </p>
                ) : null}
                {change.fullDescription ? (
                  <div className="mt-1">
                    <span className="mr-2 text-xs font-medium text-zinc-500">
                      Full ({change.fullDescription.beforeBytes.toLocaleString()} → {change.fullDescription.afterBytes.toLocaleString()} bytes):
                    </span>
                    <pre className="mt-1 max-h-48 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950">
                      <DiffView parts={change.fullDescription.diff} />
                    </pre>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
