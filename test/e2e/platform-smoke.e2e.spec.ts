import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type E2eBrowser } from './browser.js';
import { startPlatform, type Platform } from './platform.js';

describe('the platform as npm start runs it', () => {
  let platform: Platform;
  let browser: E2eBrowser;
  beforeAll(async () => {
    platform = await startPlatform();
    browser = await launchBrowser('platform');
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('answers health, serves both frontends and lets the first admin sign in', async () => {
    const health = await fetch(`${platform.url}/health`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok' });
    const page = await browser.newPage();
    await page.goto(`${platform.url}/admin/`);
    await page
      .getByLabel(/e-?mail/i)
      .first()
      .waitFor();
    await browser.screenshot(page, 'admin-login');
    await page.goto(`${platform.url}/`);
    await page.getByTestId('sign-in-email').waitFor();
    await browser.screenshot(page, 'viewer-sign-in');
    expect(await platform.login(platform.admin)).toMatch(/^ey/);
    expect(browser.errors).toEqual([]);
  });
});
