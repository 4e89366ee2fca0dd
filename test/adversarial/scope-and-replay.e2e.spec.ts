// Genuine tokens used outside their scope (another video, resource, index or session) and
// replayed after their session died, against the running platform with a short idle time.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playbackToken } from './forge.js';
import {
  userAgentFor,
  auditEntry,
  expectErrorBody,
  expectHealthy,
  play,
  publishedClip,
  raw,
  signedInUser,
  sleep,
  startRig,
  tokenOf,
  type Rig,
  type SignedIn,
  type VideoView,
} from './support.js';

const IDLE_SEC = 4;
let rig: Rig;
let viewer: SignedIn;
let video: VideoView;

beforeAll(async () => {
  rig = await startRig({ PLAYBACK_IDLE_SEC: String(IDLE_SEC), PLAYBACK_MAX_SESSIONS_PER_USER: '10' });
  viewer = await signedInUser(rig, 'viewer');
  video = await publishedClip(rig);
}, 300_000);
afterAll(async () => {
  await rig?.stop();
});

const otherId = () => randomBytes(16).toString('base64url');
const pathOf = (url: string) => url.split('?')[0]!;
const withToken = (path: string, token: string) => `${path}?token=${encodeURIComponent(token)}`;

/** Sends the request with its own user agent, expects the refusal and finds its audit entry. */
async function refused(label: string, path: string, status: number, reason: string, videoId = video.id) {
  const ua = userAgentFor(label);
  const before = rig.storage.requests.length;
  const res = await raw(rig.url, path, { headers: { 'user-agent': ua } });
  expectErrorBody(res, rig, status);
  const entry = await auditEntry(rig, { videoId, outcome: 'denied' }, (e) => e.userAgent === ua);
  expect(entry.reason).toBe(reason);
  if (!reason.startsWith('not_stored')) expect(rig.storage.requests.slice(before)).toEqual([]);
  return { res, entry };
}

describe('scope', () => {
  it('a genuine token on another video’s URL: 403 token_wrong_video, the same answer as for no such video', async () => {
    const p = await play(rig, viewer.token, video.id);
    const url = p.urls.get('key')!;
    const elsewhere = withToken(`/videos/${otherId()}/key`, tokenOf(url));
    const { res } = await refused('other-video', elsewhere, 403, 'token_wrong_video', elsewhere.split('/')[2]);
    const forgedHere = await raw(rig.url, withToken(`/videos/${video.id}/key`, `${tokenOf(url).slice(0, -3)}AAA`));
    expect(res.body).toBe(forgedHere.body);
  });

  it('a playlist token on the rendition’s init segment: 403 token_wrong_resource', async () => {
    const p = await play(rig, viewer.token, video.id);
    const [rendition] = [...p.segments.keys()];
    const init = `/videos/${video.id}/${rendition}_init.mp4`;
    await refused(
      'playlist-as-init',
      withToken(init, tokenOf(p.urls.get(`${rendition}.m3u8`)!)),
      403,
      'token_wrong_resource',
    );
  });

  it('a token for another rendition’s playlist name: 403 token_wrong_resource', async () => {
    const p = await play(rig, viewer.token, video.id);
    const [rendition] = [...p.segments.keys()];
    const other = `/videos/${video.id}/${rendition === '1080p' ? '720p' : '1080p'}.m3u8`;
    await refused(
      'other-rendition',
      withToken(other, tokenOf(p.urls.get(`${rendition}.m3u8`)!)),
      403,
      'token_wrong_resource',
    );
  });

  it('segment 0’s token on segment 1: 403 token_wrong_resource', async () => {
    const p = await play(rig, viewer.token, video.id);
    const [first, second] = [...p.segments.values()][0]!;
    await refused(
      'other-index',
      withToken(pathOf(p.urls.get(second!)!), tokenOf(p.urls.get(first!)!)),
      403,
      'token_wrong_resource',
    );
  });

  it('an index beyond the last segment, even with a validly signed token: 404 not_stored, no key in the body', async () => {
    const p = await play(rig, viewer.token, video.id);
    const [rendition, names] = [...p.segments.entries()][0]!;
    const beyond = `${rendition}_${String(names.length + 50).padStart(5, '0')}.m4s`;
    const token = playbackToken(rig.secrets, { videoId: video.id, resource: beyond, sessionId: p.sessionId });
    await refused('beyond-last', withToken(`/videos/${video.id}/${beyond}`, token), 404, 'not_stored');
  });

  it('a validly signed token naming a session that was never started: 403 session_unknown', async () => {
    const token = playbackToken(rig.secrets, { videoId: video.id, resource: 'key', sessionId: otherId() });
    await refused('no-session', withToken(`/videos/${video.id}/key`, token), 403, 'session_unknown');
  });

  it('a validly signed token binding a live session of this video to another video: 403 session_unknown', async () => {
    const p = await play(rig, viewer.token, video.id);
    const elsewhere = otherId();
    const token = playbackToken(rig.secrets, { videoId: elsewhere, resource: 'key', sessionId: p.sessionId });
    await refused(
      'session-other-video',
      withToken(`/videos/${elsewhere}/key`, token),
      403,
      'session_unknown',
      elsewhere,
    );
  });
});

