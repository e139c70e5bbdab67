import { expect, test } from '@playwright/test';
import { storageStateFor } from '../helpers/users';

test('/api/health reports the app and database as ok', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', db: 'ok' });
});

test('/setup is gone once an admin exists', async ({ page }) => {
  const response = await page.goto('/setup');
  expect(response?.status()).toBe(404);
});

test('pages carry a per-request CSP nonce and security headers', async ({ request }) => {
  const first = await request.get('/login');
  const second = await request.get('/login');
  const csp = first.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(second.headers()['content-security-policy']).not.toBe(csp);
  expect(first.headers()['x-content-type-options']).toBe('nosniff');
  expect(first.headers()['x-frame-options']).toBe('DENY');
  expect(first.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(await first.text()).toContain(`nonce="${nonce}"`);
});

test.describe('shell', () => {
  test.use({ storageState: storageStateFor('viewer') });

  test('the theme toggle switches to dark and survives a reload without a flash', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(msg.text())) violations.push(msg.text());
    });
    await page.goto('/settings');
    const html = page.locator('html');
    const wasDark = ((await html.getAttribute('class')) ?? '').includes('dark');
    await page.getByTestId('theme-toggle').first().click();
    await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
    // Only the inline head script (allowed by the nonce) can set the class before hydration.
    await page.reload();
    await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
    expect(violations).toEqual([]);
  });

  test('works at 700 px wide: the navigation moves into the top bar', async ({ page }) => {
    await page.setViewportSize({ width: 700, height: 900 });
    await page.goto('/settings');
    const navs = page.getByRole('navigation', { name: 'Main' });
    await expect(navs.filter({ visible: true })).toHaveCount(1);
    await expect(navs.filter({ visible: true }).getByRole('link', { name: 'Instances' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
