'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ComponentType, SVGProps } from 'react';
import { cn } from '@/components/ui/cn';
import { BoxesIcon, CheckCircleIcon, ClockIcon, ScrollIcon, SearchIcon, ServerIcon, SettingsIcon, UsersIcon } from '@/components/ui/icons';
import type { NavIcon } from './nav-items';

const ICONS: Record<NavIcon, ComponentType<SVGProps<SVGSVGElement>>> = {
  instances: ServerIcon,
  repositories: BoxesIcon,
  pushes: ClockIcon,
  lookup: SearchIcon,
  approvals: CheckCircleIcon,
  audit: ScrollIcon,
  users: UsersIcon,
  settings: SettingsIcon,
};

export interface NavLink {
  href: string;
  label: string;
  icon: NavIcon;
}

function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** Main navigation: a sidebar list on wide screens, a scrollable row on narrow ones. */
export function Nav({
  items,
  orientation,
  className,
}: {
  items: NavLink[];
  orientation: 'vertical' | 'horizontal';
  className?: string;
}) {
  const pathname = usePathname();
  const vertical = orientation === 'vertical';
  // The longest matching href wins, so /audit/pushes does not also light up /audit.
  const activeHref = items
    .filter((item) => isActive(pathname, item.href))
    .reduce<string | null>((best, item) => (best === null || item.href.length > best.length ? item.href : best), null);
  return (
    <nav aria-label="Main" className={className}>
      <ul className={cn(vertical ? 'space-y-0.5' : 'flex gap-1 overflow-x-auto')}>
        {items.map((item) => {
          const active = item.href === activeHref;
          const Icon = ICONS[item.icon];
          return (
            <li key={item.href} className="shrink-0">
              <Link
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'flex items-center gap-2.5 rounded-md text-sm font-medium transition-colors',
                  vertical ? 'px-3 py-2' : 'px-2.5 py-1.5',
                  active
                    ? 'bg-zinc-900/5 text-zinc-900 dark:bg-white/10 dark:text-white'
                    : 'text-zinc-600 hover:bg-zinc-900/5 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-white/5 dark:hover:text-white',
                )}
              >
                <Icon
                  className={cn(
                    'size-4 shrink-0',
                    vertical ? undefined : 'hidden md:block',
                    active ? 'text-indigo-600 dark:text-indigo-400' : undefined,
                  )}
                />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
