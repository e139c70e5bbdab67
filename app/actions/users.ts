'use server';

import { revalidatePath } from 'next/cache';
import { permissionAction, withFieldErrors } from '@/lib/actions/safe-action';
import { createUser, setUserActive, updateUserRoles } from '@/lib/services/users';
import { createUserSchema, setUserActiveSchema, updateUserRolesSchema } from '@/lib/validations/users';

const usersAction = permissionAction('users.manage');

/** Creates a user with an initial password and roles. */
export const createUserAction = usersAction.inputSchema(createUserSchema).action(async ({ parsedInput, ctx }) => {
  const user = await withFieldErrors(createUserSchema, () => createUser(ctx.user, parsedInput));
  revalidatePath('/users');
  return { user };
});

/** Replaces a user's roles (refuses to leave no active admin). */
export const updateUserRolesAction = usersAction
  .inputSchema(updateUserRolesSchema)
  .action(async ({ parsedInput, ctx }) => {
    const user = await withFieldErrors(updateUserRolesSchema, () => updateUserRoles(ctx.user, parsedInput));
    revalidatePath('/users');
    return { user };
  });

/** Deactivates or reactivates a user. */
export const setUserActiveAction = usersAction.inputSchema(setUserActiveSchema).action(async ({ parsedInput, ctx }) => {
  const user = await setUserActive(ctx.user, parsedInput);
  revalidatePath('/users');
  return { user };
});
