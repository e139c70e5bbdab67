import { expect, test } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { E2E_SPARE_USERS, storageStateFor } from '../helpers/users';

const user = E2E_SPARE_USERS.deactivate;

test('a deactivated user is thrown out on their next request', async ({ browser, page }) => {
  // The user is signed in and working.
  await signIn(page, user.email, user.password);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  // Meanwhile an admin deactivates them.
  const adminContext = await browser.newContext({ storageState: storageStateFor('admin') });
  const admin = await adminContext.newPage();
  await admin.goto('/users');
  await admin.getByRole('button', { name: `Deactivate ${user.email}` }).click();
  await admin.getByRole('dialog', { name: 'Deactivate user?' }).getByRole('button', { name: 'Deactivate' }).click();
  await expect(admin.getByTestId(`user-row-${user.email}`)).toContainText('Deactivated');
  await adminContext.close();

  // Their very next request no longer counts as signed in, and they cannot sign back in.
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('login-error')).toBeVisible();
});
