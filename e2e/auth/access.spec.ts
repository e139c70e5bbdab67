import { expect, test } from '@playwright/test';
import { storageStateFor } from '../helpers/users';

test.describe('as a viewer', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('/users answers "You don\'t have access to this page" and renders no user management', async ({ page }) => {
    await page.goto('/users');
    await expect(page.getByRole('heading', { name: "You don't have access to this page" })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Users' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New user' })).toHaveCount(0);
    await expect(page.getByText('admin@e2e.test')).toHaveCount(0);
  });

  test('the navigation hides what a viewer cannot use', async ({ page }) => {
    await page.goto('/settings');
    const nav = page.getByRole('navigation', { name: 'Main' }).first();
    await expect(nav.getByRole('link', { name: 'Instances' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('/users lists users with roles and status', async ({ page }) => {
    await page.goto('/users');
    const table = page.getByRole('table', { name: 'Users' });
    await expect(table).toBeVisible();
    await expect(page.getByTestId('user-row-viewer@e2e.test')).toContainText('Viewer');
    await expect(page.getByTestId('user-row-approver@e2e.test')).toContainText('Approver');
    await expect(page.getByTestId('user-row-admin@e2e.test')).toContainText('(you)');
  });

  test('creating a user shows field errors, then saves', async ({ page }) => {
    await page.goto('/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Email').fill('admin@e2e.test');
    await dialog.getByLabel('Name').fill('Duplicate');
    await dialog.getByLabel('Initial password').fill('short');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByText('Use at least 12 characters')).toBeVisible();

    await dialog.getByLabel('Initial password').fill('a-long-enough-password');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByText('A user with this email already exists')).toBeVisible();

    await dialog.getByLabel('Email').fill('new.person@e2e.test');
    await dialog.getByLabel('Name').fill('New Person');
    await dialog.getByLabel('Approver').check();
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('user-row-new.person@e2e.test')).toContainText('Approver');
  });

  test('the last admin cannot remove their own Admin role', async ({ page }) => {
    await page.goto('/users');
    await page.getByRole('button', { name: 'Change roles of admin@e2e.test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change roles' });
    await dialog.getByLabel('Admin').uncheck();
    await dialog.getByLabel('Viewer').check();
    await dialog.getByRole('button', { name: 'Save roles' }).click();
    await expect(dialog.getByText('At least one active admin must remain')).toBeVisible();
  });
});
