// The viewer app in a real Chromium against the platform as `npm start` runs it: a viewer signs
// in, finds a published video, watches it through short-lived tokens, switches quality, rides
// out a session that expired mid-play, loses a session an admin revoked, and signs out; every
// media request carries a token, and a segment URL taken out of the page is refused afterwards.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestVideo } from '@reelguard/testing';
import { launchBrowser, type E2eBrowser } from './browser.js';
import { startPlatform, type Account, type Platform } from './platform.js';

/** Seconds without a heartbeat before a session dies: short, so the test can watch one die. */
const IDLE_SEC = 10;
const CLIP_SEC = 60;
/** Generous: the machine may be busy with other work, and playback is real time. */
const STEP_TIMEOUT_MS = 120_000;
const TITLE = 'Quarterly all-hands';

interface VideoView {
  id: string;
  status: string;
  progress: number;
  published: boolean;
  renditions: Array<{ name: string; height: number }>;
}

interface LiveSession {
  id: string;
  userId: string;
  videoId: string;
}

interface AuditEntry {
  action: string;
  outcome: string;
  reason: string | null;
  sessionId: string | null;
}

// What Chromium logs for a request the test aborted, and for media or heartbeats of a session
// that the test let expire or revoked.
const BLOCKED = 'console: Failed to load resource: net::ERR_FAILED';
const REFUSED = 'console: Failed to load resource: the server responded with a status of 403 (Forbidden)';
const GONE = 'console: Failed to load resource: the server responded with a status of 410 (Gone)';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(250);
  }
}

/** The media resource a request asks for (`360p_00003.m4s`, `key`, …), or null for API calls. */
function mediaResource(url: string, videoId: string): string | null {
  const { pathname } = new URL(url);
  const prefix = `/videos/${videoId}/`;
  if (!pathname.startsWith(prefix)) return null;
  const name = pathname.slice(prefix.length);
  return name === 'playback' || name === '' || name.includes('/') ? null : name;
}

/** What the test reads of the page's video.js player (`window.__reelguardPlayer` with `?e2e=1`). */
interface PageGlobals {
  __reelguardPlayer?: { currentTime(): number; paused(): boolean; videoHeight(): number };
}
type EventConstructor = new (type: string, init: { bubbles: boolean; cancelable: boolean }) => object;

const currentTime = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).__reelguardPlayer?.currentTime() ?? 0);
const videoHeight = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).__reelguardPlayer?.videoHeight() ?? 0);
const isPlaying = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).__reelguardPlayer?.paused() === false);
const playbackState = (page: Page) => page.getByTestId('player').getAttribute('data-playback-state');

