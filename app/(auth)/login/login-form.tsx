'use client';

import { useRef, useState, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { SIGN_IN_ERROR_MESSAGE } from '@/lib/auth/messages';

type Errors = { email?: string; password?: string };

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(initialError);
  const [fieldErrors, setFieldErrors] = useState<Errors>({});
  const passwordRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const missing: Errors = {
      ...(email ? {} : { email: 'Enter your email address' }),
      ...(password ? {} : { password: 'Enter your password' }),
    };
    setFieldErrors(missing);
    if (missing.email || missing.password) return;

    setPending(true);
    setError(null);
    try {
      // redirect: false keeps the navigation on this origin whatever NEXTAUTH_URL says.
      const result = await signIn('credentials', { email, password, redirect: false });
      if (result?.ok && !result.error) {
        window.location.assign(safeCallbackUrl(callbackUrl));
        return;
      }
      setError(SIGN_IN_ERROR_MESSAGE);
    } catch {
      setError('Hubkeeper could not be reached. Check your connection and try again.');
    }
    setPending(false);
    if (passwordRef.current) {
      passwordRef.current.value = '';
      passwordRef.current.focus();
    }
  }

  return (
    <Card>
      <CardContent className="space-y-5 px-6 py-6">
        <div>
          <h1 className="text-lg font-semibold text-zinc-900 dark:text-zinc-100">Sign in</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Use the email and password your admin gave you.
          </p>
        </div>
        {error ? (
          <Alert variant="error" className="text-left">
            <span data-testid="login-error">{error}</span>
          </Alert>
        ) : null}
        <form onSubmit={submit} noValidate className="space-y-4" aria-label="Sign in">
          <Field id="email" label="Email" error={fieldErrors.email}>
            {(p) => <Input {...p} name="email" type="email" autoComplete="username" autoFocus required />}
          </Field>
          <Field id="password" label="Password" error={fieldErrors.password}>
            {(p) => (
              <Input
                {...p}
                ref={passwordRef}
                name="password"
                type="password"
                autoComplete="current-password"
                required
              />
            )}
          </Field>
          <Button type="submit" className="w-full" loading={pending}>
            Sign in
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
