// Sign-in helpers for specs, driving the real /login form.
import { expect, type Page } from '@playwright/test';

/** Fills and submits the sign-in form (navigating to /login first unless told not to). */
export async function submitLogin(page: Page, email: string, password: string, opts: { goto?: boolean } = {}) {
  if (opts.goto !== false) await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in and waits until the app has left the sign-in page. */
export async function signIn(page: Page, email: string, password: string) {
  await submitLogin(page, email, password);
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}

/** Signs out through the user menu and waits for the sign-in page. */
export async function signOut(page: Page) {
  await page.getByTestId('user-menu-button').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}
