import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasAnyUser } from '@/lib/services/users';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Set up Hubkeeper' };

/** First run only: create the first admin. Once any user exists this page does not exist (404). */
export default async function SetupPage() {
  if (await hasAnyUser()) notFound();
  return <SetupForm />;
}
