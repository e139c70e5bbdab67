// LEAK TEST: an instance is created with a recognisable canary token, every page and API is
// visited as each role, and the canary (raw, base64 at any alignment, URL-encoded) must appear
// in no HTML, RSC payload, JSON response, cookie, server log line, file under .next/, and the
// database must hold it only encrypted.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_CREDENTIALS } from '../../emulator/fixtures/default';
import { E2E } from '../config';
import { withDb } from '../helpers/seed';
import { storageStateFor, type E2ERole } from '../helpers/users';
import { addInstance, deleteInstance, uniqueName } from './helpers';

// A fixture PAT no other spec uses (lee-editor's Read, Write & Delete PAT): a real token the
// emulator accepts, so the health check, the token exchange and the JWT cache all run.
const CANARY = DEFAULT_CREDENTIALS.editor.pats.admin;
const CANARY_USER = DEFAULT_CREDENTIALS.editor.user;

/** Every encoding the canary could leak in. Base64 is checked at all three byte alignments. */
function canaryForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  for (const encoding of ['base64', 'base64url'] as const) {
    for (let offset = 0; offset < 3; offset++) {
      const encoded = Buffer.from('x'.repeat(offset) + secret).toString(encoding);
      // Drop the characters that depend on the neighbouring bytes.
      forms.add(encoded.slice(4, -4));
    }
  }
  return [...forms];
}

const FORMS = canaryForms(CANARY);

function leaksIn(text: string | Buffer): string | null {
  for (const form of FORMS) {
    if (typeof text === 'string' ? text.includes(form) : text.includes(form)) return form;
  }
  return null;
}

interface Capture {
  url: string;
  body: Buffer;
  headers: string;
}

/** Records every response body and header the page receives; `settled()` waits for all reads. */
function captureResponses(page: Page): { captured: Capture[]; settled: () => Promise<void> } {
  const captured: Capture[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    pending.push(
      (async () => {
        const headers = JSON.stringify(await response.allHeaders().catch(() => ({})));
        const body = await response.body().catch(() => Buffer.alloc(0));
        captured.push({ url: response.url(), body, headers });
      })(),
    );
  });
  return { captured, settled: async () => void (await Promise.all(pending)) };
}

function pagesFor(instanceId: string, otherId: string): string[] {
  return [
    '/instances',
    '/instances/new',
    `/instances/${instanceId}`,
    `/instances/${instanceId}/edit`,
    `/instances/${instanceId}/repositories`,
    `/instances/${instanceId}/descriptions`,
    '/lookup',
    `/compare?instances=${instanceId},${otherId}`,
    '/compare',
    '/repositories',
    '/approvals',
    '/audit',
    '/users',
    '/settings',
    '/api/instances',
    `/api/instances/${instanceId}`,
    `/api/instances/compare?instances=${instanceId},${otherId}`,
  ];
}

function* filesUnder(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

test.describe.configure({ mode: 'serial' });

test.describe('leak test', () => {
  let instanceId = '';
  let otherId = '';
  const name = uniqueName('Canary');
  const otherName = uniqueName('Canary peer');

  test.beforeAll(async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const page = await admin.newPage();
    instanceId = await addInstance(page, { name, username: CANARY_USER, secret: CANARY, namespaces: 'acme' });
    otherId = await addInstance(page, { name: otherName, username: DEFAULT_CREDENTIALS.user, secret: DEFAULT_CREDENTIALS.pats.read });
    // Exercise the token paths too: re-check, then a compare that lists repositories with the cached JWT.
    await page.getByRole('button', { name: 'Re-check now' }).click();
    await expect(page.getByText('Check passed')).toBeVisible();
    await admin.close();
  });

  test.afterAll(async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const page = await admin.newPage();
    await deleteInstance(page, instanceId, name);
    await deleteInstance(page, otherId, otherName);
    await admin.close();
  });

  test('the detector itself finds the canary in every encoding', () => {
    for (const prefix of ['', 'a', 'ab']) {
      expect(leaksIn(Buffer.from(prefix + CANARY + 'tail').toString('base64'))).not.toBeNull();
      expect(leaksIn(Buffer.from(prefix + CANARY).toString('base64url'))).not.toBeNull();
    }
    expect(leaksIn(`?t=${encodeURIComponent(CANARY)}`)).not.toBeNull();
    expect(leaksIn(Buffer.from(`{"pat":"${CANARY}"}`))).not.toBeNull();
  });

  for (const role of ['admin', 'approver', 'viewer'] as E2ERole[]) {
    test(`no page, payload or cookie shows the token to ${role}`, async ({ browser }) => {
      const context = await browser.newContext({ storageState: storageStateFor(role) });
      const page = await context.newPage();
      const { captured, settled } = captureResponses(page);
      for (const url of pagesFor(instanceId, otherId)) {
        const response = await page.goto(url);
        expect(response, url).not.toBeNull();
        await page.waitForLoadState('networkidle');
        const leak = leaksIn(await page.content());
        expect(leak, `DOM of ${url}`).toBeNull();
      }
      // Client-side navigation fetches RSC payloads: go through the list and an instance page.
      await page.goto('/instances');
      await page.getByTestId('instance-row').filter({ hasText: name }).getByRole('link', { name }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await page.waitForLoadState('networkidle');
      await settled();

      expect(captured.length).toBeGreaterThan(pagesFor(instanceId, otherId).length);
      for (const c of captured) {
        expect(leaksIn(c.body), `response body of ${c.url}`).toBeNull();
        expect(leaksIn(c.headers), `response headers of ${c.url}`).toBeNull();
      }
      const cookies = JSON.stringify(await context.cookies());
      expect(leaksIn(cookies), 'cookies').toBeNull();
      const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
      expect(leaksIn(storage), 'web storage').toBeNull();
      await context.close();
    });
  }

  test('the server log never contains the token', async () => {
    const logFile = path.resolve(__dirname, '../..', E2E.dataDir, 'server.log');
    test.skip(!fs.existsSync(logFile), `the e2e server does not write ${logFile}`);
    const log = fs.readFileSync(logFile);
    expect(log.length).toBeGreaterThan(0);
    expect(leaksIn(log), 'server.log').toBeNull();
  });

  test('no file under .next/ contains the token', async () => {
    const nextDir = path.resolve(__dirname, '../..', '.next');
    let scanned = 0;
    for (const file of filesUnder(nextDir)) {
      const stat = fs.statSync(file);
      if (stat.size > 50 * 1024 * 1024) continue;
      expect(leaksIn(fs.readFileSync(file)), file).toBeNull();
      scanned++;
    }
    expect(scanned).toBeGreaterThan(0);
  });

  test('the database holds the token only encrypted', async () => {
    await withDb(async (client) => {
      const { rows } = await client.query<{ encryptedSecret: string; secretHint: string }>(
        'SELECT "encryptedSecret", "secretHint" FROM "Instance" WHERE id = $1',
        [instanceId],
      );
      expect(rows).toHaveLength(1);
      const row = rows[0];
      expect(row?.encryptedSecret.startsWith('hk1.')).toBe(true);
      expect(leaksIn(row?.encryptedSecret ?? ''), 'Instance.encryptedSecret').toBeNull();
      expect(row?.secretHint).toBe(CANARY.slice(-4));
      // No other column of any table holds it either (audit details, token cache, ...).
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      );
      for (const { table_name } of tables.rows) {
        const dump = await client.query(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`);
        for (const r of dump.rows as { j: string }[]) expect(leaksIn(r.j), `table ${table_name}`).toBeNull();
      }
    });
  });
});
