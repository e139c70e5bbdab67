import Link from 'next/link';
import type { ReactNode } from 'react';
import { LogoMark } from '@/components/ui/icons';
import type { RoleName } from '@/lib/auth/permissions';
import { Nav, type NavLink } from './nav';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

function Logo() {
  return (
    <Link href="/instances" className="flex items-center gap-2 text-zinc-900 dark:text-white">
      <LogoMark className="size-6 text-indigo-600 dark:text-indigo-400" />
      <span className="text-base font-semibold tracking-tight">Hubkeeper</span>
    </Link>
  );
}

/** The signed-in frame: sidebar on wide screens, top bar + nav row below 1024 px. */
export function AppShell({
  user,
  nav,
  children,
}: {
  user: { name: string; email: string; roles: RoleName[] };
  nav: NavLink[];
  children: ReactNode;
}) {
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_minmax(0,1fr)]">
      <aside className="sticky top-0 hidden h-dvh flex-col border-r border-zinc-200 bg-white px-3 py-4 lg:flex dark:border-zinc-800 dark:bg-zinc-900">
        <div className="px-3 pb-6">
          <Logo />
        </div>
        <Nav items={nav} orientation="vertical" />
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
          <div className="flex h-14 items-center gap-3 px-4 sm:px-6">
            <div className="lg:hidden">
              <Logo />
            </div>
            <div className="flex-1" />
            <ThemeToggle />
            <UserMenu user={user} />
          </div>
          <Nav
            items={nav}
            orientation="horizontal"
            className="border-t border-zinc-200 px-3 py-1.5 sm:px-5 lg:hidden dark:border-zinc-800"
          />
        </header>
        <main id="main" className="flex-1 px-4 py-6 sm:px-6 lg:px-8">
          <div className="mx-auto w-full max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
