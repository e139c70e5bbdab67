// Tabs between an instance's organization pages (Teams, Members, Hub audit log). Server- and client-safe.
import Link from 'next/link';
import { cn } from '@/components/ui/cn';

export type OrgTab = 'teams' | 'members' | 'hub-audit';

const TABS: { id: OrgTab; label: string }[] = [
  { id: 'teams', label: 'Teams' },
  { id: 'members', label: 'Members' },
  { id: 'hub-audit', label: 'Hub audit log' },
];

/** Links to /instances/[id]/{teams,members,hub-audit}, keeping the chosen organization. */
export function OrgTabs({ instanceId, active, org }: { instanceId: string; active: OrgTab; org?: string | undefined }) {
  const query = org ? `?org=${encodeURIComponent(org)}` : '';
  return (
    <nav
      aria-label="Organization"
      className="mb-5 flex flex-wrap items-center gap-1 border-b border-zinc-200 dark:border-zinc-800"
    >
      {TABS.map((tab) => (
        <Link
          key={tab.id}
          href={`/instances/${encodeURIComponent(instanceId)}/${tab.id}${query}`}
          aria-current={tab.id === active ? 'page' : undefined}
          className={cn(
            '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
            tab.id === active
              ? 'border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300'
              : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
          )}
        >
          {tab.label}
        </Link>
      ))}
      <Link
        href={`/instances/${encodeURIComponent(instanceId)}`}
        className="ml-auto px-3 py-2 text-sm text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
      >
        Instance details
      </Link>
    </nav>
  );
}
