// Description editing end to end against the emulator: a single edit on the repository page
// (counter, Markdown preview, save, history), a bulk find & replace over 20 repositories with
// preview → apply → live progress → emulator state, a repository edited between preview and
// apply skipped as "changed since preview", undo restoring the old descriptions, and a viewer
// who is offered no editor at all.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEFAULT_CREDENTIALS } from '../../emulator/fixtures/default';
import { E2E } from '../config';
import { storageStateFor, type E2ERole } from '../helpers/users';
import { addInstance, uniqueName } from '../instances/helpers';

const NS = DEFAULT_CREDENTIALS.user;
const run = Date.now().toString(36);
const prefix = `desc-${run}`;
const COUNT = 20;
const names = Array.from({ length: COUNT }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);

test.describe.configure({ mode: 'serial' });
test.use({ storageState: storageStateFor('admin') });

let instanceId = '';
let hubToken = '';

interface EmulatorRepo {
  description: string | null;
  fullDescription: string | null;
}

async function emulator(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(`${E2E.hubUrl}/__emulator${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`emulator ${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function emulatorRepo(name: string): Promise<EmulatorRepo> {
  return (await (await emulator(`/repositories/${NS}/${name}`)).json()) as EmulatorRepo;
}

/** Changes a description straight on "Docker Hub" (someone else editing), with the demo PAT. */
async function patchOnHub(name: string, body: { description?: string; full_description?: string }): Promise<void> {
  if (hubToken === '') {
    const res = await fetch(`${E2E.hubUrl}/v2/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: NS, secret: DEFAULT_CREDENTIALS.pats.admin }),
    });
    hubToken = ((await res.json()) as { access_token: string }).access_token;
  }
  const res = await fetch(`${E2E.hubUrl}/v2/repositories/${NS}/${name}/`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hubToken}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PATCH ${name}: ${res.status}`);
}

async function as(browser: Browser, role: E2ERole): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role), baseURL: E2E.baseUrl });
  return context.newPage();
}

const repoUrl = (name: string) => `/instances/${instanceId}/repositories/${NS}/${name}`;

test.beforeAll(async ({ browser }) => {
  for (const [i, name] of names.entries()) {
    await emulator(`/repositories/${NS}/${name}/tags/latest/push`, { method: 'POST', body: '{}' });
    await patchOnHub(name, { description: `Service ${i + 1} (old)`, full_description: `# ${name}\n\nOld readme.` });
  }
  const page = await as(browser, 'admin');
  instanceId = await addInstance(page, { name: uniqueName('Descriptions'), username: NS, secret: DEFAULT_CREDENTIALS.pats.admin });
  await page.context().close();
});

test('single edit: live counter, Markdown preview, save, emulator state and history', async ({ page }) => {
  const name = names[0] ?? '';
  await page.goto(repoUrl(name));
  await page.getByTestId('edit-description').click();
  const dialog = page.getByRole('dialog');
  const short = dialog.getByLabel('Short description', { exact: true });
  await expect(short).toHaveValue('Service 1 (old)');
  await expect(dialog.getByTestId('short-counter')).toHaveText('15 / 100');

  // Over the limit: counter and message, Save disabled.
  await short.fill('x'.repeat(101));
  await expect(dialog.getByTestId('short-counter')).toHaveText('101 / 100');
  await expect(dialog.getByText(/101 characters; Docker Hub allows at most 100/)).toBeVisible();
  await expect(dialog.getByTestId('save-description')).toBeDisabled();

  await short.fill('Edited in Hubkeeper');
  await dialog.getByLabel('Full description (Markdown)').fill('# Edited title\n\nSome **bold** text.\n\n<script>alert(1)</script>');
  await dialog.getByTestId('preview-tab').click();
  await expect(dialog.getByTestId('markdown-preview').getByRole('heading', { name: 'Edited title' })).toBeVisible();
  await expect(dialog.getByTestId('markdown-preview').locator('strong')).toHaveText('bold');
  await expect(dialog.getByTestId('markdown-preview').locator('script')).toHaveCount(0);
  await dialog.getByTestId('save-description').click();

  await expect(page.getByText('Edited in Hubkeeper').first()).toBeVisible();
  await expect(page.getByText('Description saved')).toBeVisible();
  await expect.poll(async () => (await emulatorRepo(name)).description).toBe('Edited in Hubkeeper');
  expect((await emulatorRepo(name)).fullDescription).toContain('# Edited title');
  await expect(page.getByTestId('markdown').first()).toContainText('Edited title');
  const change = page.getByTestId('description-history').getByTestId('description-change').first();
  await expect(change).toContainText('admin@e2e.test');
  await expect(change.locator('del').first()).toHaveText('Service 1 (old)');
  await expect(change.locator('ins').first()).toHaveText('Edited in Hubkeeper');
});

