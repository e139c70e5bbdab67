import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';
import { recordAudit, type Tx } from '@/lib/audit';
import { AppError, forbiddenError } from '@/lib/errors';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import type { RoleName } from '@/lib/auth/permissions';
import {
  changePasswordSchema,
  createUserSchema,
  emailSchema,
  nameSchema,
  passwordSchema,
  setUserActiveSchema,
  updateUserRolesSchema,
  type ChangePasswordInput,
  type CreateUserInput,
  type SetUserActiveInput,
  type UpdateUserRolesInput,
} from '@/lib/validations/users';

/** A user as the UI sees it: no hash, no counters beyond what an admin needs. */
export interface UserDto {
  id: string;
  email: string;
  name: string;
  roles: RoleName[];
  active: boolean;
  lastSignInAt: string | null;
  /** Set while the account is locked after repeated failed sign-ins. */
  lockedUntil: string | null;
  createdAt: string;
}

/** Who is making a change (from getCurrentUser()). */
export interface Actor {
  id: string;
  email: string;
}

const USER_SELECT = {
  id: true,
  email: true,
  name: true,
  roles: true,
  active: true,
  lastSignInAt: true,
  lockedUntil: true,
  createdAt: true,
} as const;

type UserRow = {
  id: string;
  email: string;
  name: string;
  roles: RoleName[];
  active: boolean;
  lastSignInAt: Date | null;
  lockedUntil: Date | null;
  createdAt: Date;
};

function toDto(u: UserRow): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    active: u.active,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}

// Every change that could affect "who is an admin" (first-admin setup, role changes,
// (de)activation) takes this transaction-scoped lock, so two concurrent changes cannot both
// see "another admin remains" and together leave none, and two setups cannot both win.
const USER_ADMIN_LOCK = 0x686b7573; // 'hkus'

