// Tag deletions end to end: the admin selects tags (one shares a digest, one is `latest`), sees
// the safety summary with `latest` blocked, requests the rest; the admin cannot approve; the
// approver approves and the worker deletes exactly those tags after the approval. A tag re-pushed
// between request and approval is skipped, not deleted. Reject and expiry paths. A viewer sees
// everything but can act on nothing.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEFAULT_CREDENTIALS } from '../../emulator/fixtures/default';
import { E2E } from '../config';
import { withDb } from '../helpers/seed';
import { storageStateFor, type E2ERole } from '../helpers/users';
import { addInstance, uniqueName } from '../instances/helpers';

const NS = DEFAULT_CREDENTIALS.user;
const SHARED = `sha256:${'e2'.repeat(32)}`;

test.describe.configure({ mode: 'serial' });
test.use({ storageState: storageStateFor('admin') });

let instanceId = '';
const run = Date.now().toString(36);

interface LogEntry {
  seq: number;
  at: number;
  method: string;
  path: string;
  status: number;
}

async function hub(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(`${E2E.hubUrl}/__emulator${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`emulator ${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function push(repo: string, tag: string, digest?: string): Promise<void> {
  await hub(`/repositories/${NS}/${repo}/tags/${tag}/push`, { method: 'POST', body: JSON.stringify(digest ? { digest } : {}) });
}

async function hubLog(): Promise<LogEntry[]> {
  return ((await (await hub('/log')).json()) as { entries: LogEntry[] }).entries;
}

async function deletesFor(repo: string): Promise<LogEntry[]> {
  return (await hubLog()).filter((e) => e.method === 'DELETE' && e.path.startsWith(`/v2/repositories/${NS}/${repo}/tags/`));
}

async function as(browser: Browser, role: E2ERole): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role), baseURL: E2E.baseUrl });
  return context.newPage();
}

const repoUrl = (repo: string) => `/instances/${instanceId}/repositories/${NS}/${repo}`;

/** Selects tags in the repository page's table and opens the Request deletion dialog. */
async function selectAndOpen(page: Page, repo: string, tags: string[]) {
  await page.goto(repoUrl(repo));
  for (const tag of tags) await page.getByRole('checkbox', { name: `Select ${tag}`, exact: true }).click();
  await expect(page.getByTestId('selection-summary')).toContainText(`${tags.length} selected`);
  await page.getByTestId('request-deletion').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('safety-summary')).toBeVisible({ timeout: 30_000 });
  return dialog;
}

/** Requests deletion of `tags` with a reason; returns the new request id. */
async function requestDeletion(page: Page, repo: string, tags: string[], reason: string): Promise<string> {
  const dialog = await selectAndOpen(page, repo, tags);
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByTestId('submit-deletion-request').click();
  const link = dialog.getByTestId('created-request-link');
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  const id = href?.split('/').pop();
  if (!id) throw new Error('no request link');
  return id;
}

async function approve(page: Page, requestId: string, comment = 'looks right') {
  await page.goto(`/requests/${requestId}`);
  await page.getByTestId('approve-button').click();
  await page.getByLabel('Comment (optional)').fill(comment);
  await page.getByTestId('confirm-decision').click();
}

test.beforeAll(async ({ browser }) => {
  const page = await as(browser, 'admin');
  instanceId = await addInstance(page, { name: uniqueName('Deletions'), username: NS, secret: DEFAULT_CREDENTIALS.pats.admin, namespaces: 'acme' });
  await page.context().close();
  // Repository for the main flow: keep-a and share-1 share a digest; latest is protected.
  for (const tag of ['keep-a', 'share-1']) await push(`del-${run}`, tag, SHARED);
  for (const tag of ['old-1', 'old-2', 'old-3', 'latest']) await push(`del-${run}`, tag);
  for (const tag of ['chg-1', 'chg-2']) await push(`chg-${run}`, tag);
  for (const tag of ['rej-1', 'exp-1']) await push(`misc-${run}`, tag);
});

test('request → safety summary → approval by someone else → exactly the approved DELETEs', async ({ page, browser }) => {
  const repo = `del-${run}`;
  const dialog = await selectAndOpen(page, repo, ['share-1', 'old-1', 'old-2', 'old-3', 'latest']);
  // The server's safety summary: latest blocked, share-1 frees no storage.
  await expect(dialog.getByTestId('summary-requestable')).toHaveText('4');
  await expect(dialog.getByTestId('summary-blocked')).toHaveText('1');
  await expect(dialog.getByTestId('blocked-tags')).toContainText('latest');
  await expect(dialog.getByTestId('blocked-tags')).toContainText('protected pattern "latest"');
  await expect(dialog.getByTestId('shared-digest-tags')).toContainText('share-1');
  await expect(dialog.getByTestId('shared-digest-tags')).toContainText('keep-a');
  await expect(dialog.getByTestId('submit-deletion-request')).toHaveText('Request deletion of 4 tags');
  await dialog.getByLabel('Reason').fill('Superseded release candidates');
  await dialog.getByTestId('submit-deletion-request').click();
  const link = dialog.getByTestId('created-request-link');
  await expect(link).toBeVisible();
  const requestId = (await link.getAttribute('href'))?.split('/').pop() ?? '';

  // The requesting admin cannot approve: no button.
  await page.goto(`/requests/${requestId}`);
  await expect(page.getByTestId('request-status')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('item-row')).toHaveCount(4);
  await expect(page.getByTestId('approve-button')).toHaveCount(0);
  await expect(page.getByTestId('reject-button')).toHaveCount(0);
  expect(await deletesFor(repo)).toEqual([]);

  // It waits on the approvals page.
  const approver = await as(browser, 'approver');
  await approver.goto('/approvals');
  const row = approver.locator(`[data-testid="request-row"][data-request-id="${requestId}"]`);
  await expect(row).toContainText(`${NS}/${repo}`);
  await expect(row).toContainText('Superseded release candidates');
  await expect(row.getByTestId('time-left')).not.toHaveText('—');

  // Everything the emulator logs after this point came after the approval was given.
  const beforeApproval = Math.max(0, ...(await hubLog()).map((e) => e.seq));
  await approve(approver, requestId);
  await expect(approver.getByTestId('request-status')).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  for (const tag of ['share-1', 'old-1', 'old-2', 'old-3']) {
    await expect(approver.locator(`[data-testid="item-row"][data-tag="${tag}"]`)).toHaveAttribute('data-status', 'deleted');
  }

  const deletes = await deletesFor(repo);
  expect(deletes.map((d) => d.path).sort()).toEqual(['old-1', 'old-2', 'old-3', 'share-1'].map((t) => `/v2/repositories/${NS}/${repo}/tags/${t}/`));
  for (const d of deletes) {
    expect(d.status).toBe(204);
    expect(d.seq).toBeGreaterThan(beforeApproval);
  }
  // The admin's page shows the per-item outcomes too.
  await page.reload();
  await expect(page.locator('[data-testid="item-row"][data-status="deleted"]')).toHaveCount(4);
  await approver.context().close();
});

