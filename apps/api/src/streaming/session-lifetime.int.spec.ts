// A session's life with short settings (idle 2 s, hard cap 4 s): it dies when nobody
// heartbeats it, heartbeats keep it alive but never past the cap, and nothing it hands out
// (no token in any playlist) outlives the cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '@reelguard/audit';
import { encodeTestLadder, playlistUris, publishTestVideo, type EncodedLadder } from '../../test/hls-fixture.js';
import { startApi, type ApiHarness } from '../../test/harness.js';
import { followPlaylists, sleep, startPlayback, tokenOf, watchAudit } from '../../test/stream-client.js';

describe('playback session lifetime', () => {
  let api: ApiHarness;
  let ladder: EncodedLadder;
  let video: string;
  let viewer: { id: string; token: string };
  let audit: AccessLogEntry[];

  beforeAll(async () => {
    api = await startApi({ PLAYBACK_IDLE_SEC: '2', PLAYBACK_MAX_SEC: '4' });
    ladder = await encodeTestLadder({ durationSec: 2, segmentSec: 1 });
    video = await publishTestVideo(api, ladder);
    viewer = await api.createUser('viewer');
    audit = watchAudit(api);
  });
  afterAll(async () => {
    await ladder?.remove();
    await api?.close();
  });

  const heartbeat = (sessionId: string) =>
    api.http.post(`/playback-sessions/${sessionId}/heartbeat`).set('Authorization', `Bearer ${viewer.token}`);

  it('dies after the idle time without a heartbeat; its heartbeat is then 410', async () => {
    const { manifestUrl, sessionId } = await startPlayback(api, viewer.token, video);
    const view = await followPlaylists(api, manifestUrl);
    await sleep(2200);
    const mark = audit.length;
    for (const url of [manifestUrl, view.urls.get('key')!, view.urls.get('90p_00000.m4s')!]) {
      const res = await api.http.get(url);
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/not kept alive/);
    }
    const beat = await heartbeat(sessionId);
    expect(beat.status).toBe(410);
    expect(beat.body.reason).toBe('session_idle');
    expect(audit.slice(mark).map((e) => e.reason)).toEqual([
      'session_idle',
      'session_idle',
      'session_idle',
      'session_idle',
    ]);
  });

  it('heartbeats keep it alive past the idle time, but it dies at the hard cap regardless', async () => {
    const started = await startPlayback(api, viewer.token, video);
    const hardCap = Date.parse(started.hardExpiresAt);
    for (let i = 0; i < 3; i += 1) {
      await sleep(900);
      const beat = await heartbeat(started.sessionId);
      expect(beat.status).toBe(200);
      expect(Date.parse(beat.body.expiresAt)).toBeLessThanOrEqual(hardCap);
    }
    // 2.7 s in: past the first idle deadline, alive thanks to the heartbeats.
    expect((await api.http.get(started.manifestUrl)).status).toBe(200);
    await sleep(Math.max(0, hardCap - Date.now()) + 100);
    const dead = await heartbeat(started.sessionId);
    expect(dead.status).toBe(410);
    expect(dead.body.reason).toBe('session_expired');
    const res = await api.http.get(started.manifestUrl);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/time limit/);
    expect(audit.at(-1)).toMatchObject({
      action: 'manifest',
      outcome: 'denied',
      reason: 'session_expired',
      sessionId: started.sessionId,
    });
  });

  it('writes no token into any playlist that expires after the session’s hard cap', async () => {
    const { manifestUrl, hardExpiresAt } = await startPlayback(api, viewer.token, video);
    const capSec = Math.floor(Date.parse(hardExpiresAt) / 1000);
    const expiryOf = (url: string) => Number.parseInt(tokenOf(url).split('~')[6]!, 36);
    expect(expiryOf(manifestUrl)).toBeLessThanOrEqual(capSec);
    const master = await api.http.get(manifestUrl);
    const variants = playlistUris(master.text);
    expect(variants.length).toBe(2);
    for (const variant of variants) {
      expect(expiryOf(variant)).toBeLessThanOrEqual(capSec);
      const text = (await api.http.get(`/videos/${video}/${variant}`)).text;
      const uris = playlistUris(text);
      expect(uris.length).toBeGreaterThan(2);
      for (const uri of uris) expect(expiryOf(uri)).toBeLessThanOrEqual(capSec);
    }
  });
});
