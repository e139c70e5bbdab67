// The people every e2e run has. The admin is created through the first-run /setup page
// (e2e/auth/setup.ts); the others are seeded straight into the database.
export type E2ERole = 'admin' | 'approver' | 'viewer';

export interface E2EUser {
  email: string;
  name: string;
  password: string;
  roles: Array<'ADMIN' | 'APPROVER' | 'VIEWER'>;
}

/** One signed-in browser state per role, written by the setup project. */
export const E2E_USERS: Record<E2ERole, E2EUser> = {
  admin: { email: 'admin@e2e.test', name: 'Ada Admin', password: 'admin-password-e2e', roles: ['ADMIN'] },
  approver: {
    email: 'approver@e2e.test',
    name: 'Alan Approver',
    password: 'approver-password-e2e',
    roles: ['APPROVER'],
  },
  viewer: { email: 'viewer@e2e.test', name: 'Vera Viewer', password: 'viewer-password-e2e', roles: ['VIEWER'] },
};

/** Users that specs sign in as themselves (their state changes: lockout, deactivation, sign-out). */
export const E2E_SPARE_USERS = {
  signIn: { email: 'signin@e2e.test', name: 'Sam Signin', password: 'signin-password-e2e', roles: ['VIEWER'] },
  lockout: { email: 'lockout@e2e.test', name: 'Lou Lockout', password: 'lockout-password-e2e', roles: ['VIEWER'] },
  deactivate: {
    email: 'deactivate@e2e.test',
    name: 'Dee Activated',
    password: 'deactivate-password-e2e',
    roles: ['VIEWER'],
  },
} satisfies Record<string, E2EUser>;

/** Path of the storageState file for `role` (use with `test.use({ storageState: storageStateFor('admin') })`). */
export function storageStateFor(role: E2ERole): string {
  return `e2e/.auth/${role}.json`;
}

export const SIGN_IN_ERROR =
  'Email or password is incorrect, or the account is temporarily locked. Try again in a few minutes.';
