// Shared steps for the instances specs.
import { expect, type Page } from '@playwright/test';

export interface NewInstance {
  name: string;
  username: string;
  secret: string;
  kind?: 'PAT' | 'OAT';
  namespaces?: string;
  skipCheck?: boolean;
}

/** Fills and submits the add-instance form (the caller asserts the outcome). */
export async function submitNewInstance(page: Page, input: NewInstance): Promise<void> {
  await page.goto('/instances/new');
  const form = page.getByRole('form', { name: 'Add instance' });
  await form.getByLabel('Name', { exact: true }).fill(input.name);
  if (input.kind === 'OAT') await form.getByLabel('Token type').selectOption('OAT');
  await form.getByLabel(input.kind === 'OAT' ? 'Organization' : 'Docker Hub username', { exact: true }).fill(input.username);
  await form.getByLabel(input.kind === 'OAT' ? 'Organization access token' : 'Personal access token', { exact: true }).fill(input.secret);
  if (input.namespaces) await form.getByLabel('Extra namespaces (optional)').fill(input.namespaces);
  if (input.skipCheck) await form.getByLabel('Save without checking').check();
  await form.getByRole('button', { name: 'Add instance' }).click();
}

/** Adds an instance through the UI and returns its id (from the /instances/[instanceId] URL). */
export async function addInstance(page: Page, input: NewInstance): Promise<string> {
  await submitNewInstance(page, input);
  await expect(page).toHaveURL(/\/instances\/c[a-z0-9]+$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: input.name })).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error('no instance id in the URL');
  return id;
}

/** Deletes an instance through its page (type-the-name dialog). */
export async function deleteInstance(page: Page, instanceId: string, name: string): Promise<void> {
  await page.goto(`/instances/${instanceId}`);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
  await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
  await dialog.getByRole('button', { name: 'Delete instance' }).click();
  await expect(page).toHaveURL(/\/instances$/);
}

export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}`;
}
