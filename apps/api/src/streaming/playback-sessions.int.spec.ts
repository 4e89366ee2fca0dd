// Playback sessions against PostgreSQL, Redis and the S3 server: ending one, heartbeats, the
// per-user limit, the admin's list, the video being unpublished or deleted, and artwork; each
// decision audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '@reelguard/audit';
import { ObjectStorage } from '@reelguard/storage';
import { encodeTestLadder, publishTestVideo, type EncodedLadder } from '../../test/hls-fixture.js';
import { startApi, type ApiHarness } from '../../test/harness.js';
import { binary, followPlaylists, startPlayback, watchAudit } from '../../test/stream-client.js';

describe('playback sessions', () => {
  let api: ApiHarness;
  let ladder: EncodedLadder;
  let video: string;
  let viewer: { id: string; token: string };
  let admin: string;
  let audit: AccessLogEntry[];

  beforeAll(async () => {
    api = await startApi({ PLAYBACK_MAX_SESSIONS_PER_USER: '2' });
    ladder = await encodeTestLadder({ durationSec: 2, segmentSec: 1 });
    video = await publishTestVideo(api, ladder, { title: 'Launch keynote' });
    viewer = await api.createUser('viewer');
    admin = await api.adminToken();
    audit = watchAudit(api);
  });
  afterAll(async () => {
    await ladder?.remove();
    await api?.close();
  });

  const since = (mark: number) => audit.slice(mark);
  describe('session lifecycle', () => {
    it('the owner ends a session: every token of it is refused, its heartbeat is 410, ending it again is 204', async () => {
      const mark = audit.length;
      const { manifestUrl, sessionId } = await startPlayback(api, viewer.token, video);
      const view = await followPlaylists(api, manifestUrl);
      const end = await api.http
        .delete(`/playback-sessions/${sessionId}`)
        .set('Authorization', `Bearer ${viewer.token}`);
      expect(end.status).toBe(204);
      for (const path of [
        manifestUrl,
        view.variants.get('180p')!,
        view.urls.get('key')!,
        view.urls.get('180p_00000.m4s')!,
      ]) {
        const res = await api.http.get(path);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({
          statusCode: 403,
          error: 'Forbidden',
          message: expect.stringMatching(/ended/),
        });
      }
      const beat = await api.http
        .post(`/playback-sessions/${sessionId}/heartbeat`)
        .set('Authorization', `Bearer ${viewer.token}`);
      expect(beat.status).toBe(410);
      expect(beat.body.message).toMatch(/start playback again/);
      // The client tells a session ended on purpose from one that timed out by this code.
      expect(beat.body.reason).toBe('session_revoked.revoked_by_user');
      expect(
        (await api.http.delete(`/playback-sessions/${sessionId}`).set('Authorization', `Bearer ${viewer.token}`))
          .status,
      ).toBe(204);
      const entries = since(mark);
      expect(entries).toContainEqual(
        expect.objectContaining({ action: 'session.revoke', outcome: 'granted', reason: 'revoked_by_user', sessionId }),
      );
      expect(entries.filter((e) => e.outcome === 'denied' && e.sessionId === sessionId).map((e) => e.reason)).toEqual([
        'session_revoked.revoked_by_user',
        'session_revoked.revoked_by_user',
        'session_revoked.revoked_by_user',
        'session_revoked.revoked_by_user',
        'session_revoked.revoked_by_user',
      ]);
    });

    it('heartbeats keep a session alive; nobody else may heartbeat or end it; an admin may end it', async () => {
      const { sessionId } = await startPlayback(api, viewer.token, video);
      const other = await api.createUser('viewer');
      const beat = await api.http
        .post(`/playback-sessions/${sessionId}/heartbeat`)
        .set('Authorization', `Bearer ${viewer.token}`);
      expect(beat.status).toBe(200);
      expect(Date.parse(beat.body.expiresAt)).toBeGreaterThan(Date.now() + 110_000);
      expect(
        (await api.http.post(`/playback-sessions/${sessionId}/heartbeat`).set('Authorization', `Bearer ${other.token}`))
          .status,
      ).toBe(404);
      expect(
        (await api.http.delete(`/playback-sessions/${sessionId}`).set('Authorization', `Bearer ${other.token}`)).status,
      ).toBe(404);
      expect((await api.http.post(`/playback-sessions/${sessionId}/heartbeat`)).status).toBe(401);
      expect(
        (
          await api.http
            .post('/playback-sessions/not-a-session/heartbeat')
            .set('Authorization', `Bearer ${viewer.token}`)
        ).status,
      ).toBe(404);
      expect(
        (await api.http.delete(`/playback-sessions/${sessionId}`).set('Authorization', `Bearer ${admin}`)).status,
      ).toBe(204);
      const dead = await api.http
        .post(`/playback-sessions/${sessionId}/heartbeat`)
        .set('Authorization', `Bearer ${viewer.token}`);
      expect(dead.status).toBe(410);
      expect(dead.body.reason).toBe('session_revoked.revoked_by_admin');
    });

    it('at the per-user limit (2 here) a new session closes the oldest one, audited', async () => {
      const user = await api.createUser('viewer');
      const mark = audit.length;
      const first = await startPlayback(api, user.token, video);
      const second = await startPlayback(api, user.token, video);
      expect((await api.http.get(first.manifestUrl)).status).toBe(200);
      const third = await startPlayback(api, user.token, video);
      const refused = await api.http.get(first.manifestUrl);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/started another one/);
      expect((await api.http.get(second.manifestUrl)).status).toBe(200);
      expect((await api.http.get(third.manifestUrl)).status).toBe(200);
      expect(since(mark)).toContainEqual(
        expect.objectContaining({
          action: 'session.revoke',
          outcome: 'granted',
          reason: 'session_limit',
          sessionId: first.sessionId,
          userId: user.id,
        }),
      );
      const live = await api.http
        .get('/playback-sessions')
        .query({ filter: JSON.stringify({ userId: user.id }) })
        .set('Authorization', `Bearer ${admin}`);
      expect(live.body.map((s: { id: string }) => s.id).sort()).toEqual([second.sessionId, third.sessionId].sort());
    });

    it('lists live sessions for admins with user, video, start, last seen and address', async () => {
      const { sessionId } = await startPlayback(api, viewer.token, video);
      const res = await api.http
        .get('/playback-sessions')
        .query({ range: '[0,99]' })
        .set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toMatch(/^playback-sessions 0-\d+\/\d+$/);
      expect(res.body.find((s: { id: string }) => s.id === sessionId)).toEqual({
        id: sessionId,
        userId: viewer.id,
        userEmail: expect.stringMatching(/@reelguard\.test$/),
        videoId: video,
        videoTitle: 'Launch keynote',
        startedAt: expect.any(String),
        lastSeenAt: expect.any(String),
        expiresAt: expect.any(String),
        hardExpiresAt: expect.any(String),
        ip: expect.stringMatching(/127\.0\.0\.1/),
        userAgent: null,
      });
      expect((await api.http.get('/playback-sessions').set('Authorization', `Bearer ${viewer.token}`)).status).toBe(
        403,
      );
    });
  });

  describe('the video going away', () => {
    it('unpublishing kills live sessions and refuses new ones for viewers; admins may still preview', async () => {
      const target = await publishTestVideo(api, ladder);
      const mark = audit.length;
      const { manifestUrl, sessionId } = await startPlayback(api, viewer.token, target);
      const view = await followPlaylists(api, manifestUrl);
      expect((await api.http.post(`/videos/${target}/unpublish`).set('Authorization', `Bearer ${admin}`)).status).toBe(
        200,
      );
      for (const path of [manifestUrl, view.urls.get('key')!, view.urls.get('90p_00001.m4s')!]) {
        const res = await api.http.get(path);
        expect(res.status).toBe(403);
        expect(res.body.message).toBe('This video is no longer available for playback.');
      }
      expect(
        (await api.http.post(`/videos/${target}/playback`).set('Authorization', `Bearer ${viewer.token}`)).status,
      ).toBe(404);
      const preview = await startPlayback(api, admin, target);
      expect((await api.http.get(preview.manifestUrl)).status).toBe(200);
      expect(since(mark)).toContainEqual(
        expect.objectContaining({
          action: 'session.revoke',
          reason: 'video_unpublished',
          sessionId,
          userId: viewer.id,
        }),
      );
      expect(since(mark)).toContainEqual(
        expect.objectContaining({
          action: 'playback.start',
          outcome: 'denied',
          reason: 'video_unavailable',
          videoId: target,
        }),
      );
      // Published again: viewers may start afresh.
      expect((await api.http.post(`/videos/${target}/publish`).set('Authorization', `Bearer ${admin}`)).status).toBe(
        200,
      );
      const again = await startPlayback(api, viewer.token, target);
      expect((await api.http.get(again.manifestUrl)).status).toBe(200);
    });

    it('deleting kills live sessions: later stream requests are 404', async () => {
      const target = await publishTestVideo(api, ladder);
      const { manifestUrl } = await startPlayback(api, viewer.token, target);
      const view = await followPlaylists(api, manifestUrl);
      expect((await api.http.delete(`/videos/${target}`).set('Authorization', `Bearer ${admin}`)).status).toBe(204);
      for (const path of [
        manifestUrl,
        view.variants.get('180p')!,
        view.urls.get('key')!,
        view.urls.get('180p_00000.m4s')!,
      ]) {
        const res = await api.http.get(path);
        expect(res.status).toBe(404);
        expect(res.body.message).toBe('This video was deleted.');
      }
      expect((await api.http.post(`/videos/${target}/playback`).set('Authorization', `Bearer ${admin}`)).status).toBe(
        404,
      );
    });

    it('a video that is not ready, or unknown, cannot be played', async () => {
      const draft = await publishTestVideo(api, ladder, { published: false });
      expect(
        (await api.http.post(`/videos/${draft}/playback`).set('Authorization', `Bearer ${viewer.token}`)).status,
      ).toBe(404);
      expect(
        (await api.http.post('/videos/AAAAAAAAAAAAAAAAAAAAAA/playback').set('Authorization', `Bearer ${admin}`)).status,
      ).toBe(404);
      expect((await api.http.post('/videos/..%2Fx/playback').set('Authorization', `Bearer ${admin}`)).status).toBe(404);
      expect((await api.http.post(`/videos/${video}/playback`)).status).toBe(401);
    });
  });

  describe('artwork', () => {
    const art = (id: string, name: string, token?: string) => {
      const req = api.http.get(`/videos/${id}/artwork/${name}`).buffer(true).parse(binary);
      return token ? req.set('Authorization', `Bearer ${token}`) : req;
    };

    it('serves poster and storyboard to viewers of a published video, with the track pointing at this route', async () => {
      const poster = await art(video, 'poster.jpg', viewer.token);
      expect(poster.status).toBe(200);
      expect(poster.headers['content-type']).toBe('image/jpeg');
      expect(
        Buffer.compare(
          poster.body as Buffer,
          await api.app.get(ObjectStorage).getBuffer(`videos/${video}/hls/poster.jpg`),
        ),
      ).toBe(0);
      const track = await art(video, 'storyboard.vtt', viewer.token);
      expect(track.headers['content-type']).toMatch(/^text\/vtt/);
      const text = (track.body as Buffer).toString();
      expect(text).toMatch(/^WEBVTT/);
      expect(text).toContain(`\n/videos/${video}/artwork/storyboard.jpg#xywh=0,0,64,36\n`);
      expect((await art(video, 'storyboard.jpg', viewer.token)).headers['content-type']).toBe('image/jpeg');
    });

    it('refuses without a token, other names, and unpublished videos to viewers (admins may see them)', async () => {
      const draft = await publishTestVideo(api, ladder, { published: false });
      expect((await art(video, 'poster.jpg')).status).toBe(401);
      expect((await art(draft, 'poster.jpg', viewer.token)).status).toBe(404);
      expect((await art(draft, 'poster.jpg', admin)).status).toBe(200);
      for (const name of ['master.m3u8', 'key', '180p_init.mp4', '..%2Fsource', 'poster.png']) {
        expect((await art(video, name, admin)).status).toBe(404);
      }
    });
  });
});
