import { expect, test } from '@playwright/test';
import { signIn, signOut, submitLogin } from '../helpers/auth';
import { E2E_SPARE_USERS, SIGN_IN_ERROR } from '../helpers/users';

const user = E2E_SPARE_USERS.signIn;

test.describe('sign-in', () => {
  test('an anonymous visitor is sent to /login and comes back to the page they asked for', async ({ page }) => {
    await page.goto('/settings');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings/);
    await submitLogin(page, user.email, user.password, { goto: false });
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  });

  test('shows name and roles in the user menu, and signs out', async ({ page }) => {
    await signIn(page, user.email, user.password);
    await page.getByTestId('user-menu-button').click();
    await expect(page.getByTestId('user-menu-name')).toHaveText(user.name);
    await expect(page.getByTestId('user-menu-roles')).toHaveText('Viewer');
    await page.keyboard.press('Escape');
    await signOut(page);
    await page.goto('/instances');
    await expect(page).toHaveURL(/\/login/);
  });

  test('a wrong password and an unknown email get the same message', async ({ page }) => {
    await submitLogin(page, user.email, 'not-the-password');
    await expect(page.getByTestId('login-error')).toHaveText(SIGN_IN_ERROR);
    await expect(page).toHaveURL(/\/login/);

    await submitLogin(page, 'nobody-here@e2e.test', 'not-the-password');
    await expect(page.getByTestId('login-error')).toHaveText(SIGN_IN_ERROR);

    // A success afterwards clears the failure count.
    await signIn(page, user.email, user.password);
  });

  test('an absolute callbackUrl is ignored (no open redirect)', async ({ page }) => {
    await page.goto('/login?callbackUrl=https%3A%2F%2Fevil.example%2F');
    await submitLogin(page, user.email, user.password, { goto: false });
    await expect(page).toHaveURL(/\/instances/);
  });
});
