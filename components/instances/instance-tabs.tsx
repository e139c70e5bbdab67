'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';

const TABS = [
  { segment: '', label: 'Overview' },
  { segment: 'repositories', label: 'Repositories' },
  { segment: 'descriptions', label: 'Descriptions' },
  { segment: 'retention', label: 'Retention' },
  { segment: 'teams', label: 'Teams' },
  { segment: 'members', label: 'Members' },
  { segment: 'hub-audit', label: 'Hub audit log' },
  { segment: 'webhooks', label: 'Webhooks' },
] as const;

/** Sub-navigation of one instance's pages; every URL carries the instance id so instances open side by side. */
export function InstanceTabs({ instanceId }: { instanceId: string }) {
  const pathname = usePathname();
  const base = `/instances/${encodeURIComponent(instanceId)}`;
  return (
    <nav aria-label="Instance sections" className="mb-6 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      <ul className="flex min-w-max gap-1 text-sm">
        {TABS.map((tab) => {
          const href = tab.segment ? `${base}/${tab.segment}` : base;
          const active = tab.segment
            ? pathname === href || pathname.startsWith(`${href}/`)
            : pathname === base || pathname === `${base}/edit`;
          return (
            <li key={tab.label}>
              <Link
                href={href}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'inline-block border-b-2 px-3 py-2 font-medium',
                  active
                    ? 'border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300'
                    : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