describe('the viewer app in a browser', () => {
  let platform: Platform;
  let browser: E2eBrowser;
  let viewer: Account;
  let videoId: string;
  let renditions: Array<{ name: string; height: number }>;
  let page: Page;
  /** Every request the viewer's page made, in order. */
  const requests: Array<{ url: string; at: number }> = [];
  /** Every answer the page got (method, path without the token, status), for failure reports. */
  const answers: Array<{ at: number; line: string }> = [];
  let consoleChecked = 0;

  /**
   * No console error since the last check, except `expected`: exact lines the browser logs for
   * requests this test made fail on purpose (heartbeats it blocked, media of a session it let
   * expire or revoked).
   */
  function expectNoNewConsoleErrors(expected: string[] = []) {
    const fresh = browser.errors.slice(consoleChecked);
    consoleChecked = browser.errors.length;
    expect(fresh.filter((line) => !expected.includes(line))).toEqual([]);
  }

  const media = () =>
    requests.flatMap((request) => {
      const name = mediaResource(request.url, videoId);
      return name === null ? [] : [{ ...request, name }];
    });

  async function watermarkSession(): Promise<string> {
    const text = await page.getByTestId('watermark').innerText();
    return text.split('\n').at(-1)?.trim() ?? '';
  }

  async function liveSessionsOfViewer(): Promise<LiveSession[]> {
    const res = await platform.api<LiveSession[]>(`/playback-sessions?filter=${encodeURIComponent('{}')}`);
    return res.body.filter((session) => session.userId === viewer.id);
  }

  async function signIn() {
    await page.getByTestId('sign-in-email').fill(viewer.email);
    await page.getByTestId('sign-in-password').fill(viewer.password);
    await page.getByTestId('sign-in-submit').click();
  }

  async function openVideoAndPlay() {
    await page.locator(`[data-testid="video-card"][data-video-id="${videoId}"]`).click();
    await until('the session to be active', async () => (await playbackState(page)) === 'active');
    await page.locator('.vjs-big-play-button').click();
    await until('playback to start', async () => (await currentTime(page)) > 0.5, 30_000);
  }

  beforeAll(async () => {
    platform = await startPlatform({
      PLAYBACK_IDLE_SEC: String(IDLE_SEC),
      HLS_SEGMENT_SEC: '2',
      FFMPEG_PRESET: 'ultrafast',
    });
    const clip = await generateTestVideo({ durationSec: CLIP_SEC, width: 640, height: 360 });
    try {
      const form = new FormData();
      form.append('title', TITLE);
      form.append('description', 'Results, plans and questions from the whole company.');
      form.append('file', new Blob([await readFile(clip.path)], { type: 'video/mp4' }), basename(clip.path));
      const upload = await platform.api<{ id: string }>('/videos/upload', { method: 'POST', body: form });
      expect(upload.status, JSON.stringify(upload.body)).toBe(202);
      videoId = upload.body.id;
    } finally {
      await clip.remove();
    }
    const ready = await until(
      'the video to be transcoded',
      async () => {
        const { body } = await platform.api<VideoView>(`/videos/${videoId}`);
        if (body.status === 'failed') throw new Error(`transcoding failed: ${JSON.stringify(body)}`);
        return body.status === 'ready' && body.progress === 100 ? body : null;
      },
      300_000,
    );
    renditions = ready.renditions;
    expect(renditions.length).toBeGreaterThanOrEqual(2);
    expect((await platform.api(`/videos/${videoId}/publish`, { method: 'POST' })).status).toBe(200);
    viewer = await platform.createUser('viewer');

    browser = await launchBrowser('viewer');
    page = await browser.newPage();
    page.on('request', (request: Request) => requests.push({ url: request.url(), at: Date.now() }));
    page.on('response', (response) =>
      answers.push({
        at: Date.now(),
        line: `${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`,
      }),
    );
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it(
    'signs the viewer in and lists the published video, without loading the player',
    async () => {
      await page.goto(`${platform.url}/?e2e=1#/`);
      await page.getByTestId('sign-in-email').waitFor();
      await browser.screenshot(page, 'sign-in');
      await signIn();
      const card = page.locator(`[data-testid="video-card"][data-video-id="${videoId}"]`);
      await card.waitFor();
      await expect(card.getByTestId('video-card-title').innerText()).resolves.toBe(TITLE);
      await until('the poster', () => card.locator('img').count());
      await browser.screenshot(page, 'catalogue');
      expect(requests.some((request) => /\/assets\/index-[^/]+\.js$/.test(request.url))).toBe(true);
      expect(requests.filter((request) => /PlayerPage|video-js|video\.js/i.test(request.url))).toEqual([]);
      expectNoNewConsoleErrors();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'plays the video past 5 s with a watermark naming the viewer and the session',
    async () => {
      await openVideoAndPlay();
      expect(requests.some((request) => /\/assets\/PlayerPage-[^/]+\.js$/.test(request.url))).toBe(true);
      await until('playback past 5 s', async () => (await currentTime(page)) > 5, 30_000);

      const [session] = await liveSessionsOfViewer();
      expect(session?.videoId).toBe(videoId);
      const watermark = await page.getByTestId('watermark').innerText();
      expect(watermark).toContain(viewer.email);
      expect(await watermarkSession()).toBe(session?.id);
      await expect(page.getByTestId('video-title').innerText()).resolves.toBe(TITLE);
      await browser.screenshot(page, 'playing');
      expectNoNewConsoleErrors();
    },
    STEP_TIMEOUT_MS,
  );

  it('keeps media URLs out of the page, offers no download and no context menu', async () => {
    const video = page.locator('[data-testid="player"] video');
    await expect(video.evaluate((element: { currentSrc: string }) => element.currentSrc)).resolves.toMatch(/^blob:/);
    await expect(video.getAttribute('controlsList')).resolves.toContain('nodownload');
    await expect(video.getAttribute('disablepictureinpicture')).resolves.not.toBeNull();
    // `dispatchEvent` answers false when a listener prevented the browser's own menu.
    const menuShown = await video.evaluate((element: { dispatchEvent(event: object): boolean }) => {
      const MouseEvent = (globalThis as unknown as { MouseEvent: EventConstructor }).MouseEvent;
      return element.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    });
    expect(menuShown).toBe(false);
    expect(await page.locator('a[download], [aria-label*="ownload" i], [title*="ownload" i]').count()).toBe(0);
    expect(await page.content()).not.toMatch(/token=|\.m3u8|\.m4s/);
  });

  /**
   * Picks `rendition` from the quality menu (the pointer moved over the picture at `pointer`, as
   * a viewer shows the control bar) and waits until it really plays: its height on screen within
   * 15 s, the last segments fetched its own, the menu button naming it.
   */
  async function switchQuality(
    rendition: { name: string; height: number } | undefined,
    pointer: { x: number; y: number },
    menuScreenshot?: string,
  ) {
    expect(rendition).toBeDefined();
    const { name, height } = rendition!;
    const box = await page.getByTestId('player').boundingBox();
    expect(box).not.toBeNull();
    if (box) await page.mouse.move(box.x + box.width * pointer.x, box.y + box.height * pointer.y, { steps: 8 });
    await page.getByTestId('quality-button').click();
    await page.getByRole('menu', { name: 'Quality' }).waitFor();
    if (menuScreenshot) await browser.screenshot(page, menuScreenshot);
    const switchedAt = Date.now();
    await page.getByTestId(`quality-option-${height}p`).click();

    await until(`the picture to be ${height} lines high`, async () => (await videoHeight(page)) === height, 15_000);
    await until('a few more segments', async () => {
      const after = media().filter((request) => request.at > switchedAt && request.name.endsWith('.m4s'));
      return after.length >= 2 && after.slice(-2).every((request) => request.name.startsWith(`${name}_`));
    });
    await expect(page.getByTestId('quality-button').innerText()).resolves.toBe(`${height}p`);
  }

  it(
    'switches rendition from the quality menu',
    async () => {
      const lowest = [...renditions].sort((a, b) => a.height - b.height)[0];
      await switchQuality(lowest, { x: 0.6, y: 0.7 }, 'quality-menu');
      await browser.screenshot(page, 'quality-switched');
      expectNoNewConsoleErrors();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'switches back to a quality it played before just as quickly',
    async () => {
      // VHS already holds this rendition's playlist: the switch must still drop what it buffered
      // ahead in the other quality instead of playing it out (up to a minute here).
      const highest = [...renditions].sort((a, b) => b.height - a.height)[0];
      await switchQuality(highest, { x: 0.4, y: 0.6 });
      expectNoNewConsoleErrors();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'recovers from a session that expired mid-play and goes on from the same position',
    async () => {
      const sessionBefore = await watermarkSession();
      // The network drops heartbeats long enough for the session to die of idleness.
      await page.route('**/playback-sessions/*/heartbeat', (route) => route.abort());
      const positionAtBlock = await currentTime(page);
      await until(
        'the session to die',
        async () => !(await liveSessionsOfViewer()).some((s) => s.id === sessionBefore),
        (IDLE_SEC + 10) * 1000,
      );
      await page.unroute('**/playback-sessions/*/heartbeat');

      await until(
        'a new session',
        async () => (await playbackState(page)) === 'active' && (await watermarkSession()) !== sessionBefore,
        30_000,
      );
      const resumedAt = await until('playback to go on', async () => {
        const time = await currentTime(page);
        const playing = await isPlaying(page);
        return playing && time > positionAtBlock ? time : null;
      });
      await until(
        'playback to advance after the refresh',
        async () => (await currentTime(page)) > resumedAt + 2,
        20_000,
      );
      expect(await page.getByTestId('playback-message').count()).toBe(0);
      expect(await page.locator('.vjs-error').count()).toBe(0);
      await browser.screenshot(page, 'after-expiry');
      expectNoNewConsoleErrors([BLOCKED, REFUSED, GONE]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'refuses a segment URL taken from the page once the viewer signed out',
    async () => {
      const segment = media()
        .filter((request) => request.name.endsWith('.m4s'))
        .at(-1);
      expect(segment).toBeDefined();
      const url = segment?.url ?? '';
      expect((await fetch(url)).status).toBe(200);
      const sessionId = await watermarkSession();

      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in-email').waitFor();
      await browser.screenshot(page, 'signed-out');
      await until('the segment to be refused', async () => (await fetch(url)).status === 403, 5_000);
      // Ended by signing out, not left to die of idleness (the audit trail is written in batches).
      const ending = await until('the session end in the audit trail', async () => {
        const audit = await platform.api<{ items: AuditEntry[] }>(
          `/audit/access-logs?action=session.revoke&sessionId=${encodeURIComponent(sessionId)}`,
        );
        return audit.body.items.find((entry) => entry.outcome === 'granted');
      });
      expect(ending).toMatchObject({ reason: 'revoked_by_user', sessionId });
      expectNoNewConsoleErrors();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows a clear message when an admin revokes the session, and stops retrying',
    async () => {
      await signIn();
      await until('the player', async () => (await playbackState(page)) === 'active');
      await page.locator('.vjs-big-play-button').click();
      await until('playback', async () => (await currentTime(page)) > 1, 30_000);
      // The session to revoke is the one the page plays now: the watermark keeps showing the
      // previous session while a refresh opens the next one.
      const sessionId = await until('the page to show its one live session', async () => {
        const shown = await watermarkSession();
        const live = await liveSessionsOfViewer();
        const active = (await playbackState(page)) === 'active';
        return active && live.length === 1 && live[0]?.id === shown ? shown : null;
      });

      const revokedAt = Date.now();
      expect((await platform.api(`/playback-sessions/${sessionId}`, { method: 'DELETE' })).status).toBe(204);
      const message = page.getByTestId('playback-message');
      await message.waitFor({ timeout: 20_000 }).catch(async (error: Error) => {
        // Say what the page did meanwhile, so that a failure here can be explained.
        const since = answers.filter((answer) => answer.at >= revokedAt - 5_000);
        throw new Error(
          `${error.message}\nrevoked ${sessionId}; the page now: state ${await playbackState(page)}, ` +
            `watermark ${await watermarkSession()}, live sessions ${JSON.stringify(await liveSessionsOfViewer())}\n` +
            `answers from 5 s before the revocation on (ms after it):\n` +
            since.map((answer) => `  ${answer.at - revokedAt} ${answer.line}`).join('\n'),
        );
      });
      await expect(message.getAttribute('data-reason')).resolves.toBe('revoked');
      await expect(message.innerText()).resolves.toContain('Your viewing session was ended.');
      await browser.screenshot(page, 'revoked');

      const before = requests.length;
      await sleep(3_000);
      expect(requests.slice(before).filter((request) => mediaResource(request.url, videoId) !== null)).toEqual([]);
      expect(await liveSessionsOfViewer()).toEqual([]);
      expectNoNewConsoleErrors([REFUSED, GONE]);
    },
    STEP_TIMEOUT_MS,
  );

  it('sent a token with every media request and logged nothing unexpected', () => {
    const all = media();
    const kinds = new Set(
      all.map(({ name }) =>
        name === 'manifest.m3u8'
          ? 'master'
          : name.endsWith('.m3u8')
            ? 'playlist'
            : name.endsWith('_init.mp4')
              ? 'init'
              : name.endsWith('.m4s')
                ? 'segment'
                : name,
      ),
    );
    expect([...kinds]).toEqual(expect.arrayContaining(['master', 'playlist', 'init', 'segment', 'key']));
    expect(all.filter((request) => !new URL(request.url).searchParams.get('token'))).toEqual([]);
    expectNoNewConsoleErrors();
  });
});
