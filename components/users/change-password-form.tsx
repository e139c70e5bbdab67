'use client';

import { useRef, useState, useTransition, type FormEvent } from 'react';
import { changePasswordAction } from '@/app/actions/account';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { MIN_PASSWORD_LENGTH } from '@/lib/validations/users';

type Errors = Partial<Record<'currentPassword' | 'newPassword' | 'confirmPassword', string[]>>;

/** Change your own password (the current one is checked). */
export function ChangePasswordForm() {
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      currentPassword: String(form.get('currentPassword') ?? ''),
      newPassword: String(form.get('newPassword') ?? ''),
      confirmPassword: String(form.get('confirmPassword') ?? ''),
    };
    startTransition(async () => {
      const result = await changePasswordAction(input);
      setErrors((result?.validationErrors?.fieldErrors as Errors | undefined) ?? {});
      setFormError(result?.serverError ?? null);
      if (result?.data) {
        formRef.current?.reset();
        toast({ title: 'Password changed', variant: 'success' });
      }
    });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4" aria-label="Change password">
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <Field id="current-password" label="Current password" error={errors.currentPassword}>
        {(p) => <Input {...p} name="currentPassword" type="password" autoComplete="current-password" />}
      </Field>
      <Field
        id="new-password"
        label="New password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={errors.newPassword}
      >
        {(p) => <Input {...p} name="newPassword" type="password" autoComplete="new-password" />}
      </Field>
      <Field id="confirm-password" label="Repeat new password" error={errors.confirmPassword}>
        {(p) => <Input {...p} name="confirmPassword" type="password" autoComplete="new-password" />}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" loading={pending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
