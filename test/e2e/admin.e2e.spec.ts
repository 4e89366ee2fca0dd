// The admin dashboard in a real Chromium against the platform as `npm start` runs it: an admin
// uploads, watches, publishes, previews and revokes; an auditor finds, exports and verifies the
// trail. Every screen is saved under test-output/e2e/admin/ for a person to look at.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestVideo, type GeneratedMedia } from '@reelguard/testing';
import { launchBrowser, type E2eBrowser } from './browser.js';
import { startPlatform, type Account, type Platform } from './platform.js';

const CLIP_FILE = 'quarterly_all-hands.mp4';
/** The title the Upload screen proposes from the file name. */
const CLIP_TITLE = 'quarterly all hands';
const READY_TIMEOUT_MS = 120_000;
/** Generous per-test limits: the browser, FFmpeg and the platform share two cores. */
const STEP_TIMEOUT_MS = 240_000;

interface ListObservation {
  status: string | null;
  progressBar: boolean;
  progress: string | null;
}

describe('the admin dashboard in a real browser', () => {
  let platform: Platform;
  let browser: E2eBrowser;
  let clip: GeneratedMedia;
  let admin: Page;
  let videoId = '';
  let previewSessionId = '';
  let auditor: Account;

  beforeAll(async () => {
    [platform, browser, clip] = await Promise.all([
      startPlatform(),
      launchBrowser('admin'),
      generateTestVideo({ durationSec: 6, width: 640, height: 360, fileName: CLIP_FILE }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await clip?.remove();
  });

  /** Collects the console errors of a page opened in an existing context, like newPage() does. */
  function watchErrors(page: Page): Page {
    page.on('console', (message) => {
      if (message.type() === 'error') browser.errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => browser.errors.push(`page: ${error.message}`));
    return page;
  }

  /** Signs in through the login form and waits for the role's first screen. */
  async function signIn(page: Page, account: Pick<Account, 'email' | 'password'>, landing: string) {
    await page.goto(`${platform.url}/admin/`);
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-email').fill(account.email);
    await page.getByTestId('login-password').fill(account.password);
    await page.getByTestId('login-submit').click();
    await page
      .getByTestId(landing)
      .waitFor()
      .catch(async (error: unknown) => {
        await browser.screenshot(page, `sign-in-failed-${account.email.split('@')[0]}`);
        throw error;
      });
  }

  const menu = (page: Page, name: string | RegExp) => page.getByRole('menuitem', { name });

  it(
    'signs the admin in and uploads a clip whose progress bar moves to ready on the list',
    async () => {
      admin = await browser.newPage();
      await admin.goto(`${platform.url}/admin/`);
      await admin.getByTestId('login-form').waitFor();
      await browser.screenshot(admin, 'login');
      await signIn(admin, platform.admin, 'dashboard');
      await expect.poll(() => admin.getByTestId('jobs-waiting-value').textContent()).toBe('0');
      await expect.poll(() => admin.getByTestId('videos-ready-value').textContent()).toBe('0');
      await browser.screenshot(admin, 'dashboard-admin');

      await menu(admin, 'Upload').click();
      await admin.getByTestId('upload-dropzone').waitFor();
      await browser.screenshot(admin, 'upload-empty');
      await admin.getByTestId('upload-input').setInputFiles(clip.path);
      const item = admin.getByTestId('upload-item');
      await expect.poll(() => item.getAttribute('data-state'), { timeout: 60_000 }).toBe('accepted');
      await browser.screenshot(admin, 'upload-accepted');

      // From here on nothing may reload the page: the list must move on its own.
      await admin.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));
      await menu(admin, 'Videos').click();
      const row = admin.locator('tbody tr', { hasText: CLIP_TITLE });
      await row.waitFor();
      const observed: ListObservation[] = [];
      const observe = async (): Promise<ListObservation> => {
        const seen = await row.evaluate((tr) => ({
          status: tr.querySelector('[data-testid="video-status"]')?.getAttribute('data-status') ?? null,
          progressBar: tr.querySelector('[data-testid="video-progress"]') !== null,
          progress: tr.querySelector('[data-testid="video-progress"]')?.getAttribute('aria-valuenow') ?? null,
        }));
        observed.push(seen);
        return seen;
      };
      await observe();
      await browser.screenshot(admin, 'videos-in-flight');
      // Ready (playable) comes first; the bar stays until the rest of the ladder is done.
      await expect
        .poll(
          async () => {
            const seen = await observe();
            return seen.status === 'ready' && !seen.progressBar;
          },
          { timeout: READY_TIMEOUT_MS, interval: 250 },
        )
        .toBe(true);
      await browser.screenshot(admin, 'videos-ready');

      expect(observed[0]).toMatchObject({ progressBar: true });
      expect(['uploaded', 'processing']).toContain(observed[0]!.status);
      expect(observed.at(-1)).toMatchObject({ status: 'ready', progressBar: false });
      const percents = observed
        .filter((seen) => seen.progressBar && seen.status !== 'uploaded')
        .map((seen) => Number(seen.progress));
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(await admin.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
        true,
      );

      const listed = await platform.api<Array<{ id: string; title: string }>>('/videos');
      videoId = listed.body.find((video) => video.title === CLIP_TITLE)!.id;
      expect(videoId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      // The bar went away with the whole ladder done, not merely at ready.
      expect((await platform.api<{ progress: number }>(`/videos/${videoId}`)).body.progress).toBe(100);
      expect(browser.errors).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'publishes the video and shows its event timeline and a playing preview',
    async () => {
      // The final playlists (with their end marker) make the preview a plain on-demand stream.
      await expect
        .poll(async () => (await platform.api<{ progress: number }>(`/videos/${videoId}`)).body.progress, {
          timeout: READY_TIMEOUT_MS,
        })
        .toBe(100);

      await admin.locator('tbody tr', { hasText: CLIP_TITLE }).getByTestId('video-title').click();
      await admin.getByTestId('video-publish').click();
      await admin.getByTestId('video-unpublish').waitFor();
      expect((await platform.api<{ published: boolean }>(`/videos/${videoId}`)).body.published).toBe(true);

      const timeline = admin.getByTestId('event-timeline');
      await timeline.locator('[data-event-type="VideoPublished"]').waitFor({ timeout: 15_000 });
      const types = await timeline
        .getByTestId('video-event')
        .evaluateAll((events) => events.map((e) => e.getAttribute('data-event-type')));
      expect(types.slice(0, 3)).toEqual(['VideoUploaded', 'TranscodeRequested', 'TranscodeStarted']);
      expect(types).toEqual(expect.arrayContaining(['VideoReady', 'RenditionReady', 'VideoPublished']));

      const player = admin.getByTestId('preview-player');
      const video = player.locator('video');
      await expect
        .poll(() => video.evaluate((v: { currentTime: number }) => v.currentTime), { timeout: 30_000 })
        .toBeGreaterThan(0.5);
      const first = await video.evaluate((v: { currentTime: number }) => v.currentTime);
      await expect
        .poll(() => video.evaluate((v: { currentTime: number }) => v.currentTime), { timeout: 15_000 })
        .toBeGreaterThan(first);
      previewSessionId = (await player.getAttribute('data-session-id')) ?? '';
      expect(previewSessionId).not.toBe('');
      await browser.screenshot(admin, 'video-page');
      expect(browser.errors).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'revokes the preview session from the Playback sessions screen, then opens Jobs and Users',
    async () => {
      // A second tab of the same sign-in, so the preview stays open (leaving it ends its session).
      const tab = watchErrors(await admin.context().newPage());
      await tab.goto(`${platform.url}/admin/#/sessions`);
      const revoke = tab.getByRole('button', { name: `Revoke session ${previewSessionId}` });
      await revoke.waitFor();
      await browser.screenshot(tab, 'sessions');
      await revoke.click();
      await tab.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await revoke.waitFor({ state: 'detached' });
      await tab.getByText('Session revoked.').waitFor();
      await browser.screenshot(tab, 'sessions-after-revoke');
      const active = await platform.api<Array<{ sessionId?: string; id?: string }>>('/playback-sessions');
      expect(active.body.map((s) => s.sessionId ?? s.id)).not.toContain(previewSessionId);
      // The preview's tab is done; closing it skips its own end-of-session call.
      await admin.close();

      await menu(tab, 'Transcode jobs').click();
      await tab.getByTestId('failed-jobs-empty').waitFor();
      await expect.poll(() => tab.getByTestId('jobs-completed-value').textContent()).toBe('1');
      expect(await tab.getByTestId('jobs-failed-value').textContent()).toBe('0');
      await browser.screenshot(tab, 'jobs');

      auditor = await platform.createUser('auditor');
      await menu(tab, 'Users').click();
      await tab.getByRole('cell', { name: auditor.email, exact: true }).waitFor();
      await tab.getByRole('cell', { name: platform.admin.email, exact: true }).waitFor();
      await browser.screenshot(tab, 'users');
      expect(browser.errors).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows an auditor only the audit screens, where the entries are found, exported and verified',
    async () => {
      // The revocation is among the last entries written; wait until the trail has it.
      await expect
        .poll(
          async () =>
            (
              await platform.api<{ items: Array<{ action: string }> }>(
                `/audit/access-logs?videoId=${videoId}&action=session.revoke`,
              )
            ).body.items.length,
          { timeout: 15_000 },
        )
        .toBeGreaterThan(0);

      const page = await browser.newPage();
      // Auditors land on the audit log; their menu offers nothing else but the dashboard.
      await signIn(page, auditor, 'audit-filters');
      const entries = await page.getByRole('menuitem').allTextContents();
      expect(entries.map((text) => text.trim())).toEqual(['Dashboard', 'Audit log']);
      await menu(page, 'Dashboard').click();
      await page.getByTestId('dashboard').waitFor();
      await page.getByTestId('audit-chart').waitFor();
      expect(await page.getByTestId('jobs-waiting').count()).toBe(0);
      expect(await page.getByTestId('videos-ready').count()).toBe(0);
      await browser.screenshot(page, 'dashboard-auditor');

      await menu(page, 'Audit log').click();
      await page.getByTestId('audit-filters').waitFor();
      await page.getByTestId('audit-filter-videoId').fill(videoId);
      await page.getByTestId('audit-apply').click();
      const rows = page.getByTestId('audit-row');
      await expect
        .poll(() => rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-action'))))
        .toEqual(expect.arrayContaining(['video.upload', 'video.publish', 'playback.start', 'session.revoke']));
      await browser.screenshot(page, 'audit-log-filtered');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('audit-export-csv').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^reelguard-access-logs-.*\.csv$/);
      const csv = await readFile((await download.path())!, 'utf8');
      const [header, ...lines] = csv.split('\r\n').filter((line) => line !== '');
      expect(header).toBe('id,at,action,outcome,reason,userId,sessionId,videoId,resource,ip,userAgent,requestId');
      const exported = (
        await platform.api<{ items: unknown[] }>(`/audit/access-logs?videoId=${videoId}&limit=1000`, {
          token: await platform.login(auditor),
        })
      ).body.items;
      expect(lines).toHaveLength(exported.length);
      for (const line of lines) expect(line.split(',')[7]).toBe(videoId);
      expect(lines.map((line) => line.split(',')[2])).toEqual(
        expect.arrayContaining(['video.upload', 'video.publish', 'playback.start', 'session.revoke']),
      );

      await page.getByTestId('audit-verify').click();
      const verdict = page.getByTestId('audit-verify-result');
      await verdict.waitFor();
      expect(await verdict.getAttribute('data-ok')).toBe('true');
      await browser.screenshot(page, 'audit-verified');

      expect(browser.errors).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );
});
