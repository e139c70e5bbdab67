import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { NAV_ITEMS } from '@/components/shell/nav-items';
import { requireUser } from '@/lib/auth/session';
import { hasPermission } from '@/lib/auth/permissions';

/** Signed-in frame. Pages still check their own permission; this only decides what the nav shows. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const nav = NAV_ITEMS.filter((item) => hasPermission(user, item.permission)).map(({ href, label, icon }) => ({
    href,
    label,
    icon,
  }));
  return (
    <AppShell user={{ name: user.name, email: user.email, roles: user.roles }} nav={nav}>
      {children}
    </AppShell>
  );
}
