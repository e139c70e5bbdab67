// Role -> permission table. Client-safe (no server imports) so navigation can hide what a
// role cannot use; the server checks the same table on every action and route handler.

export const ROLES = ['ADMIN', 'APPROVER', 'VIEWER'] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_LABELS: Record<RoleName, string> = {
  ADMIN: 'Admin',
  APPROVER: 'Approver',
  VIEWER: 'Viewer',
};

export const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  ADMIN: 'Manages instances, users and descriptions; requests tag deletions.',
  APPROVER: 'Approves or rejects tag deletion requests.',
  VIEWER: 'Read-only access to instances, repositories, approvals and the audit log.',
};

export const PERMISSIONS = [
  'users.manage',
  'instances.view',
  'instances.manage',
  'repositories.view',
  'descriptions.edit',
  'access.manage',
  'deletions.view',
  'deletions.request',
  'deletions.approve',
  'audit.view',
  'retention.manage',
  'settings.view',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What every signed-in, active user may do (reading). */
const READ: readonly Permission[] = [
  'instances.view',
  'repositories.view',
  'deletions.view',
  'audit.view',
  'settings.view',
];

export const ROLE_PERMISSIONS: Readonly<Record<RoleName, readonly Permission[]>> = {
  ADMIN: [
    ...READ,
    'users.manage',
    'instances.manage',
    'descriptions.edit',
    'access.manage',
    'deletions.request',
    'retention.manage',
  ],
  // Approving is deliberately not part of ADMIN: requesting and approving a deletion are
  // separate duties. A person may hold both roles.
  APPROVER: [...READ, 'deletions.approve'],
  VIEWER: [...READ],
};

/** Anything with roles (and optionally an active flag), e.g. CurrentUser. */
export interface HasRoles {
  roles: readonly string[];
  active?: boolean;
}

/** The union of the permissions of every role held; unknown role names grant nothing. */
export function permissionsFor(roles: readonly string[]): Set<Permission> {
  const result = new Set<Permission>();
  for (const role of roles) {
    const granted = (ROLE_PERMISSIONS as Record<string, readonly Permission[] | undefined>)[role];
    for (const p of granted ?? []) result.add(p);
  }
  return result;
}

/** Whether `user` holds `permission`. A missing user or a deactivated one holds nothing. */
export function hasPermission(user: HasRoles | null | undefined, permission: Permission): boolean {
  if (!user || user.active === false) return false;
  return permissionsFor(user.roles).has(permission);
}

export function isRole(value: unknown): value is RoleName {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
