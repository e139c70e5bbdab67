'use client';

import { useState, useTransition, type FormEvent } from 'react';
import { updateUserRolesAction } from '@/app/actions/users';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import type { RoleName } from '@/lib/auth/permissions';
import { RoleCheckboxes } from './role-checkboxes';

interface Target {
  id: string;
  email: string;
  name: string;
  roles: RoleName[];
}

function EditRolesForm({ user, onDone }: { user: Target; onDone: () => void }) {
  const toast = useToast();
  const [pending, startTransition] = useTransition();
  const [roles, setRoles] = useState<RoleName[]>(user.roles);
  const [rolesError, setRolesError] = useState<string[] | undefined>();
  const [formError, setFormError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    startTransition(async () => {
      const result = await updateUserRolesAction({ userId: user.id, roles });
      setRolesError(result?.validationErrors?.fieldErrors?.roles);
      setFormError(result?.serverError ?? null);
      if (result?.data) {
        toast({ title: 'Roles updated', description: user.email, variant: 'success' });
        onDone();
      }
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Change roles">
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <RoleCheckboxes
        idPrefix={`edit-${user.id}`}
        value={roles}
        onChange={setRoles}
        error={rolesError}
        disabled={pending}
      />
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          Save roles
        </Button>
      </div>
    </form>
  );
}

/** Dialog to replace one user's roles. */
export function EditRolesDialog({ user, open, onClose }: { user: Target | null; open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open && user !== null}
      onClose={onClose}
      title="Change roles"
      description={user ? `${user.name} · ${user.email}` : undefined}
    >
      {user ? <EditRolesForm user={user} onDone={onClose} /> : null}
    </Dialog>
  );
}
