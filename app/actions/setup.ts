'use server';

import { actionClient, withFieldErrors } from '@/lib/actions/safe-action';
import { createFirstAdmin } from '@/lib/services/users';
import { setupSchema } from '@/lib/validations/users';

/** Creates the first admin; refused once any user exists (the service re-checks under a lock). */
export const createFirstAdminAction = actionClient.inputSchema(setupSchema).action(async ({ parsedInput }) => {
  const user = await withFieldErrors(setupSchema, () =>
    createFirstAdmin({ email: parsedInput.email, name: parsedInput.name, password: parsedInput.password }),
  );
  return { email: user.email };
});
