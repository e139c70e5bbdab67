// Browse end to end against the emulator (default fixture): repository lists driven by the URL,
// the repository page and its tags table (glob, age, never pulled, shared digests, bad regex),
// the recent-pushes audit with its CSV export, the people lookup, and bad addresses.
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_CREDENTIALS, DEFAULT_RECENT_PUSHES } from '../../emulator/fixtures/default';
import { E2E } from '../config';
import { storageStateFor } from '../helpers/users';
import { addInstance, uniqueName } from '../instances/helpers';

const demo = DEFAULT_CREDENTIALS.user;

test.describe.configure({ mode: 'serial' });
test.use({ storageState: storageStateFor('admin') });

let instanceId = '';
const instanceName = uniqueName('Browse');

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor('admin'), baseURL: E2E.baseUrl });
  const page = await context.newPage();
  instanceId = await addInstance(page, { name: instanceName, username: demo, secret: DEFAULT_CREDENTIALS.pats.admin, namespaces: 'acme' });
  await context.close();
});

const repoNames = (page: Page) => page.getByTestId('repository-row').locator('td:first-child');
const tagRows = (page: Page) => page.getByTestId('tag-row');

/** Waits until the tags table lists the rows for `name` and returns the visible tag names. */
async function applyNameFilter(page: Page, name: string): Promise<void> {
  await page.getByTestId('tag-name-filter').fill(name);
  await expect(page.locator(`[data-testid="tags-table"][data-applied-filter="${name.replace(/"/g, '\\"')}"]`)).toBeVisible();
}