test('a tag re-pushed after the request is skipped, not deleted', async ({ page, browser }) => {
  const repo = `chg-${run}`;
  const requestId = await requestDeletion(page, repo, ['chg-1', 'chg-2'], 'Old builds');
  // Someone pushes a new image under chg-1 before the approval.
  await push(repo, 'chg-1', `sha256:${'c4'.repeat(32)}`);
  const approver = await as(browser, 'approver');
  await approve(approver, requestId);
  await expect(approver.getByTestId('request-status')).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(approver.locator('[data-testid="item-row"][data-tag="chg-1"]')).toHaveAttribute('data-status', 'skipped_changed');
  await expect(approver.locator('[data-testid="item-row"][data-tag="chg-1"]').getByTestId('item-reason')).toContainText('different image');
  await expect(approver.locator('[data-testid="item-row"][data-tag="chg-2"]')).toHaveAttribute('data-status', 'deleted');
  expect((await deletesFor(repo)).map((d) => d.path)).toEqual([`/v2/repositories/${NS}/${repo}/tags/chg-2/`]);
  await approver.context().close();
});

test('reject: the request ends rejected and nothing is deleted', async ({ page, browser }) => {
  const repo = `misc-${run}`;
  const requestId = await requestDeletion(page, repo, ['rej-1'], 'Maybe not needed');
  const approver = await as(browser, 'approver');
  await approver.goto(`/requests/${requestId}`);
  await approver.getByTestId('reject-button').click();
  await approver.getByTestId('confirm-decision').click();
  await expect(approver.getByTestId('decision-error')).toContainText('Say why');
  await approver.getByLabel('Why? (required)').fill('Still used by the staging environment');
  await approver.getByTestId('confirm-decision').click();
  await expect(approver.getByTestId('request-status')).toHaveAttribute('data-status', 'rejected');
  await expect(approver.getByTestId('request-history')).toContainText('Still used by the staging environment');
  await expect(approver.getByTestId('approve-button')).toHaveCount(0);
  expect(await deletesFor(repo)).toEqual([]);
  // The requester may re-submit it.
  await page.goto(`/requests/${requestId}`);
  await expect(page.getByTestId('resubmit-button')).toBeVisible();
  await approver.context().close();
});

test('expiry: past its deadline a request cannot be approved, only re-submitted', async ({ page, browser }) => {
  const repo = `misc-${run}`;
  const requestId = await requestDeletion(page, repo, ['exp-1'], 'Temporary tag');
  await withDb((client) => client.query(`UPDATE "DeletionRequest" SET "expiresAt" = "createdAt" + interval '1 millisecond' WHERE "id" = $1`, [requestId]));
  const approver = await as(browser, 'approver');
  await approver.goto(`/requests/${requestId}`);
  await expect(approver.getByTestId('request-status')).toHaveAttribute('data-status', 'expired');
  await expect(approver.getByTestId('approve-button')).toHaveCount(0);
  await approver.context().close();
  await page.goto(`/requests/${requestId}`);
  await page.getByTestId('resubmit-button').click();
  await expect(page).not.toHaveURL(new RegExp(`/requests/${requestId}$`));
  await expect(page.getByTestId('request-status')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByText('Re-submitted from')).toBeVisible();
  expect(await deletesFor(repo)).toEqual([]);
});

test('a viewer sees requests and the audit log but cannot act', async ({ browser }) => {
  const viewer = await as(browser, 'viewer');
  await viewer.goto('/requests');
  await expect(viewer.getByTestId('request-row').first()).toBeVisible();
  await viewer.getByTestId('request-row').first().getByRole('link').click();
  await expect(viewer.getByTestId('request-detail')).toBeVisible();
  await expect(viewer.getByTestId('decision-buttons')).toHaveCount(0);
  await viewer.goto(repoUrl(`del-${run}`));
  await expect(viewer.getByTestId('tags-table')).toBeVisible();
  await expect(viewer.getByTestId('request-deletion')).toHaveCount(0);
  await viewer.goto('/audit?action=deletion.');
  await expect(viewer.locator('[data-testid="audit-row"][data-action="deletion.tag_deleted"]').first()).toBeVisible();
  await expect(viewer.locator('[data-testid="audit-row"][data-action="deletion.approved"]').first()).toBeVisible();
  const csv = await viewer.request.get('/api/audit/export?action=deletion.');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('deletion.tag_deleted');
  await viewer.context().close();
});