async function lockUserAdmin(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USER_ADMIN_LOCK})`;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

function duplicateEmailError(): AppError {
  return new AppError('conflict', 'A user with this email already exists.', {
    email: ['A user with this email already exists'],
  });
}

/** Parses with a zod schema; failures become an AppError with per-field messages. */
function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { fieldErrors, formErrors } = z.flattenError(result.error);
  const message = formErrors[0] ?? Object.values(fieldErrors).flat()[0] ?? 'Check the form and try again.';
  throw new AppError('validation', String(message), fieldErrors as Record<string, string[]>);
}

// Services authorize again against the database inside the transaction: the actor must
// still be an active admin when the change is written, not just when the request began.
async function assertActorIsAdmin(tx: Tx, actor: Actor) {
  const row = await tx.user.findUnique({ where: { id: actor.id }, select: { active: true, roles: true } });
  if (!row || !row.active || !row.roles.includes('ADMIN')) throw forbiddenError();
}

/** True once at least one user exists (setup is then closed for good). */
export async function hasAnyUser(): Promise<boolean> {
  return (await db.user.count()) > 0;
}

const firstAdminSchema = z.object({ email: emailSchema, name: nameSchema, password: passwordSchema });

/**
 * Creates the first admin while no user exists. Race-safe: concurrent calls serialise on an
 * advisory lock and re-count inside it, so exactly one succeeds; the rest get AppError('conflict').
 */
export async function createFirstAdmin(
  input: { email: string; name: string; password: string },
  via: 'setup' | 'env' = 'setup',
): Promise<UserDto> {
  const data = parseOrThrow(firstAdminSchema, input);
  const passwordHash = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    await lockUserAdmin(tx);
    if ((await tx.user.count()) > 0) {
      throw new AppError('conflict', 'Hubkeeper is already set up. Sign in instead.');
    }
    const user = await tx.user.create({
      data: { email: data.email, name: data.name, passwordHash, roles: ['ADMIN'] },
      select: USER_SELECT,
    });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: 'user.created',
      details: { userId: user.id, email: user.email, name: user.name, roles: ['ADMIN'], via },
    });
    return toDto(user);
  });
}

/**
 * Creates the first admin from HUBKEEPER_ADMIN_EMAIL / HUBKEEPER_ADMIN_PASSWORD when both are
 * set and no user exists yet. Safe to call on every start and from several processes.
 */
export async function seedAdminFromEnv(): Promise<'created' | 'exists' | 'not_configured'> {
  const { HUBKEEPER_ADMIN_EMAIL: email, HUBKEEPER_ADMIN_PASSWORD: password } = env();
  if (!email || !password) return 'not_configured';
  if (await hasAnyUser()) return 'exists';
  try {
    const user = await createFirstAdmin({ email, name: 'Administrator', password }, 'env');
    logger.info({ userId: user.id, email: user.email }, 'created the first admin from HUBKEEPER_ADMIN_EMAIL');
    return 'created';
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') return 'exists';
    throw err;
  }
}

/** Every user, by email. */
export async function listUsers(): Promise<UserDto[]> {
  const rows = await db.user.findMany({ select: USER_SELECT, orderBy: { email: 'asc' } });
  return rows.map(toDto);
}

/** Creates a user with an initial password and at least one role; the audit row is written in the same transaction. */
export async function createUser(actor: Actor, input: CreateUserInput): Promise<UserDto> {
  const data = parseOrThrow(createUserSchema, input);
  if (await db.user.findUnique({ where: { email: data.email }, select: { id: true } })) throw duplicateEmailError();
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      await assertActorIsAdmin(tx, actor);
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, passwordHash, roles: data.roles },
        select: USER_SELECT,
      });
      await recordAudit(tx, {
        actor,
        action: 'user.created',
        details: { userId: user.id, email: user.email, name: user.name, roles: data.roles, via: 'admin' },
      });
      return toDto(user);
    });
  } catch (err) {
    // Two admins creating the same email at once: the unique index decides.
    if (isUniqueViolation(err)) throw duplicateEmailError();
    throw err;
  }
}

async function countOtherActiveAdmins(tx: Tx, excludeUserId: string): Promise<number> {
  return tx.user.count({ where: { active: true, roles: { has: 'ADMIN' }, id: { not: excludeUserId } } });
}

/** Replaces a user's roles. Refuses a change that would leave no active admin. */
export async function updateUserRoles(actor: Actor, input: UpdateUserRolesInput): Promise<UserDto> {
  const data = parseOrThrow(updateUserRolesSchema, input);
  return db.$transaction(async (tx) => {
    await lockUserAdmin(tx);
    await assertActorIsAdmin(tx, actor);
    const target = await tx.user.findUnique({ where: { id: data.userId }, select: USER_SELECT });
    if (!target) throw new AppError('not_found', 'That user no longer exists.');
    const losesAdmin = target.active && target.roles.includes('ADMIN') && !data.roles.includes('ADMIN');
    if (losesAdmin && (await countOtherActiveAdmins(tx, target.id)) === 0) {
      throw new AppError(
        'conflict',
        target.id === actor.id
          ? 'You are the last active admin, so you cannot remove your own Admin role. Make someone else an admin first.'
          : 'This is the last active admin. Make someone else an admin first.',
        { roles: ['At least one active admin must remain'] },
      );
    }
    const before = target.roles;
    const unchanged = before.length === data.roles.length && before.every((r) => data.roles.includes(r));
    if (unchanged) return toDto(target);
    const user = await tx.user.update({ where: { id: target.id }, data: { roles: data.roles }, select: USER_SELECT });
    await recordAudit(tx, {
      actor,
      action: 'user.roles_changed',
      details: { userId: user.id, email: user.email, before, after: data.roles },
    });
    return toDto(user);
  });
}

/** Deactivates or reactivates a user. A deactivated user is signed out on their next request. */
export async function setUserActive(actor: Actor, input: SetUserActiveInput): Promise<UserDto> {
  const data = parseOrThrow(setUserActiveSchema, input);
  return db.$transaction(async (tx) => {
    await lockUserAdmin(tx);
    await assertActorIsAdmin(tx, actor);
    const target = await tx.user.findUnique({ where: { id: data.userId }, select: USER_SELECT });
    if (!target) throw new AppError('not_found', 'That user no longer exists.');
    if (target.active === data.active) return toDto(target);
    if (!data.active && target.roles.includes('ADMIN') && (await countOtherActiveAdmins(tx, target.id)) === 0) {
      throw new AppError(
        'conflict',
        target.id === actor.id
          ? 'You are the last active admin, so you cannot deactivate yourself. Make someone else an admin first.'
          : 'This is the last active admin. Make someone else an admin first.',
      );
    }
    const user = await tx.user.update({
      where: { id: target.id },
      // Reactivation starts with a clean sign-in record.
      data: data.active ? { active: true, failedSignIns: 0, lockedUntil: null } : { active: false },
      select: USER_SELECT,
    });
    await recordAudit(tx, {
      actor,
      action: data.active ? 'user.reactivated' : 'user.deactivated',
      details: { userId: user.id, email: user.email },
    });
    return toDto(user);
  });
}

/** Changes the actor's own password after checking the current one. */
export async function changeOwnPassword(actor: Actor, input: ChangePasswordInput): Promise<void> {
  const data = parseOrThrow(changePasswordSchema, input);
  const row = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true, active: true } });
  if (!row || !row.active) throw forbiddenError();
  if (!(await verifyPassword(row.passwordHash, data.currentPassword))) {
    throw new AppError('validation', 'The current password is not correct.', {
      currentPassword: ['The current password is not correct'],
    });
  }
  const passwordHash = await hashPassword(data.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { passwordHash } });
    await recordAudit(tx, { actor, action: 'user.password_changed', details: { userId: actor.id } });
  });
}