async function visibleTags(page: Page): Promise<string[]> {
  return (await tagRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tag') ?? ''))).sort();
}

test('repositories: namespace, search, sort and paging live in the URL', async ({ page }) => {
  await page.goto('/repositories');
  await page.getByTestId('instance-picker').getByRole('link', { name: new RegExp(instanceName) }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${instanceId}/repositories$`));
  await expect(repoNames(page)).toHaveText(['api', 'docs-site', 'scratch', 'web-app', 'worker']);
  await expect(page.getByTestId('data-age')).toContainText('Updated');

  await page.getByLabel('Search by name').fill('web');
  await expect(page).toHaveURL(/[?&]q=web/);
  await expect(repoNames(page)).toHaveText(['web-app']);

  // A shared link opens the same view.
  await page.goto(`/instances/${instanceId}/repositories?namespace=acme&sort=pulls&dir=desc`);
  await expect(page.getByLabel('Namespace')).toHaveValue('acme');
  await expect(repoNames(page).first()).toHaveText('legacy-monolith');
  await page.getByRole('columnheader', { name: /Name/ }).getByRole('button').click();
  await expect(page).toHaveURL(/namespace=acme/);
  await expect(page).not.toHaveURL(/sort=/);
  await expect(repoNames(page).first()).toHaveText('billing-service');

  await page.goto(`/instances/${instanceId}/repositories?namespace=acme&pageSize=5&page=2`);
  await expect(page.getByTestId('repository-range')).toHaveText('6–7 of 7 repositories');
  await expect(repoNames(page)).toHaveText(['platform-api', 'sandbox']);
  await page.getByRole('link', { name: 'Previous' }).click();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(repoNames(page)).toHaveCount(5);

  await page.goto(`/instances/${instanceId}/repositories?namespace=acme&q=zzz-none`);
  await expect(page.getByText('No repositories in acme match “zzz-none”')).toBeVisible();
});

test('repository page: README, tags filtered by glob, age and never pulled, shared digests marked', async ({ page }) => {
  await page.goto(`/instances/${instanceId}/repositories`);
  await page.getByRole('link', { name: 'web-app', exact: true }).click();
  await expect(page.getByTestId('repository-name')).toHaveText(`${demo}/web-app`);
  await expect(page.getByTestId('markdown')).toContainText('The Hubkeeper demo web application.');
  await expect(page.locator('[data-testid="tags-table"][data-tag-total="12"]')).toBeVisible();
  await expect(page.getByTestId('tag-count')).toContainText('12 tags');

  await applyNameFilter(page, 'v1.4.*');
  expect(await visibleTags(page)).toEqual(['v1.4.0', 'v1.4.1', 'v1.4.2']);
  await expect(page).toHaveURL(/q=v1\.4\.\*/);

  await applyNameFilter(page, '');
  await page.getByTestId('pushed-before').fill('100d');
  await expect(page.locator('[data-testid="tags-table"][data-row-count="6"]')).toBeVisible();
  expect(await visibleTags(page)).toEqual(['pr-101', 'v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0', 'v1.4.0']);
  await page.getByTestId('pushed-before').fill('');

  await page.getByTestId('never-pulled').check();
  await expect(page.locator('[data-testid="tags-table"][data-row-count="3"]')).toBeVisible();
  expect(await visibleTags(page)).toEqual(['pr-101', 'pr-117', 'sha-3f9c2a1']);
  await page.getByTestId('never-pulled').uncheck();

  // latest and v1.4.2 are one image: both carry the ×2 marker, and the filter finds exactly them.
  const latest = tagRows(page).and(page.locator('[data-tag="latest"]'));
  await expect(latest.getByTestId('shared-digest')).toHaveText('×2');
  await page.getByTestId('shared-digest-filter').check();
  await expect(page.locator('[data-testid="tags-table"][data-row-count="2"]')).toBeVisible();
  expect(await visibleTags(page)).toEqual(['latest', 'v1.4.2']);
  await page.getByTestId('shared-digest-filter').uncheck();

  // Selection: click, then shift-click selects the range between.
  await page.getByTestId('sort-name').click();
  await expect(tagRows(page).first()).toHaveAttribute('data-tag', 'latest');
  await page.getByRole('checkbox', { name: 'Select latest', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Select pr-117', exact: true }).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-summary')).toContainText('4 selected');
});

test('an invalid regex, a bad tag address and an unknown instance get clear messages', async ({ page }) => {
  await page.goto(`/instances/${instanceId}/repositories/${demo}/web-app`);
  await expect(page.locator('[data-testid="tags-table"][data-tag-total="12"]')).toBeVisible();
  await page.getByTestId('tag-name-filter').fill('/v1.(/');
  await expect(page.getByTestId('tag-filter-error')).toContainText('Invalid regular expression');
  await expect(tagRows(page)).toHaveCount(12);

  await page.goto(`/instances/${instanceId}/repositories/${demo}/Not..Valid`);
  await expect(page.getByTestId('browse-problem')).toContainText('not a valid Docker Hub repository name');

  await page.goto(`/instances/${instanceId}/repositories/someone-else/web-app`);
  await expect(page.getByTestId('browse-problem')).toContainText('is not a namespace of instance');

  const response = await page.goto('/instances/cnotaninstance000000000000/repositories');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test("recent pushes: the last 24 h lists exactly the fixture's pushes, and the CSV has the same rows", async ({ page }) => {
  await page.goto('/audit/pushes');
  await expect(page.getByRole('radio', { name: 'Last 24 hours' })).toHaveAttribute('aria-checked', 'true');
  const mine = page.getByTestId('push-row').filter({ hasText: instanceName });
  await expect(mine).toHaveCount(DEFAULT_RECENT_PUSHES.length);
  const shown = await mine.evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll('td')].map((c) => c.textContent?.trim() ?? '');
      return `${cells[2]?.replace(/Private$/, '')}:${cells[3]}`;
    }),
  );
  expect(shown.sort()).toEqual(DEFAULT_RECENT_PUSHES.map((p) => `${p.namespace}/${p.repository}:${p.tag}`).sort());
  await expect(mine.filter({ hasText: 'sha-5b7e913' }).getByTestId('push-pusher')).toHaveText('lee-editor');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = fs.readFileSync((await download.path()) ?? '', 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toBe('instance,namespace,repository,tag,pushed_at,pushed_by,digest,architectures,size_bytes,visibility');
  const csvMine = csv.slice(1).filter((line) => line.startsWith(`${instanceName},`)).map((line) => line.split(','));
  expect(csvMine.map((c) => `${c[1]}/${c[2]}:${c[3]}`).sort()).toEqual(shown.sort());
  // Every row on the page (all instances) is in the file, in the same order.
  const allShown = await page.getByTestId('push-row').evaluateAll((rows) => rows.map((r) => r.querySelector('[data-testid="push-tag"]')?.textContent ?? ''));
  expect(csv.slice(1).map((line) => line.split(',')[3])).toEqual(allShown);

  // A week back adds the fixture's 3 to 6 day old pushes (api, worker, platform-api, frontend).
  await page.getByRole('radio', { name: 'Last 7 days' }).click();
  await expect(page).toHaveURL(/window=7d/);
  await expect(page.getByTestId('push-row').filter({ hasText: instanceName })).toHaveCount(10);
});

test('people lookup: a user and an organization', async ({ page }) => {
  await page.goto('/lookup');
  await page.getByLabel('Through instance').selectOption({ label: instanceName });
  await page.getByLabel('Docker ID or organization').fill('sam-dev');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('lookup-name')).toHaveText('Sam Developer');
  await expect(page.getByTestId('lookup-kind')).toHaveText('User');
  await expect(page.getByTestId('lookup-company')).toHaveText('Acme');

  await page.getByLabel('Docker ID or organization').fill('acme');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('lookup-name')).toHaveText('Acme Corporation');
  await expect(page.getByTestId('lookup-kind')).toHaveText('Organization');
  await expect(page.getByTestId('lookup-location')).toHaveText('Springfield');

  await page.getByLabel('Docker ID or organization').fill('nobody-at-all');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('api-error')).toContainText('no user or organization named "nobody-at-all"');
});
