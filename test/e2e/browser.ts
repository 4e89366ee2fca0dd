// A real Chromium (the system's, driven by playwright-core) for the end-to-end tests: a fresh
// profile per launch, every console error and failed page collected, and screenshots written
// under test-output/e2e/<suite>/ so a person can look at each screen afterwards.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2eBrowser {
  browser: Browser;
  /** A new isolated context (its own storage) with one page whose errors are collected. */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  /** Console errors and uncaught page errors seen in any page so far. */
  errors: string[];
  /** Saves a full-page screenshot as test-output/e2e/<suite>/<nn>-<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(suite: string): Promise<E2eBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const dir = join(root, 'test-output', 'e2e', suite);
  mkdirSync(dir, { recursive: true });
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let shot = 0;
  return {
    browser,
    errors,
    async newPage(options = {}) {
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
      return page;
    },
    async screenshot(page, name) {
      shot += 1;
      const path = join(dir, `${String(shot).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
