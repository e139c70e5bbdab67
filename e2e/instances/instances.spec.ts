// Instances end to end against the emulator: add, see capabilities, rotate, re-check, delete;
// wrong tokens get the right message; viewers read but cannot change anything.
import { expect, test } from '@playwright/test';
import { DEFAULT_CREDENTIALS } from '../../emulator/fixtures/default';
import { storageStateFor } from '../helpers/users';
import { addInstance, deleteInstance, submitNewInstance, uniqueName } from './helpers';

const demo = DEFAULT_CREDENTIALS.user;
const pats = DEFAULT_CREDENTIALS.pats;

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('add a read-only instance, see its capabilities, rotate to a full-access PAT, re-check, delete', async ({ page }) => {
    const name = uniqueName('Lifecycle');
    const id = await addInstance(page, { name, username: demo, secret: pats.read });

    await expect(page.getByTestId('instance-status').first()).toHaveAttribute('data-status', 'ok');
    await expect(page.getByTestId('secret-hint').first()).toHaveText(`••••${pats.read.slice(-4)}`);
    await expect(page.getByTestId('access-label')).toHaveText('Read-only');
    const caps = page.getByRole('list', { name: 'Capabilities' });
    await expect(caps.locator('[data-capability="readPrivate"]')).toHaveAttribute('data-allowed', 'true');
    await expect(caps.locator('[data-capability="deleteTags"]')).toHaveAttribute('data-allowed', 'false');
    await expect(page.getByTestId('capability-note-deleteTags')).toContainText('This PAT is Read-only; deleting tags needs Read, Write & Delete.');

    // The list shows the same at a glance.
    await page.goto('/instances');
    const row = page.getByTestId('instance-row').filter({ hasText: name });
    await expect(row).toContainText(`••••${pats.read.slice(-4)}`);
    await expect(row.locator('[data-capability="readPrivate"]')).toBeVisible();
    await row.getByRole('link', { name }).click();
    await expect(page).toHaveURL(new RegExp(`/instances/${id}$`));

    // Rotate: a wrong token is refused and the current one kept.
    await page.getByRole('button', { name: 'Rotate token' }).click();
    let dialog = page.getByRole('dialog', { name: 'Rotate token' });
    await dialog.getByLabel('New personal access token').fill(pats.expired);
    await dialog.getByRole('button', { name: 'Replace token' }).click();
    await expect(dialog.getByText(`Docker Hub rejected this personal access token for "${demo}"`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Rotate token' }).click();
    dialog = page.getByRole('dialog', { name: 'Rotate token' });
    await dialog.getByLabel('New personal access token').fill(pats.admin);
    await dialog.getByRole('button', { name: 'Replace token' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('access-label')).toHaveText('Read, Write & Delete');
    await expect(page.getByTestId('secret-hint').first()).toHaveText(`••••${pats.admin.slice(-4)}`);
    await expect(caps.locator('[data-capability="deleteTags"]')).toHaveAttribute('data-allowed', 'true');

    // Re-check now.
    await page.getByRole('button', { name: 'Re-check now' }).click();
    await expect(page.getByText('Check passed')).toBeVisible();
    await expect(page.getByTestId('status-message')).toContainText(`Signed in as ${demo}`);

    // Edit: an unknown namespace is refused, a real one saved.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Extra namespaces').fill('acme, no-such-namespace');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Docker Hub has no user or organization named "no-such-namespace".')).toBeVisible();
    await page.getByLabel('Extra namespaces').fill('acme');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(new RegExp(`/instances/${id}$`));
    await expect(page.getByTestId('namespaces')).toContainText('acme');

    await deleteInstance(page, id, name);
    await expect(page.getByTestId('instance-row').filter({ hasText: name })).toHaveCount(0);
    expect((await page.goto(`/instances/${id}`))?.status()).toBe(404);
  });

  test('a wrong PAT, an unknown user and a malformed token each get their own message; nothing is saved', async ({ page }) => {
    const name = uniqueName('Wrong');
    await submitNewInstance(page, { name, username: demo, secret: 'dckr_pat_NotARealTokenAtAll000000000' });
    await expect(page.getByText(`Docker Hub rejected this personal access token for "${demo}"`)).toBeVisible({ timeout: 30_000 });
    await expect(page).toHaveURL(/\/instances\/new$/);

    await submitNewInstance(page, { name, username: 'nosuchuser', secret: pats.read });
    await expect(page.getByText('Docker Hub has no user named "nosuchuser". Check the spelling.')).toBeVisible({ timeout: 30_000 });

    await submitNewInstance(page, { name, username: demo, secret: `${pats.read} ` });
    await expect(page.getByText('The token contains spaces or line breaks.')).toBeVisible();

    await submitNewInstance(page, { name, username: 'Bad User', secret: pats.read });
    await expect(page.getByText(/A Docker ID is 4 to 30 characters/)).toBeVisible();

    await page.goto('/instances');
    await expect(page.getByTestId('instance-row').filter({ hasText: name })).toHaveCount(0);
  });
});

test.describe('as a viewer', () => {
  let instanceId = '';
  const name = uniqueName('Viewer sees');

  test.beforeAll(async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const page = await admin.newPage();
    instanceId = await addInstance(page, { name, username: demo, secret: pats.publicRead });
    await admin.close();
  });

  test.afterAll(async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    await deleteInstance(await admin.newPage(), instanceId, name);
    await admin.close();
  });

  test.use({ storageState: storageStateFor('viewer') });

  test('sees instances and their capabilities but no edit controls', async ({ page }) => {
    await page.goto('/instances');
    const row = page.getByTestId('instance-row').filter({ hasText: name });
    await expect(row).toBeVisible();
    await expect(page.getByTestId('add-instance')).toHaveCount(0);
    await row.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByTestId('access-label')).toHaveText('Public Repo Read-only');
    await expect(page.getByTestId('instance-admin-actions')).toHaveCount(0);
    for (const label of ['Re-check now', 'Rotate token', 'Delete']) {
      await expect(page.getByRole('button', { name: label, exact: true })).toHaveCount(0);
    }
    await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  });

  test('the add and edit pages refuse a viewer', async ({ page }) => {
    await page.goto('/instances/new');
    await expect(page.getByTestId('forbidden')).toBeVisible();
    await page.goto(`/instances/${instanceId}/edit`);
    await expect(page.getByTestId('forbidden')).toBeVisible();
  });

  test('the API answers a viewer with DTOs and no token', async ({ request }) => {
    const res = await request.get(`/api/instances/${instanceId}`);
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).toContain(name);
    expect(text).not.toContain(pats.publicRead);
  });
});
