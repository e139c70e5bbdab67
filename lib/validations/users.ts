// Client-safe zod schemas shared by the user forms, server actions and lib/services/users.ts.
import { z } from 'zod';
import { ROLES } from '@/lib/auth/permissions';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const emailSchema = z
  .string({ error: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'Enter an email address', abort: true })
  .max(254, { error: 'Email address is too long', abort: true })
  .pipe(z.email({ error: 'Enter a valid email address' }));

export const nameSchema = z
  .string({ error: 'Enter a name' })
  .trim()
  .min(1, 'Enter a name')
  .max(100, 'Use at most 100 characters');

export const passwordSchema = z
  .string({ error: 'Enter a password' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters`);

export const roleSchema = z.enum(ROLES, { error: 'Unknown role' });

// Checked as a whole (not per element) so an unknown role is reported on the `roles` field
// itself, where forms show it, rather than on a nested path like roles.0.
export const rolesSchema = z
  .array(z.string({ error: 'Unknown role' }), { error: 'Choose at least one role' })
  .min(1, 'Choose at least one role')
  .refine((roles) => roles.every((r) => (ROLES as readonly string[]).includes(r)), 'Unknown role')
  .transform((roles) => ROLES.filter((r) => roles.includes(r)));

export const userIdSchema = z.string({ error: 'Missing user' }).min(1, 'Missing user').max(64);

export const createUserSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  password: passwordSchema,
  roles: rolesSchema,
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const setupSchema = z
  .object({
    email: emailSchema,
    name: nameSchema,
    password: passwordSchema,
    confirmPassword: z.string({ error: 'Repeat the password' }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], error: 'The passwords do not match' });
export type SetupInput = z.input<typeof setupSchema>;

export const updateUserRolesSchema = z.object({ userId: userIdSchema, roles: rolesSchema });
export type UpdateUserRolesInput = z.input<typeof updateUserRolesSchema>;

export const setUserActiveSchema = z.object({ userId: userIdSchema, active: z.boolean() });
export type SetUserActiveInput = z.input<typeof setUserActiveSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password'),
    newPassword: passwordSchema,
    confirmPassword: z.string({ error: 'Repeat the new password' }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    error: 'The passwords do not match',
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