test('bulk find & replace over 20 repositories: preview, apply, progress, skip changed, undo', async ({ page }) => {
  test.setTimeout(180_000);
  const selected = names.slice(0, COUNT).map((n) => `${NS}/${n}`);
  await page.goto(`/instances/${instanceId}/descriptions?repos=${encodeURIComponent(selected.join(','))}`);
  await expect(page.getByLabel('Repositories (namespace/name, one per line)')).toHaveValue(selected.join('\n'));

  const shortChange = page.getByTestId('change-description');
  await shortChange.getByLabel('Change', { exact: true }).selectOption('replace');
  // A bad regex is refused in place, before anything is sent.
  await shortChange.getByLabel('Regular expression', { exact: true }).check();
  await shortChange.getByLabel('Find (regular expression)').fill('(old');
  await page.getByTestId('bulk-preview-button').click();
  await expect(shortChange.getByText(/Invalid regular expression/)).toBeVisible();

  await shortChange.getByLabel('Find (regular expression)').fill('\\((old)\\)');
  await shortChange.getByLabel(/Replace with/).fill('[$1 → new]');
  await page.getByTestId('bulk-preview-button').click();
  const rows = page.getByTestId('preview-row');
  await expect(rows).toHaveCount(COUNT);
  // names[0] was edited by the single-edit test: it has no "(old)" left.
  await expect(page.locator('[data-testid="preview-row"][data-outcome="change"]')).toHaveCount(COUNT - 1);
  await expect(page.locator(`[data-testid="preview-row"][data-repository="${NS}/${names[0]}"]`)).toContainText('unchanged');
  const second = page.locator(`[data-testid="preview-row"][data-repository="${NS}/${names[1]}"]`);
  await expect(second.locator('del').first()).toBeVisible();
  await expect(second.locator('ins').first()).toBeVisible();
  await expect(second).toContainText('Service 2');

  // Someone edits one repository on Hub between the preview and the apply.
  const drifted = names[4] ?? '';
  await patchOnHub(drifted, { description: 'Changed by someone else' });

  await page.getByTestId('bulk-apply-button').click();
  await expect(page).toHaveURL(/\/descriptions\/jobs\/c[a-z0-9]+$/);
  const job = page.getByTestId('bulk-job');
  await expect(job).toHaveAttribute('data-status', 'finished', { timeout: 120_000 });
  await expect(page.getByTestId('job-progress')).toContainText(`${COUNT} / ${COUNT} done`);
  await expect(page.getByTestId('job-progress')).toContainText(`${COUNT - 2} updated`);
  await expect(page.locator(`[data-testid="job-item"][data-repository="${NS}/${drifted}"]`)).toContainText('skipped: changed since preview');

  for (const [i, name] of names.entries()) {
    const repo = await emulatorRepo(name);
    if (i === 0) expect(repo.description).toBe('Edited in Hubkeeper');
    else if (name === drifted) expect(repo.description).toBe('Changed by someone else');
    else expect(repo.description).toBe(`Service ${i + 1} [old → new]`);
  }

  // Undo restores what the job changed (and leaves the others alone).
  await page.getByTestId('job-undo').click();
  await page.getByTestId('job-undo-confirm').click();
  await expect(page.getByRole('heading', { name: 'Undo of a bulk description edit' })).toBeVisible();
  await expect(page.getByTestId('bulk-job')).toHaveAttribute('data-status', 'finished', { timeout: 120_000 });
  await expect(page.getByTestId('job-progress')).toContainText(`${COUNT - 2} updated`);
  for (const [i, name] of names.entries()) {
    const repo = await emulatorRepo(name);
    if (i === 0) expect(repo.description).toBe('Edited in Hubkeeper');
    else if (name === drifted) expect(repo.description).toBe('Changed by someone else');
    else expect(repo.description).toBe(`Service ${i + 1} (old)`);
  }
});

test('a viewer sees the history but gets no editor, and the bulk page and editor API refuse', async ({ browser }) => {
  const page = await as(browser, 'viewer');
  await page.goto(repoUrl(names[0] ?? ''));
  await expect(page.getByTestId('repository-name')).toHaveText(`${NS}/${names[0]}`);
  await expect(page.getByTestId('description-history').getByTestId('description-change').first()).toBeVisible();
  await expect(page.getByTestId('edit-description')).toHaveCount(0);
  await page.goto(`/instances/${instanceId}/descriptions`);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  const res = await page.request.get(`/api/descriptions/${instanceId}/repositories/${NS}/${names[0]}`);
  expect(res.status()).toBe(403);
  await page.context().close();
});
