// Retention policies end to end against the emulator (default fixture plus repositories this spec
// pushes, some of them "200 days ago" by moving the emulator clock back for the push): create a
// policy while the tester's table follows every rule change, invalid patterns and cron pointed at
// in place, run it now, find the request with its generated reason on the approval screen,
// approve it as an approver, and see in the emulator's request log that exactly the selected tags
// were deleted. A policy that would delete every tag of a repository is held by the safety stop.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEFAULT_CREDENTIALS } from '../../emulator/fixtures/default';
import { E2E } from '../config';
import { storageStateFor, type E2ERole } from '../helpers/users';
import { addInstance, uniqueName } from '../instances/helpers';

const NS = DEFAULT_CREDENTIALS.user;
const DAY = 86_400_000;
const suffix = Date.now().toString(36);
const REPO = `retention-${suffix}`;
const ALL_OLD = `retention-all-${suffix}`;

test.describe.configure({ mode: 'serial' });
test.use({ storageState: storageStateFor('admin') });

let instanceId = '';
let policyUrl = '';
let requestId = '';

interface LogEntry {
  method: string;
  path: string;
  status: number;
}

async function hub(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(`${E2E.hubUrl}/__emulator${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`emulator ${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function push(repo: string, tag: string, digest?: string): Promise<void> {
  await hub(`/repositories/${NS}/${repo}/tags/${tag}/push`, {
    method: 'POST',
    body: JSON.stringify(digest ? { digest } : {}),
  });
}

/** Pushes tags as if `daysAgo` days ago: the emulator clock goes back for the pushes, then forward again. */
async function pushAgo(daysAgo: number, repo: string, tags: string[]): Promise<void> {
  const { now } = (await (await hub('/clock')).json()) as { now: number };
  await hub('/clock', { method: 'POST', body: JSON.stringify({ now: now - daysAgo * DAY }) });
  try {
    for (const tag of tags) await push(repo, tag);
  } finally {
    const { now: back } = (await (await hub('/clock')).json()) as { now: number };
    await hub('/clock', { method: 'POST', body: JSON.stringify({ now: back + daysAgo * DAY }) });
  }
}

async function deletedTags(repo: string): Promise<string[]> {
  const { entries } = (await (await hub('/log')).json()) as { entries: LogEntry[] };
  const prefix = `/v2/repositories/${NS}/${repo}/tags/`;
  return entries
    .filter((e) => e.method === 'DELETE' && e.path.startsWith(prefix) && e.status < 300)
    .map((e) => decodeURIComponent(e.path.slice(prefix.length).replace(/\/$/, '')))
    .sort();
}

async function as(browser: Browser, role: E2ERole): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role), baseURL: E2E.baseUrl });
  return context.newPage();
}

const row = (page: Page, tag: string) =>
  page.locator(`[data-testid="tester"][data-state="fresh"] [data-testid="tester-row"][data-tag="${tag}"]`);

async function expectDecision(page: Page, tag: string, action: 'delete' | 'keep', reason = ''): Promise<void> {
  await expect(row(page, tag)).toHaveAttribute('data-action', action);
  await expect(row(page, tag)).toHaveAttribute('data-reason', reason);
}

test.beforeAll(async ({ browser }) => {
  // REPO: pr-1 (200 d), pr-2 (150 d), pr-3 (100 d), keep-me (200 d), pr-4, latest and v3 (now).
  await pushAgo(200, REPO, ['pr-1', 'keep-me']);
  await pushAgo(150, REPO, ['pr-2']);
  await pushAgo(100, REPO, ['pr-3']);
  await push(REPO, 'pr-4');
  await push(REPO, 'v3', `sha256:${'3e'.repeat(32)}`);
  await push(REPO, 'latest', `sha256:${'3e'.repeat(32)}`);
  // ALL_OLD: two old tags and nothing else.
  await pushAgo(200, ALL_OLD, ['old-a', 'old-b']);
  const page = await as(browser, 'admin');
  instanceId = await addInstance(page, {
    name: uniqueName('Retention'),
    username: NS,
    secret: DEFAULT_CREDENTIALS.pats.admin,
  });
  await page.context().close();
});

