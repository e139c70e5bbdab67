'use server';
// Server actions for team access. Thin: permission + zod input here, everything else in
// lib/services/teams.ts (which authorizes again). Hub refusals come back as values with their
// explanation (pat_not_allowed, oat_not_allowed, insufficient_scope), never as thrown errors.
import { permissionAction, withFieldErrors } from '@/lib/actions/safe-action';
import { grantTeamAccess } from '@/lib/services/teams';
import { teamGrantSchema } from '@/lib/validations/teams';

/** Grants a team read, write or admin on a repository (audited). */
export const grantTeamAccessAction = permissionAction('access.manage')
  .inputSchema(teamGrantSchema)
  .action(async ({ parsedInput, ctx }) =>
    withFieldErrors(teamGrantSchema, () => grantTeamAccess(ctx.user, parsedInput)),
  );
