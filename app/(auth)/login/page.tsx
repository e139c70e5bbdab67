import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { SIGN_IN_ERROR_MESSAGE } from '@/lib/auth/messages';
import { getCurrentUser } from '@/lib/auth/session';
import { hasAnyUser } from '@/lib/services/users';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  // First run: nobody can sign in yet, so send the visitor to create the first admin.
  if (!(await hasAnyUser())) redirect('/setup');
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined);
  if (await getCurrentUser()) redirect(callbackUrl);
  const error = typeof params.error === 'string' ? params.error : null;
  const initialError =
    error === null
      ? null
      : error === 'CredentialsSignin'
        ? SIGN_IN_ERROR_MESSAGE
        : 'Sign-in did not complete. Try again.';
  return <LoginForm callbackUrl={callbackUrl} initialError={initialError} />;
}
