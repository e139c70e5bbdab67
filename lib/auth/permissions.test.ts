import { describe, expect, it } from 'vitest';
import {
  hasPermission,
  isRole,
  PERMISSIONS,
  permissionsFor,
  ROLE_PERMISSIONS,
  ROLES,
  type Permission,
} from './permissions';

const WRITE: Permission[] = [
  'users.manage',
  'instances.manage',
  'descriptions.edit',
  'access.manage',
  'deletions.request',
  'deletions.approve',
  'retention.manage',
];

describe('role -> permission table', () => {
  it('lets ADMIN manage users, instances, descriptions and request deletions, but not approve them', () => {
    const admin = { roles: ['ADMIN'] };
    for (const p of [
      'users.manage',
      'instances.manage',
      'descriptions.edit',
      'deletions.request',
      'retention.manage',
      'instances.view',
    ] as const) {
      expect(hasPermission(admin, p), p).toBe(true);
    }
    expect(hasPermission(admin, 'deletions.approve')).toBe(false);
  });

  it('lets APPROVER approve deletions and read, nothing else', () => {
    const approver = { roles: ['APPROVER'] };
    expect(hasPermission(approver, 'deletions.approve')).toBe(true);
    expect(hasPermission(approver, 'instances.view')).toBe(true);
    for (const p of WRITE.filter((w) => w !== 'deletions.approve')) expect(hasPermission(approver, p), p).toBe(false);
  });

  it('keeps VIEWER read-only', () => {
    const viewer = { roles: ['VIEWER'] };
    for (const p of WRITE) expect(hasPermission(viewer, p), p).toBe(false);
    for (const p of ['instances.view', 'repositories.view', 'deletions.view', 'audit.view', 'settings.view'] as const) {
      expect(hasPermission(viewer, p), p).toBe(true);
    }
  });

  it('unions the permissions of several roles', () => {
    const both = { roles: ['ADMIN', 'APPROVER'] };
    expect(hasPermission(both, 'deletions.request')).toBe(true);
    expect(hasPermission(both, 'deletions.approve')).toBe(true);
    expect(permissionsFor(['ADMIN', 'APPROVER']).size).toBe(
      new Set([...ROLE_PERMISSIONS.ADMIN, ...ROLE_PERMISSIONS.APPROVER]).size,
    );
  });

  it('grants nothing to a missing, deactivated or unknown-role user', () => {
    expect(hasPermission(null, 'instances.view')).toBe(false);
    expect(hasPermission(undefined, 'instances.view')).toBe(false);
    expect(hasPermission({ roles: ['ADMIN'], active: false }, 'instances.view')).toBe(false);
    expect(hasPermission({ roles: ['ROOT'] }, 'instances.view')).toBe(false);
    expect(hasPermission({ roles: [] }, 'instances.view')).toBe(false);
  });

  it('grants every permission to at least one role, and only known permissions', () => {
    const granted = new Set(ROLES.flatMap((r) => ROLE_PERMISSIONS[r]));
    expect([...granted].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('recognises role names', () => {
    expect(isRole('ADMIN')).toBe(true);
    expect(isRole('admin')).toBe(false);
    expect(isRole(3)).toBe(false);
  });
});
