import type { ReactNode } from 'react';
import { LogoMark } from '@/components/ui/icons';
import { ThemeToggle } from './theme-toggle';

/** Centered frame for sign-in and first-run setup. */
export function AuthFrame({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <div className="flex justify-end p-4">
        <ThemeToggle />
      </div>
      <main className="flex flex-1 flex-col items-center px-4 pt-[6vh] pb-16">
        <div className="mb-8 flex items-center gap-2 text-zinc-900 dark:text-white">
          <LogoMark className="size-8 text-indigo-600 dark:text-indigo-400" />
          <span className="text-xl font-semibold tracking-tight">Hubkeeper</span>
        </div>
        <div className={wide ? 'w-full max-w-md' : 'w-full max-w-sm'}>{children}</div>
      </main>
    </div>
  );
}
