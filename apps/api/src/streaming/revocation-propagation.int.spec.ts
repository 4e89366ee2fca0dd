// Two API instances of one deployment (same PostgreSQL, S3 and Redis prefix): what one of them
// decides about a session or a video, the other enforces within a second, through Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTestLadder, publishTestVideo, type EncodedLadder } from '../../test/hls-fixture.js';
import { startApi, type ApiHarness } from '../../test/harness.js';
import { followPlaylists, sleep, startPlayback } from '../../test/stream-client.js';

/** Milliseconds until `api` refuses `url` with `status`, polling; fails past `limitMs`. */
async function timeUntilRefused(api: ApiHarness, url: string, status: number, limitMs = 1000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await api.http.get(url);
    const elapsed = Date.now() - started;
    if (res.status === status) return elapsed;
    if (res.status !== 200) throw new Error(`unexpected ${res.status} after ${elapsed} ms: ${res.text}`);
    if (elapsed > limitMs) throw new Error(`still served ${elapsed} ms after the decision`);
    await sleep(20);
  }
}

describe('revocation across API instances', () => {
  let one: ApiHarness;
  let two: ApiHarness;
  let ladder: EncodedLadder;
  let viewer: { id: string; token: string };
  let admin: string;

  beforeAll(async () => {
    one = await startApi({ PLAYBACK_IDLE_SEC: '3' });
    two = await startApi({ PLAYBACK_IDLE_SEC: '3' }, { sharedWith: one });
    ladder = await encodeTestLadder({ durationSec: 2, segmentSec: 1 });
    viewer = await one.createUser('viewer');
    admin = await one.adminToken();
  });
  afterAll(async () => {
    await ladder?.remove();
    await two?.close();
    await one?.close();
  });

  it('a session ended on one instance is refused by the other within one second', async () => {
    const video = await publishTestVideo(one, ladder);
    const { manifestUrl, sessionId } = await startPlayback(one, viewer.token, video);
    const view = await followPlaylists(one, manifestUrl);
    const segment = view.urls.get('180p_00000.m4s')!;
    // The other instance knows the session (and has it cached) before the decision.
    expect((await two.http.get(segment)).status).toBe(200);
    expect((await two.http.get(manifestUrl)).status).toBe(200);
    expect(
      (await one.http.delete(`/playback-sessions/${sessionId}`).set('Authorization', `Bearer ${viewer.token}`)).status,
    ).toBe(204);
    expect(await timeUntilRefused(two, segment, 403)).toBeLessThan(1000);
    expect((await two.http.get(manifestUrl)).status).toBe(403);
  });

  it('unpublishing on one instance kills sessions that only the other instance has seen', async () => {
    const video = await publishTestVideo(one, ladder);
    const { manifestUrl } = await startPlayback(two, viewer.token, video);
    const view = await followPlaylists(two, manifestUrl);
    const key = view.urls.get('key')!;
    expect((await two.http.get(key)).status).toBe(200);
    expect((await one.http.post(`/videos/${video}/unpublish`).set('Authorization', `Bearer ${admin}`)).status).toBe(
      200,
    );
    expect(await timeUntilRefused(two, key, 403)).toBeLessThan(1000);
  });

  it('deleting on one instance makes the other answer 404 within one second', async () => {
    const video = await publishTestVideo(one, ladder);
    const { manifestUrl } = await startPlayback(two, viewer.token, video);
    const view = await followPlaylists(two, manifestUrl);
    const playlist = view.variants.get('90p')!;
    expect((await two.http.get(playlist)).status).toBe(200);
    expect((await one.http.delete(`/videos/${video}`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    expect(await timeUntilRefused(two, playlist, 404)).toBeLessThan(1000);
  });

  it('a heartbeat that reaches one instance keeps the session alive on the other', async () => {
    const video = await publishTestVideo(one, ladder);
    const { manifestUrl, sessionId } = await startPlayback(one, viewer.token, video);
    expect((await one.http.get(manifestUrl)).status).toBe(200);
    await sleep(2000);
    const beat = await two.http
      .post(`/playback-sessions/${sessionId}/heartbeat`)
      .set('Authorization', `Bearer ${viewer.token}`);
    expect(beat.status).toBe(200);
    await sleep(1500);
    // 3.5 s after the start: past the idle deadline instance one cached, but not the new one.
    expect((await one.http.get(manifestUrl)).status).toBe(200);
  });
});
