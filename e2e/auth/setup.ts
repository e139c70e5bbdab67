// Playwright "setup" project (see playwright.config.ts): runs before every spec.
// 1. First run: with an empty database, a visitor is sent to /setup, creates the first admin,
//    and /setup is gone (404) afterwards.
// 2. The other role users are seeded straight into the database.
// 3. Each role signs in once through /login; the browser state is saved to e2e/.auth/<role>.json.
import { expect, test as setup } from '@playwright/test';
import { signIn } from '../helpers/auth';
import { countUsers, seedUser } from '../helpers/seed';
import { E2E_SPARE_USERS, E2E_USERS, storageStateFor, type E2ERole } from '../helpers/users';

setup.describe.configure({ mode: 'serial' });

setup('first run: /setup creates the first admin, then answers 404', async ({ page }) => {
  setup.skip((await countUsers()) > 0, 'the database already has users (not a fresh e2e server)');
  const admin = E2E_USERS.admin;

  // An anonymous visitor is sent to sign-in, and sign-in sends them on to setup while nobody exists.
  await page.goto('/users');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Create the first admin' })).toBeVisible();

  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Name').fill(admin.name);
  await page.getByLabel('Password', { exact: true }).fill('too-short');
  await page.getByLabel('Repeat password').fill('too-short');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(page.getByText('Use at least 12 characters')).toBeVisible();
  expect(await countUsers()).toBe(0);

  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Repeat password').fill(admin.password);
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(page).toHaveURL(/\/instances/);
  expect(await countUsers()).toBe(1);

  const response = await page.goto('/setup');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

setup('seed the other users', async () => {
  for (const user of [...Object.values(E2E_USERS), ...Object.values(E2E_SPARE_USERS)]) await seedUser(user);
});

for (const role of Object.keys(E2E_USERS) as E2ERole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const user = E2E_USERS[role];
    await signIn(page, user.email, user.password);
    await expect(page.getByTestId('user-menu-button')).toContainText(user.name);
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
