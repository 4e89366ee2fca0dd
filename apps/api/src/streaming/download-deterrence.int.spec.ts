// Download deterrence with small settings (1 s segments, 2 s of media free, then real time,
// 2 s of media served slowed): a scripted downloader fetching every segment back to back is
// slowed, then refused with 429 and a Retry-After, and audited; a viewer seeking around with
// real pauses is never slowed or refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '@reelguard/audit';
import { encodeTestLadder, publishTestVideo, type EncodedLadder } from '../../test/hls-fixture.js';
import { startApi, type ApiHarness } from '../../test/harness.js';
import { followPlaylists, sleep, startPlayback, watchAudit } from '../../test/stream-client.js';

describe('download deterrence', () => {
  let api: ApiHarness;
  let ladder: EncodedLadder;
  let video: string;
  let viewer: { id: string; token: string };
  let audit: AccessLogEntry[];

  beforeAll(async () => {
    api = await startApi({
      HLS_SEGMENT_SEC: '1',
      PLAYBACK_DOWNLOAD_ALLOWANCE_SEC: '2',
      PLAYBACK_MAX_SPEED: '1',
      PLAYBACK_THROTTLE_BAND_SEC: '2',
      PLAYBACK_THROTTLE_DELAY_MS: '200',
    });
    ladder = await encodeTestLadder({ durationSec: 6, segmentSec: 1 });
    video = await publishTestVideo(api, ladder);
    viewer = await api.createUser('viewer');
    audit = watchAudit(api);
  });
  afterAll(async () => {
    await ladder?.remove();
    await api?.close();
  });

  it('slows, then refuses a downloader fetching every segment back to back, and audits why', async () => {
    const { manifestUrl, sessionId } = await startPlayback(api, viewer.token, video);
    const view = await followPlaylists(api, manifestUrl);
    const names = [...ladder.segments.get('180p')!, ...ladder.segments.get('90p')!];
    const outcomes: { status: number; ms: number; retryAfter?: string }[] = [];
    for (const name of names) {
      const started = Date.now();
      const res = await api.http.get(view.urls.get(name)!);
      outcomes.push({ status: res.status, ms: Date.now() - started, retryAfter: res.headers['retry-after'] });
      if (res.status === 429) {
        expect(res.body).toMatchObject({
          statusCode: 429,
          error: 'Too Many Requests',
          message: expect.stringMatching(/faster than it can be watched/),
        });
        break;
      }
    }
    const statuses = outcomes.map((o) => o.status);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(outcomes.at(-1)!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(statuses.length).toBeLessThan(names.length);
    // The first two segments are the start-up allowance, served at once; then slowed ones.
    expect(outcomes.slice(0, 2).every((o) => o.status === 200 && o.ms < 200)).toBe(true);
    const slowed = outcomes.filter((o) => o.status === 200 && o.ms >= 200);
    expect(slowed.length).toBeGreaterThanOrEqual(1);

    const segments = audit.filter((e) => e.sessionId === sessionId && e.action === 'segment');
    expect(segments.filter((e) => e.reason === 'download_rate_slowed' && e.outcome === 'granted').length).toBe(
      slowed.length,
    );
    expect(segments.at(-1)).toMatchObject({
      outcome: 'denied',
      reason: 'download_rate',
      userId: viewer.id,
      videoId: video,
    });

    // Other sessions are not affected: the limit is per session.
    const other = await followPlaylists(api, (await startPlayback(api, viewer.token, video)).manifestUrl);
    expect((await api.http.get(other.urls.get(names[0]!)!)).status).toBe(200);
  });

  it('never slows or refuses a viewer who seeks around and re-fetches what it had', async () => {
    const { manifestUrl, sessionId } = await startPlayback(api, viewer.token, video);
    const view = await followPlaylists(api, manifestUrl);
    const get = async (name: string) => {
      const started = Date.now();
      const res = await api.http.get(view.urls.get(name)!);
      return { status: res.status, ms: Date.now() - started };
    };
    const seen: { status: number; ms: number }[] = [];
    const watch = async (...names: string[]) => {
      for (const name of names) seen.push(await get(name));
    };
    // Start: the init section and two seconds of buffer, then seek forward, back, and on.
    await watch('180p_init.mp4', '180p_00000.m4s', '180p_00001.m4s');
    await sleep(1200);
    await watch('180p_00004.m4s');
    await sleep(1200);
    await watch('180p_00000.m4s', '180p_00001.m4s');
    await sleep(1200);
    await watch('180p_00002.m4s', '180p_00003.m4s');
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    expect(seen.every((s) => s.ms < 200)).toBe(true);
    const entries = audit.filter((e) => e.sessionId === sessionId && e.action === 'segment');
    expect(entries).toHaveLength(8);
    expect(entries.every((e) => e.outcome === 'granted' && e.reason === null)).toBe(true);
  });
});
