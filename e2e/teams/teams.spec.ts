// Team access end to end against the emulator (default fixture: PATs are refused on organization
// endpoints and accepted on team grants). With a PAT-only instance: members explain that an OAT
// instance is needed, and the team picker takes a typed id; the grant goes through the PAT. After
// adding the acme OAT instance: teams are picked by name, the grant shows in the emulator's state
// and in both audit logs; teams and members are listed with search.
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_CREDENTIALS, DEFAULT_GROUPS } from '../../emulator/fixtures/default';
import { E2E } from '../config';
import { withDb } from '../helpers/seed';
import { storageStateFor } from '../helpers/users';
import { addInstance, uniqueName } from '../instances/helpers';

test.describe.configure({ mode: 'serial' });
test.use({ storageState: storageStateFor('admin') });

const demo = DEFAULT_CREDENTIALS.user;
const patName = uniqueName('Teams PAT');
const oatName = uniqueName('Acme OAT');
const repository = 'data-pipeline';
let patId = '';
let oatId = '';

/** Team grants the emulator holds for acme/<repo>, as {groupId: permission}. */
async function hubGrants(repo: string): Promise<Record<string, string>> {
  const res = await fetch(`${E2E.hubUrl}/__emulator/repositories/acme/${repo}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { groupGrants?: Record<string, string> };
  return body.groupGrants ?? {};
}

async function openGrantPanel(page: Page, instanceId: string) {
  await page.goto(`/instances/${instanceId}/repositories/acme/${repository}`);
  const panel = page.getByTestId('grant-team-access');
  await expect(panel.getByRole('form', { name: 'Grant team access' })).toBeVisible({ timeout: 30_000 });
  return panel;
}

async function confirmGrant(page: Page, permission: 'read' | 'write' | 'admin') {
  const dialog = page.getByRole('dialog', { name: 'Grant team access?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: `Grant ${permission} access` }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
}

test.beforeAll(async () => {
  // The "PAT only" half needs acme to have no OAT instance; other specs may have left one behind.
  await withDb((client) => client.query(`DELETE FROM "Instance" WHERE "kind" = 'OAT' AND "username" = 'acme'`));
});

test('PAT only: members need an OAT instance; the team picker explains it and takes a typed id; the grant goes through the PAT', async ({
  page,
}) => {
  patId = await addInstance(page, {
    name: patName,
    username: demo,
    secret: DEFAULT_CREDENTIALS.pats.admin,
    namespaces: 'acme',
  });

  // Members through a PAT: Hub refuses, and the page says why and what would work.
  await page.goto(`/instances/${patId}/members?org=acme`);
  const refusal = page.getByTestId('hub-error-explanation');
  await expect(refusal).toBeVisible({ timeout: 30_000 });
  await expect(refusal).toHaveAttribute('data-code', 'pat_not_allowed');
  await expect(refusal.getByTestId('hub-error-title')).toHaveText(
    'Docker Hub needs an organization access token for this',
  );
  await expect(refusal.getByTestId('hub-error-what')).toHaveText(
    `Docker Hub refused to list the members of acme through instance "${patName}", which signs in with a personal access token (PAT).`,
  );
  await expect(refusal.getByTestId('hub-error-fix')).toContainText(
    'This needs an organization access token (OAT) instance for "acme"',
  );
  await expect(refusal.getByRole('link', { name: 'Add an OAT instance for acme' })).toHaveAttribute(
    'href',
    '/instances/new?kind=OAT&username=acme',
  );

  // The grant panel: no OAT instance, so no team names; it explains and asks for the id.
  const panel = await openGrantPanel(page, patId);
  await expect(panel.getByTestId('grant-via')).toContainText(
    `Sent through instance "${patName}" (personal access token)`,
  );
  const needOat = panel.getByTestId('hub-error-explanation');
  await expect(needOat.getByTestId('hub-error-title')).toHaveText('Needs an OAT instance for acme');
  await expect(needOat.getByTestId('hub-error-what')).toHaveText(
    'To list the teams of acme, Hubkeeper needs an instance that signs in with an organization access token (OAT), and it has none for acme.',
  );
  await panel.getByLabel('Team id').fill(String(DEFAULT_GROUPS.qa));
  await panel.getByRole('radio', { name: /^read/ }).check();
  await panel.getByRole('button', { name: 'Grant access…' }).click();
  await confirmGrant(page, 'read');
  await expect(panel.getByTestId('grant-result')).toHaveText(
    `Team qa (id ${DEFAULT_GROUPS.qa}) now has read access to acme/${repository}, granted through instance "${patName}" (PAT).`,
  );
  expect((await hubGrants(repository))[String(DEFAULT_GROUPS.qa)]).toBe('read');
});

test('with the acme OAT instance: teams by name, write granted and visible in Hub and in both audit logs', async ({
  page,
}) => {
  oatId = await addInstance(page, { name: oatName, kind: 'OAT', username: 'acme', secret: DEFAULT_CREDENTIALS.oat });

  const panel = await openGrantPanel(page, patId);
  await expect(panel.getByTestId('grant-via')).toContainText(`Team names come from instance "${oatName}".`);
  await expect(panel.getByTestId('hub-error-explanation')).toHaveCount(0);
  await panel.getByLabel('Team', { exact: true }).selectOption('developers');
  await panel.getByRole('radio', { name: /^write/ }).check();
  await panel.getByRole('button', { name: 'Grant access…' }).click();
  await expect(page.getByRole('dialog', { name: 'Grant team access?' })).toContainText(
    `Give developers (id ${DEFAULT_GROUPS.developers}) write access to acme/${repository}`,
  );
  await confirmGrant(page, 'write');
  await expect(panel.getByTestId('grant-result')).toContainText(
    `Team developers (id ${DEFAULT_GROUPS.developers}) now has write access to acme/${repository}`,
  );
  expect((await hubGrants(repository))[String(DEFAULT_GROUPS.developers)]).toBe('write');

  // Hubkeeper's audit log recorded it (in the database, and shown beside Hub's log).
  const rows = await withDb(
    async (client) =>
      (
        await client.query<{
          action: string;
          instanceId: string;
          repository: string;
          details: { groupName?: string; permission?: string };
        }>(
          `SELECT "action", "instanceId", "repository", "details" FROM "AuditEvent" WHERE "action" = 'team.access_granted' AND "instanceId" = $1 ORDER BY "id"`,
          [patId],
        )
      ).rows,
  );
  expect(rows.map((r) => [r.repository, r.details.groupName, r.details.permission])).toEqual([
    [`acme/${repository}`, 'qa', 'read'],
    [`acme/${repository}`, 'developers', 'write'],
  ]);

  await panel.getByRole('link', { name: 'See the audit logs' }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${patId}/hub-audit\\?org=acme$`));
  const ours = page
    .getByTestId('hubkeeper-audit-row')
    .filter({ hasText: `developers (${DEFAULT_GROUPS.developers}): write granted via ${patName}` });
  await expect(ours).toHaveCount(1);
  await expect(page.getByTestId('org-source-note')).toContainText(`Read through instance "${oatName}"`);
  // Docker Hub's own log has the change too (repo.update), filtered by action.
  await page.getByLabel('Action', { exact: true }).fill('repo.update');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=repo\.update/);
  const hubRows = page.getByTestId('hub-audit-row');
  await expect(hubRows.first()).toBeVisible();
  await expect(hubRows.filter({ hasText: repository }).first()).toContainText('hubkeeper-demo');
  expect(await hubRows.evaluateAll((els) => els.every((el) => el.getAttribute('data-action') === 'repo.update'))).toBe(
    true,
  );
  await expect(page.getByRole('link', { name: "Open Hubkeeper's full audit log" })).toHaveAttribute(
    'href',
    `/audit?instanceId=${patId}`,
  );
});

test('teams and members are listed by name with search', async ({ page }) => {
  await page.goto(`/instances/${oatId}/teams`);
  const rows = page.getByTestId('team-row');
  await expect(rows).toHaveCount(4, { timeout: 30_000 });
  await page.getByLabel('Search teams').fill('dev');
  await expect(rows).toHaveCount(1);
  const developers = rows.filter({ hasText: 'developers' });
  await developers.getByRole('button', { name: 'Show members' }).click();
  await expect(page.getByRole('list', { name: 'Members of developers' })).toContainText('sam-dev');

  await page.getByRole('link', { name: 'Members', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${oatId}/members`));
  const members = page.getByTestId('member-row');
  await expect(members.filter({ hasText: 'hubkeeper-demo' })).toContainText('Owner');
  await page.getByLabel('Search members').fill('sam');
  await expect(members).toHaveCount(1);
  await expect(members.first()).toContainText('developers');

  // The PAT instance now reads members through the OAT instance of acme.
  await page.goto(`/instances/${patId}/members?org=acme`);
  await expect(page.getByTestId('org-source-note')).toContainText(`Read through instance "${oatName}"`, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('member-row').first()).toBeVisible();
});
