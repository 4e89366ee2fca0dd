// Abuse by holders of valid credentials: a scripted downloader pulling segments far faster than
// anyone watches, and an account opening more playback sessions than it may hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEntry,
  expectErrorBody,
  expectHealthy,
  play,
  publishedClip,
  raw,
  signedInUser,
  sleep,
  startRig,
  type Rig,
  type VideoView,
} from './support.js';

const SEGMENT_SEC = 2;
let rig: Rig;
let video: VideoView;

beforeAll(async () => {
  rig = await startRig({
    // Small figures so a 40-second clip shows the whole policy (ADR 0053): 4 s of media free,
    // then real time, 4 s more served slowed, then refused.
    PLAYBACK_DOWNLOAD_ALLOWANCE_SEC: '4',
    PLAYBACK_MAX_SPEED: '1',
    PLAYBACK_THROTTLE_BAND_SEC: '4',
    PLAYBACK_THROTTLE_DELAY_MS: '200',
    PLAYBACK_MAX_SESSIONS_PER_USER: '2',
  });
  video = await publishedClip(rig, 40);
}, 300_000);
afterAll(async () => {
  await rig?.stop();
});

describe('a scripted downloader at 20× real time', () => {
  it('is slowed, then refused with 429 and Retry-After, and both are in the audit trail', async () => {
    const viewer = await signedInUser(rig, 'viewer');
    const session = await play(rig, viewer.token, video.id);
    const names = [...session.segments.values()][0]!;
    expect(names.length).toBeGreaterThanOrEqual(15);
    const statuses: number[] = [];
    let refusal: Awaited<ReturnType<typeof raw>> | undefined;
    for (const name of names) {
      const res = await raw(rig.url, session.urls.get(name)!);
      statuses.push(res.status);
      if (res.status === 429) {
        refusal ??= res;
        break;
      }
      // 20× real time: one 2-second segment every 100 ms.
      await sleep((SEGMENT_SEC * 1000) / 20);
    }
    expect(statuses[0]).toBe(200);
    expect(statuses.at(-1)).toBe(429);
    expectErrorBody(refusal!, rig, 429);
    expect(Number(refusal!.headers['retry-after'])).toBeGreaterThan(0);

    const slowed = await auditEntry(
      rig,
      { sessionId: session.sessionId, outcome: 'granted' },
      (e) => e.reason === 'download_rate_slowed',
    );
    expect(slowed).toMatchObject({ action: 'segment', userId: viewer.id });
    const refused = await auditEntry(
      rig,
      { sessionId: session.sessionId, outcome: 'denied' },
      (e) => e.reason === 'download_rate',
    );
    expect(refused).toMatchObject({ action: 'segment', userId: viewer.id, videoId: video.id });

    // Re-fetching what it already had costs nothing (a player seeking back is never punished).
    expect((await raw(rig.url, session.urls.get(names[0]!)!)).status).toBe(200);
    await expectHealthy(rig);
  });

  it('a player that buffers its allowance, then pulls at real time, is never slowed nor refused', async () => {
    const viewer = await signedInUser(rig, 'viewer');
    const session = await play(rig, viewer.token, video.id);
    const names = [...session.segments.values()][0]!.slice(0, 6);
    for (const [i, name] of names.entries()) {
      // The first two segments fill the 4 s allowance at once; then one 2 s segment per 2 s.
      if (i >= 2) await sleep(SEGMENT_SEC * 1000);
      expect((await raw(rig.url, session.urls.get(name)!)).status).toBe(200);
    }
    const last = await auditEntry(rig, { sessionId: session.sessionId }, (e) => e.resource === names.at(-1));
    expect(last.outcome).toBe('granted');
    const query = new URLSearchParams({ sessionId: session.sessionId, limit: '100' });
    const trail = await rig.platform.api<{ items: { reason: string | null }[] }>(`/audit/access-logs?${query}`, {
      token: rig.adminToken,
    });
    expect(trail.body.items.filter((e) => e.reason?.startsWith('download_rate'))).toEqual([]);
  });
});

describe('more concurrent sessions than allowed (policy: the oldest is closed, ADR 0050)', () => {
  it('closes the oldest session, audits it as session_limit, and keeps the two newest playing', async () => {
    const viewer = await signedInUser(rig, 'viewer');
    const bystander = await signedInUser(rig, 'viewer');
    const theirs = await play(rig, bystander.token, video.id);
    const sessions = [];
    for (let i = 0; i < 3; i += 1) sessions.push(await play(rig, viewer.token, video.id));
    const [oldest, ...newest] = sessions;

    const refused = await raw(rig.url, oldest!.urls.get('key')!);
    expectErrorBody(refused, rig, 403);
    const revoked = await auditEntry(rig, { sessionId: oldest!.sessionId, action: 'session.revoke' }, () => true);
    expect(revoked).toMatchObject({ reason: 'session_limit', userId: viewer.id });
    const denied = await auditEntry(
      rig,
      { sessionId: oldest!.sessionId, outcome: 'denied' },
      (e) => e.action === 'key',
    );
    expect(denied.reason).toBe('session_revoked.session_limit');
    for (const live of [...newest, theirs]) expect((await raw(rig.url, live!.urls.get('key')!)).status).toBe(200);

    const heartbeat = await rig.platform.api(`/playback-sessions/${oldest!.sessionId}/heartbeat`, {
      method: 'POST',
      token: viewer.token,
    });
    expect(heartbeat.status).toBe(410);
    const listed = await rig.platform.api<{ id: string; userId: string }[]>(
      `/playback-sessions?filter=${encodeURIComponent(JSON.stringify({ userId: viewer.id }))}`,
      {
        token: rig.adminToken,
      },
    );
    expect(listed.body.map((s) => s.id).sort()).toEqual(newest.map((s) => s!.sessionId).sort());
    await expectHealthy(rig);
  });
});