describe('the key URI', () => {
  it('without a token: 401 token_missing', async () => {
    await refused('key-no-token', `/videos/${video.id}/key`, 401, 'token_missing');
  });

  it('with the key token of another user’s session that was then revoked: 403, while the own session still gets it', async () => {
    const other = await signedInUser(rig, 'viewer');
    const theirs = await play(rig, other.token, video.id);
    const mine = await play(rig, viewer.token, video.id);
    const revoke = await rig.platform.api(`/playback-sessions/${theirs.sessionId}`, {
      method: 'DELETE',
      token: other.token,
    });
    expect(revoke.status).toBe(204);
    const { entry } = await refused(
      'key-revoked-session',
      theirs.urls.get('key')!,
      403,
      'session_revoked.revoked_by_user',
    );
    expect(entry).toMatchObject({ sessionId: theirs.sessionId, userId: other.id, action: 'key' });
    const own = await fetch(`${rig.url}${mine.urls.get('key')!}`);
    expect(own.status).toBe(200);
    expect((await own.arrayBuffer()).byteLength).toBe(16);
  });
});

describe('replay', () => {
  it('a URL replayed after its session died of idleness: 403 session_idle, heartbeat 410', async () => {
    const p = await play(rig, viewer.token, video.id);
    const url = p.urls.get([...p.segments.values()][0]![0]!)!;
    expect((await fetch(`${rig.url}${url}`)).status).toBe(200);
    await sleep((IDLE_SEC + 1.5) * 1000);
    await refused('idle-replay', url, 403, 'session_idle');
    const beat = await rig.platform.api(`/playback-sessions/${p.sessionId}/heartbeat`, {
      method: 'POST',
      token: viewer.token,
    });
    expect(beat.status).toBe(410);
  });

  it('a URL replayed after its owner ended the session: 403 session_revoked, for playlists, segments and key alike', async () => {
    const p = await play(rig, viewer.token, video.id);
    const end = await rig.platform.api(`/playback-sessions/${p.sessionId}`, { method: 'DELETE', token: viewer.token });
    expect(end.status).toBe(204);
    for (const name of ['master.m3u8', [...p.segments.keys()][0]! + '.m3u8', [...p.segments.values()][0]![0]!, 'key']) {
      await refused(`revoked-${name}`, p.urls.get(name)!, 403, 'session_revoked.revoked_by_user');
    }
  });

  it('a URL replayed after the video was unpublished: 403 session_revoked.video_unpublished', async () => {
    const p = await play(rig, viewer.token, video.id);
    const url = p.urls.get('key')!;
    expect(
      (await rig.platform.api(`/videos/${video.id}/unpublish`, { method: 'POST', token: rig.adminToken })).status,
    ).toBe(200);
    try {
      await sleep(300);
      await refused('unpublished', url, 403, 'session_revoked.video_unpublished');
    } finally {
      expect(
        (await rig.platform.api(`/videos/${video.id}/publish`, { method: 'POST', token: rig.adminToken })).status,
      ).toBe(200);
    }
  });
});

describe('the same session from a second user agent (policy: tokens are bearer capabilities of one session)', () => {
  it('is served within the session’s life, and the trail shows each agent under the same session', async () => {
    const p = await play(rig, viewer.token, video.id);
    const url = p.urls.get([...p.segments.values()][0]![0]!)!;
    const [first, second] = [userAgentFor('player-one'), userAgentFor('player-two')];
    for (const ua of [first, second]) {
      const res = await raw(rig.url, url, { headers: { 'user-agent': ua } });
      expect(res.status).toBe(200);
    }
    for (const ua of [first, second]) {
      const entry = await auditEntry(rig, { sessionId: p.sessionId, outcome: 'granted' }, (e) => e.userAgent === ua);
      expect(entry).toMatchObject({ userId: viewer.id, action: 'segment' });
    }
    // Ending the session stops both agents at once.
    await rig.platform.api(`/playback-sessions/${p.sessionId}`, { method: 'DELETE', token: viewer.token });
    for (const ua of [first, second]) {
      expect((await raw(rig.url, url, { headers: { 'user-agent': ua } })).status).toBe(403);
    }
    await expectHealthy(rig);
  });
});
