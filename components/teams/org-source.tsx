'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Select } from '@/components/ui/input';
import type { OrgSourceDto } from './queries';

/** Which organization is shown and through which instance; a switcher when the instance has several namespaces. */
export function OrgSource({ source }: { source: OrgSourceDto }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (
    <div
      className="mb-4 flex flex-wrap items-center gap-3 text-sm text-zinc-600 dark:text-zinc-400"
      data-testid="org-source"
    >
      {source.orgChoices.length > 1 ? (
        <label className="flex items-center gap-2">
          <span>Organization</span>
          <Select
            aria-label="Organization"
            className="h-8 w-auto py-0"
            value={source.org}
            onChange={(e) => {
              const next = new URLSearchParams(params.toString());
              next.set('org', e.target.value);
              next.delete('page');
              router.push(`${pathname}?${next.toString()}`);
            }}
          >
            {source.orgChoices.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        </label>
      ) : (
        <span>
          Organization <span className="font-mono text-zinc-900 dark:text-zinc-100">{source.org}</span>
        </span>
      )}
      {source.note ? (
        <span data-testid="org-source-note" className="text-xs">
          {source.note}
        </span>
      ) : null}
    </div>
  );
}
