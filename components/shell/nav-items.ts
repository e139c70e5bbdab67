// Client-safe navigation model. The dashboard layout filters it by the user's permissions.
import type { Permission } from '@/lib/auth/permissions';

export type NavIcon = 'instances' | 'repositories' | 'pushes' | 'lookup' | 'approvals' | 'audit' | 'users' | 'settings';

export interface NavItem {
  href: string;
  label: string;
  icon: NavIcon;
  permission: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/instances', label: 'Instances', icon: 'instances', permission: 'instances.view' },
  { href: '/repositories', label: 'Repositories', icon: 'repositories', permission: 'repositories.view' },
  { href: '/audit/pushes', label: 'Recent pushes', icon: 'pushes', permission: 'repositories.view' },
  { href: '/lookup', label: 'People lookup', icon: 'lookup', permission: 'repositories.view' },
  { href: '/approvals', label: 'Approvals', icon: 'approvals', permission: 'deletions.view' },
  { href: '/audit', label: 'Audit log', icon: 'audit', permission: 'audit.view' },
  { href: '/users', label: 'Users', icon: 'users', permission: 'users.manage' },
  { href: '/settings', label: 'Settings', icon: 'settings', permission: 'settings.view' },
];
