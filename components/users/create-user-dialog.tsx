'use client';

import { useState, useTransition, type FormEvent } from 'react';
import { createUserAction } from '@/app/actions/users';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { PlusIcon } from '@/components/ui/icons';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import type { RoleName } from '@/lib/auth/permissions';
import { MIN_PASSWORD_LENGTH } from '@/lib/validations/users';
import { RoleCheckboxes } from './role-checkboxes';

type Errors = Partial<Record<'email' | 'name' | 'password' | 'roles', string[]>>;

function CreateUserForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const toast = useToast();
  const [pending, startTransition] = useTransition();
  const [roles, setRoles] = useState<RoleName[]>(['VIEWER']);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      email: String(form.get('email') ?? ''),
      name: String(form.get('name') ?? ''),
      password: String(form.get('password') ?? ''),
      roles,
    };
    startTransition(async () => {
      const result = await createUserAction(input);
      setErrors((result?.validationErrors?.fieldErrors as Errors | undefined) ?? {});
      setFormError(result?.serverError ?? null);
      if (result?.data) {
        toast({ title: 'User created', description: `${result.data.user.email} can sign in now.`, variant: 'success' });
        onDone();
      }
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Create user">
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <Field id="new-user-email" label="Email" error={errors.email}>
        {(p) => <Input {...p} name="email" type="email" autoComplete="off" required />}
      </Field>
      <Field id="new-user-name" label="Name" error={errors.name}>
        {(p) => <Input {...p} name="name" autoComplete="off" required />}
      </Field>
      <Field
        id="new-user-password"
        label="Initial password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Share it with the person through a safe channel.`}
        error={errors.password}
      >
        {(p) => <Input {...p} name="password" type="password" autoComplete="new-password" required />}
      </Field>
      <RoleCheckboxes idPrefix="new-user" value={roles} onChange={setRoles} error={errors.roles} disabled={pending} />
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          Create user
        </Button>
      </div>
    </form>
  );
}

/** "New user" button + dialog. */
export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon className="size-4" />
        New user
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New user"
        description="They sign in with this email and the initial password."
      >
        <CreateUserForm onDone={() => setOpen(false)} onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}
