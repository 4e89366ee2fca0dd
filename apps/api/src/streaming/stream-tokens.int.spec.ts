// Every way a streaming request can be refused before a byte is read: missing, forged,
// expired, foreign and misused tokens (401/403), and malformed names in any encoding (400/404)
// — none of them touching object storage or the key table, none revealing whether the video
// exists, each one audited with its reason.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccessLogEntry } from '@reelguard/audit';
import { ObjectStorage } from '@reelguard/storage';
import { PlaybackTokenSigner, newSessionId, newVideoId } from '@reelguard/tokens';
import { ContentKeys } from '@reelguard/videos';
import { encodeTestLadder, listeningUrl, publishTestVideo, type EncodedLadder } from '../../test/hls-fixture.js';
import { startApi, type ApiHarness } from '../../test/harness.js';
import {
  followPlaylists,
  rawGet,
  startPlayback,
  tokenOf,
  watchAudit,
  type PlayerView,
  type Started,
} from '../../test/stream-client.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('streaming refusals', () => {
  let api: ApiHarness;
  let ladder: EncodedLadder;
  let video: string;
  let otherVideo: string;
  let viewer: { id: string; token: string };
  let session: Started;
  let view: PlayerView;
  let otherView: PlayerView;
  let audit: AccessLogEntry[];
  let baseUrl: string;
  const storageCalls = () => storageSpies.reduce((n, spy) => n + spy.mock.calls.length, 0);
  let storageSpies: ReturnType<typeof vi.spyOn>[] = [];

  beforeAll(async () => {
    api = await startApi();
    ladder = await encodeTestLadder({ durationSec: 2, segmentSec: 1 });
    video = await publishTestVideo(api, ladder);
    otherVideo = await publishTestVideo(api, ladder);
    viewer = await api.createUser('viewer');
    session = await startPlayback(api, viewer.token, video);
    view = await followPlaylists(api, session.manifestUrl);
    otherView = await followPlaylists(api, (await startPlayback(api, viewer.token, otherVideo)).manifestUrl);
    audit = watchAudit(api);
    baseUrl = await listeningUrl(api);
    const storage = api.app.get(ObjectStorage);
    storageSpies = [
      vi.spyOn(storage, 'getStream'),
      vi.spyOn(storage, 'getBuffer'),
      vi.spyOn(storage, 'head'),
      vi.spyOn(storage, 'list'),
      vi.spyOn(api.app.get(ContentKeys), 'get'),
    ];
  });
  beforeEach(() => storageSpies.forEach((spy) => spy.mockClear()));
  afterAll(async () => {
    await ladder?.remove();
    await api?.close();
  });

  const segment0 = () => view.urls.get('180p_00000.m4s')!;
  const path = (url: string) => url.split('?')[0]!;
  const withToken = (url: string, token: string) => `${path(url)}?token=${encodeURIComponent(token)}`;
  const field = (token: string, index: number, value: string) => token.split('~').with(index, value).join('~');

  it('the genuine URLs work (the baseline the refusals are measured against)', async () => {
    for (const url of [session.manifestUrl, view.variants.get('180p')!, view.urls.get('key')!, segment0()]) {
      expect((await api.http.get(url)).status).toBe(200);
    }
  });

  describe('tokens', () => {
    const config = () => api.config;
    const signerAt = (offsetMs: number) =>
      new PlaybackTokenSigner({
        keys: config().PLAYBACK_TOKEN_KEYS,
        activeKid: config().PLAYBACK_TOKEN_ACTIVE_KID,
        now: () => Date.now() + offsetMs,
      });
    const claims = () => ({ videoId: video, resource: '180p_00000.m4s', sessionId: session.sessionId });

    const cases: [string, () => string, 401 | 403, string][] = [
      ['no token', () => path(segment0()), 401, 'token_missing'],
      ['an empty token', () => `${path(segment0())}?token=`, 403, 'token_malformed'],
      [
        'a repeated token parameter',
        () => `${segment0()}&token=${encodeURIComponent(tokenOf(segment0()))}`,
        403,
        'token_malformed',
      ],
      [
        'a tampered payload (expiry pushed out)',
        () => withToken(segment0(), field(tokenOf(segment0()), 6, (Math.floor(Date.now() / 1000) + 9e6).toString(36))),
        403,
        'token_bad_signature',
      ],
      [
        'a tampered payload (another session)',
        () => withToken(segment0(), field(tokenOf(segment0()), 4, newSessionId())),
        403,
        'token_bad_signature',
      ],
      [
        'a tampered signature',
        () => withToken(segment0(), field(tokenOf(segment0()), 7, 'A'.repeat(22))),
        403,
        'token_bad_signature',
      ],
      ['an unknown key id', () => withToken(segment0(), field(tokenOf(segment0()), 1, 'k9')), 403, 'token_unknown_kid'],
      [
        'a JWT with alg "none"',
        () =>
          withToken(
            segment0(),
            `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ vid: video, res: '180p_00000.m4s', sid: session.sessionId, exp: 9e9 })}.`,
          ),
        403,
        'token_malformed',
      ],
      [
        'an HS256 JWT signed with the login key',
        () => {
          const body = `${b64({ alg: 'HS256', typ: 'JWT', kid: config().PLAYBACK_TOKEN_ACTIVE_KID })}.${b64({ vid: video, res: '180p_00000.m4s', sid: session.sessionId, exp: 9e9 })}`;
          return withToken(
            segment0(),
            `${body}.${createHmac('sha256', config().JWT_SECRET).update(body).digest('base64url')}`,
          );
        },
        403,
        'token_malformed',
      ],
      [
        'the compact format MAC-ed with the login key',
        () => {
          const token = tokenOf(segment0());
          const body = token.slice(0, token.lastIndexOf('~'));
          const mac = createHmac('sha256', config().JWT_SECRET)
            .update('reelguard.playback-token.v1\n')
            .update(body)
            .digest()
            .subarray(0, 16)
            .toString('base64url');
          return withToken(segment0(), `${body}~${mac}`);
        },
        403,
        'token_bad_signature',
      ],
      ['an oversized token', () => withToken(segment0(), 'A'.repeat(5000)), 403, 'token_too_large'],
      ['an expired token', () => withToken(segment0(), signerAt(-3600_000).sign(claims(), 60)), 403, 'token_expired'],
      [
        'a token not yet valid',
        () => withToken(segment0(), signerAt(3600_000).sign(claims(), 60)),
        403,
        'token_not_yet_valid',
      ],
      [
        'a segment token used on another segment',
        () => withToken(view.urls.get('180p_00001.m4s')!, tokenOf(segment0())),
        403,
        'token_wrong_resource',
      ],
      [
        'a segment token used on another rendition',
        () => withToken(view.urls.get('90p_00000.m4s')!, tokenOf(segment0())),
        403,
        'token_wrong_resource',
      ],
      [
        'a segment token used as the key token',
        () => withToken(view.urls.get('key')!, tokenOf(segment0())),
        403,
        'token_wrong_resource',
      ],
      [
        'a playlist token used on the manifest',
        () => withToken(session.manifestUrl, tokenOf(view.variants.get('180p')!)),
        403,
        'token_wrong_resource',
      ],
      [
        'a segment token used on another video',
        () => withToken(otherView.urls.get('180p_00000.m4s')!, tokenOf(segment0())),
        403,
        'token_wrong_video',
      ],
      [
        'another video’s key token on this video',
        () => withToken(view.urls.get('key')!, tokenOf(otherView.urls.get('key')!)),
        403,
        'token_wrong_video',
      ],
      [
        'a correctly signed token of a session that never existed',
        () => withToken(segment0(), signerAt(0).sign({ ...claims(), sessionId: newSessionId() }, 60)),
        403,
        'session_unknown',
      ],
      [
        'a correctly signed token of another video’s session',
        () =>
          withToken(
            segment0(),
            signerAt(0).sign({ ...claims(), sessionId: tokenOf(otherView.urls.get('key')!).split('~')[4]! }, 60),
          ),
        403,
        'session_unknown',
      ],
      ['the user’s access token', () => withToken(segment0(), viewer.token), 403, 'token_malformed'],
    ];

    for (const [name, url, status, reason] of cases) {
      it(`refuses ${name}: ${status}, audited as ${reason}, storage untouched`, async () => {
        const mark = audit.length;
        const res = await api.http.get(url());
        expect(res.status).toBe(status);
        expect(res.body).toEqual({
          statusCode: status,
          error: status === 401 ? 'Unauthorized' : 'Forbidden',
          message: expect.any(String),
        });
        expect(res.headers['cache-control']).toBe('private, no-store');
        expect(storageCalls()).toBe(0);
        expect(audit.slice(mark)).toEqual([expect.objectContaining({ outcome: 'denied', reason })]);
      });
    }

    it('answers a forged token the same whether or not the video exists', async () => {
      const forged = field(tokenOf(session.manifestUrl), 7, 'B'.repeat(22));
      const existing = await api.http.get(`/videos/${video}/manifest.m3u8?token=${forged}`);
      const missing = await api.http.get(`/videos/${newVideoId()}/manifest.m3u8?token=${forged}`);
      expect(existing.status).toBe(403);
      expect(missing.status).toBe(existing.status);
      expect(missing.body).toEqual(existing.body);
      const noTokenExisting = await api.http.get(`/videos/${video}/180p.m3u8`);
      const noTokenMissing = await api.http.get(`/videos/${newVideoId()}/180p.m3u8`);
      expect(noTokenMissing.status).toBe(401);
      expect(noTokenMissing.body).toEqual(noTokenExisting.body);
    });
  });

  describe('names', () => {
    const token = () => encodeURIComponent(tokenOf(segment0()));
    const paths = (): string[] => [
      `/videos/${video}/..%2Fkey?token=${token()}`,
      `/videos/${video}/..%2f..%2fsource?token=${token()}`,
      `/videos/${video}/%2e%2e%2fkey?token=${token()}`,
      `/videos/${video}/%2E%2E?token=${token()}`,
      `/videos/${video}/%252e%252e%252fkey?token=${token()}`,
      `/videos/${video}/..%255Ckey?token=${token()}`,
      `/videos/${video}/..%5Ckey?token=${token()}`,
      `/videos/${video}/..\\key?token=${token()}`,
      `/videos/${video}/180p_00000.m4s%00?token=${token()}`,
      `/videos/${video}/180p_00000.m4s%00.jpg?token=${token()}`,
      `/videos/${video}/key%00?token=${token()}`,
      `/videos/${video}/180p%2F180p_00000.m4s?token=${token()}`,
      `/videos/${video}/.%2e%2f180p_00000.m4s?token=${token()}`,
      `/videos/${video}/%C0%AE%C0%AEkey?token=${token()}`,
      `/videos/${video}/180P_00000.M4S?token=${token()}`,
      `/videos/${video}/source?token=${token()}`,
      `/videos/${video}/poster.jpg?token=${token()}`,
      `/videos/${video}/master.m3u8?token=${token()}`,
      `/videos/${video}/${'a'.repeat(300)}.m4s?token=${token()}`,
      `/videos/%2e%2e/manifest.m3u8?token=${token()}`,
      `/videos/..%2F..%2Fetc/passwd?token=${token()}`,
      `/videos/${video}%00/manifest.m3u8?token=${token()}`,
      `/videos/${video}/../${video}/key?token=${token()}`,
      `/videos/${video}/180p_00000.m4s/..?token=${token()}`,
      `/videos/${video}/%?token=${token()}`,
      `/videos/${video}/%E0%A4%A?token=${token()}`,
    ];

    it('answers every malformed name 400 or 404 before any storage or key access, with or without a token', async () => {
      for (const raw of paths()) {
        for (const candidate of [raw, raw.replace(/\?token=.*$/, '')]) {
          const res = await rawGet(baseUrl, candidate);
          expect([400, 404], `${candidate} → ${res.status}`).toContain(res.status);
          expect(res.body).not.toMatch(/videos\/[^/]+\/hls|ENOENT|at .*\.js/);
        }
      }
      expect(storageCalls()).toBe(0);
    });

    it('audits a malformed name as denied, without a session', async () => {
      const mark = audit.length;
      await rawGet(baseUrl, `/videos/${video}/..%2Fkey?token=${token()}`);
      expect(audit.slice(mark)).toEqual([
        expect.objectContaining({
          action: 'segment',
          outcome: 'denied',
          reason: 'name_malformed',
          videoId: video,
          resource: '../key',
          sessionId: null,
        }),
      ]);
    });
  });
});
