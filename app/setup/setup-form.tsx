'use client';

import Link from 'next/link';
import { useState, useTransition, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { createFirstAdminAction } from '@/app/actions/setup';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { MIN_PASSWORD_LENGTH } from '@/lib/validations/users';

type Errors = Partial<Record<'email' | 'name' | 'password' | 'confirmPassword', string[]>>;

export function SetupForm() {
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      email: String(form.get('email') ?? ''),
      name: String(form.get('name') ?? ''),
      password: String(form.get('password') ?? ''),
      confirmPassword: String(form.get('confirmPassword') ?? ''),
    };
    startTransition(async () => {
      const result = await createFirstAdminAction(input);
      setErrors((result?.validationErrors?.fieldErrors as Errors | undefined) ?? {});
      setFormError(result?.serverError ?? null);
      if (!result?.data) return;
      // Sign the new admin straight in with what they just typed.
      const signedIn = await signIn('credentials', { email: input.email, password: input.password, redirect: false });
      window.location.assign(signedIn?.ok && !signedIn.error ? '/instances' : '/login');
    });
  }

  return (
    <Card>
      <CardContent className="space-y-5 px-6 py-6">
        <div>
          <h1 className="text-lg font-semibold text-zinc-900 dark:text-zinc-100">Create the first admin</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Hubkeeper has no users yet. The account you create here can add Docker Hub instances and invite everyone
            else.
          </p>
        </div>
        {formError ? (
          <Alert variant="error">
            {formError}{' '}
            <Link href="/login" className="font-medium underline">
              Go to sign-in
            </Link>
          </Alert>
        ) : null}
        <form onSubmit={submit} noValidate className="space-y-4" aria-label="Create the first admin">
          <Field id="setup-email" label="Email" error={errors.email}>
            {(p) => <Input {...p} name="email" type="email" autoComplete="username" autoFocus required />}
          </Field>
          <Field id="setup-name" label="Name" error={errors.name}>
            {(p) => <Input {...p} name="name" autoComplete="name" required />}
          </Field>
          <Field
            id="setup-password"
            label="Password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            error={errors.password}
          >
            {(p) => <Input {...p} name="password" type="password" autoComplete="new-password" required />}
          </Field>
          <Field id="setup-confirm" label="Repeat password" error={errors.confirmPassword}>
            {(p) => <Input {...p} name="confirmPassword" type="password" autoComplete="new-password" required />}
          </Field>
          <Button type="submit" className="w-full" loading={pending}>
            Create admin and sign in
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
