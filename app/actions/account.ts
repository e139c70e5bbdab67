'use server';

import { authedAction, withFieldErrors } from '@/lib/actions/safe-action';
import { changeOwnPassword } from '@/lib/services/users';
import { changePasswordSchema } from '@/lib/validations/users';

/** Changes the signed-in user's own password. */
export const changePasswordAction = authedAction
  .inputSchema(changePasswordSchema)
  .action(async ({ parsedInput, ctx }) => {
    await withFieldErrors(changePasswordSchema, () => changeOwnPassword(ctx.user, parsedInput));
    return { changed: true };
  });
