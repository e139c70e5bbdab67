'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { signOut } from 'next-auth/react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { ChevronDownIcon } from '@/components/ui/icons';
import { ROLE_LABELS, type RoleName } from '@/lib/auth/permissions';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters =
    parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[parts.length - 1]?.[0] ?? ''}` : (parts[0]?.slice(0, 2) ?? '?');
  return letters.toUpperCase();
}

/** Avatar button with a menu: who you are, your roles, account settings and sign-out. */
export function UserMenu({ user }: { user: { name: string; email: string; roles: RoleName[] } }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  async function handleSignOut() {
    setSigningOut(true);
    // redirect: false, then navigate here: stays on the app's own origin whatever NEXTAUTH_URL says.
    await signOut({ redirect: false });
    router.replace('/login');
    router.refresh();
  }

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
        data-testid="user-menu-button"
        className="flex items-center gap-2 rounded-md p-1 pr-2 text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:bg-zinc-800"
      >
        <span className="flex size-7 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white dark:bg-indigo-500">
          {initials(user.name)}
        </span>
        <span className="hidden max-w-40 truncate font-medium text-zinc-800 sm:block dark:text-zinc-200">
          {user.name}
        </span>
        <ChevronDownIcon className="size-4 text-zinc-500" />
      </button>
      <div
        id={menuId}
        role="menu"
        hidden={!open}
        className={cn(
          'absolute right-0 z-40 mt-2 w-72 origin-top-right rounded-lg bg-white p-1 shadow-lg ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800',
        )}
      >
        <div className="px-3 py-2.5">
          <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100" data-testid="user-menu-name">
            {user.name}
          </p>
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">{user.email}</p>
          <div className="mt-2 flex flex-wrap gap-1" data-testid="user-menu-roles">
            {user.roles.map((r) => (
              <Badge key={r} variant={r === 'ADMIN' ? 'accent' : r === 'APPROVER' ? 'info' : 'neutral'}>
                {ROLE_LABELS[r]}
              </Badge>
            ))}
          </div>
        </div>
        <div className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
        <Link
          role="menuitem"
          href="/settings"
          onClick={() => setOpen(false)}
          className="block rounded-md px-3 py-2 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Account settings
        </Link>
        <button
          role="menuitem"
          type="button"
          onClick={handleSignOut}
          disabled={signingOut}
          className="block w-full rounded-md px-3 py-2 text-left text-sm text-zinc-700 hover:bg-zinc-100 disabled:opacity-60 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </div>
  );
}