test('create a policy while the tester follows each rule, then run it now', async ({ page }) => {
  await page.goto(`/instances/${instanceId}/retention`);
  await page.getByRole('link', { name: 'New policy' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/instances/${instanceId}/retention/new$`));
  const form = page.getByRole('form', { name: 'Retention policy' });
  await form.getByLabel('Name', { exact: true }).fill('Prune PR builds');
  await form.getByLabel('Repositories to include').fill(REPO);
  await form.getByLabel('Tags to include').fill('pr-*');

  // Name pattern only: every pr-* tag goes; the rest is kept with its reason.
  for (const tag of ['pr-1', 'pr-2', 'pr-3', 'pr-4']) await expectDecision(page, tag, 'delete');
  await expectDecision(page, 'latest', 'keep', 'protected');
  await expectDecision(page, 'keep-me', 'keep', 'not_matched_by_include');
  await expect(page.getByTestId('tester-result')).toContainText('Safety stop');

  // Age rule: pr-4 was pushed today.
  await form.getByLabel('Last pushed more than').fill('30');
  await expectDecision(page, 'pr-4', 'keep', 'too_recent');
  await expectDecision(page, 'pr-3', 'delete');

  // Keep the newest one of the selected names.
  await form.getByLabel('Always keep the newest').fill('2');
  await expectDecision(page, 'pr-3', 'keep', 'within_newest');
  await form.getByLabel('Always keep the newest').fill('1');
  await expectDecision(page, 'pr-3', 'delete');
  await expectDecision(page, 'pr-4', 'keep', 'within_newest');
  await expect(
    page.locator('[data-testid="tester"][data-state="fresh"] [data-testid="tester-repository-delete"]'),
  ).toHaveText('3');

  // An invalid pattern is pointed at in place, and the tester waits for a valid one.
  await form.getByLabel('Tags to include').fill('pr-*\n/pr-(\\d+/');
  const problem = form.locator('#policy-tagInclude-error');
  await expect(problem).toContainText('Line 2, character 5');
  await expect(problem).toContainText('never closed');
  await expect(problem.getByTestId('problem-caret')).toHaveText(/\/pr-\(\\d\+\/\s+\^/);
  await expect(page.getByText('Fix the highlighted fields to see what this policy would delete.')).toBeVisible();
  await form.getByLabel('Tags to include').fill('pr-*');

  // The schedule: a human preview and the next five runs; a bad field is pointed at.
  await form.getByLabel('Run on a schedule').check();
  await form.getByLabel('Cron expression').fill('0 25 * * *');
  await expect(form.locator('#policy-cron-error')).toContainText('Character 3: The hour field "25" is invalid');
  await form.getByLabel('Cron expression').fill('0 3 * * 1');
  await form.getByLabel('Time zone').selectOption('Europe/Berlin');
  await expect(page.getByTestId('cron-description')).toHaveText('Every Monday at 03:00 (Europe/Berlin)');
  await expect(page.getByTestId('cron-next').locator('li')).toHaveCount(5);
  await expect(page.getByTestId('cron-next').locator('li').first()).toContainText('Mon');
  await expectDecision(page, 'pr-1', 'delete');

  await form.getByRole('button', { name: 'Create policy' }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${instanceId}/retention/c[a-z0-9]+$`));
  policyUrl = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: 'Prune PR builds' })).toBeVisible();

  await page.getByRole('button', { name: 'Run now' }).click();
  const run = page.getByTestId('run-row').first();
  await expect(run).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await expect(run.getByTestId('run-to-delete')).toHaveText('3');
  const link = run.getByTestId('run-request').getByRole('link');
  await expect(link).toHaveText(`Request for ${NS}/${REPO}`);
  requestId = (await link.getAttribute('href'))?.split('/').pop() ?? '';
  expect(requestId).not.toBe('');
});

test('the approver sees the generated reason, approves, and exactly the selected tags are deleted', async ({
  browser,
}) => {
  const approver = await as(browser, 'approver');
  await approver.goto(`/requests/${requestId}`);
  await expect(approver.getByTestId('request-reason')).toContainText(
    'Retention policy "Prune PR builds" (run started by hand',
  );
  await expect(approver.getByTestId('request-reason')).toContainText(
    'tags matching "pr-*"; pushed more than 30 days ago; keeping the newest 1 per repository',
  );
  await expect(approver.getByTestId('item-row')).toHaveCount(3);
  await approver.getByTestId('approve-button').click();
  await approver.getByTestId('confirm-decision').click();
  for (const tag of ['pr-1', 'pr-2', 'pr-3']) {
    await expect(approver.locator(`[data-testid="item-row"][data-tag="${tag}"]`)).toHaveAttribute(
      'data-status',
      'deleted',
      { timeout: 30_000 },
    );
  }
  await approver.context().close();
  expect(await deletedTags(REPO)).toEqual(['pr-1', 'pr-2', 'pr-3']);
  const { tags } = (await (await hub(`/repositories/${NS}/${REPO}`)).json()) as { tags: { name: string }[] };
  expect(tags.map((t) => t.name).sort()).toEqual(['keep-me', 'latest', 'pr-4', 'v3']);
});

test('the run history shows the request and its outcome', async ({ page }) => {
  await page.goto(policyUrl);
  const request = page.getByTestId('run-row').first().getByTestId('run-request');
  await expect(request).toContainText('completed');
  await expect(request).toContainText('3 tags, 3 deleted');
});

test('the safety stop holds a run that would delete every tag of a repository', async ({ page }) => {
  await page.goto(`/instances/${instanceId}/retention/new`);
  const form = page.getByRole('form', { name: 'Retention policy' });
  await form.getByLabel('Name', { exact: true }).fill('Everything old');
  await form.getByLabel('Repositories to include').fill(ALL_OLD);
  await form.getByLabel('Last pushed more than').fill('30');
  await expectDecision(page, 'old-a', 'delete');
  await expectDecision(page, 'old-b', 'delete');
  await expect(page.getByTestId('tester-result')).toContainText('A run would be held: it would delete all 2 tags.');
  await form.getByRole('button', { name: 'Create policy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Everything old' })).toBeVisible();
  await page.getByRole('button', { name: 'Run now' }).click();
  const run = page.getByTestId('run-row').first();
  await expect(run).toHaveAttribute('data-status', 'held', { timeout: 30_000 });
  await expect(run.getByTestId('run-held-reasons')).toContainText(`${NS}/${ALL_OLD}: would delete all 2 tags`);
  await expect(run.getByTestId('run-request')).toHaveCount(0);
  expect(await deletedTags(ALL_OLD)).toEqual([]);
});
