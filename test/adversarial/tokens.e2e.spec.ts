// Forged, altered and misused tokens against the running platform: login JWTs on an API route,
// compact playback tokens on a media segment. Every refusal is checked for its status, its body
// (no leak, and for playback the same text whatever the reason), its audit entry where the
// streaming module audits, zero storage requests, and a healthy platform afterwards.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRETS } from '@reelguard/config';
import { accessClaims, jwt, nowSec, playbackToken } from './forge.js';
import {
  userAgentFor,
  auditEntry,
  expectErrorBody,
  expectHealthy,
  expectNoLeak,
  play,
  raw,
  signedInUser,
  publishedClip,
  sleep,
  startRig,
  tokenOf,
  tripwire,
  type Playback,
  type RawResponse,
  type Rig,
  type SignedIn,
  type VideoView,
} from './support.js';

let rig: Rig;
let viewer: SignedIn;
let video: VideoView;
let playback: Playback;
let segment: string;

beforeAll(async () => {
  rig = await startRig();
  viewer = await signedInUser(rig, 'viewer');
  video = await publishedClip(rig);
  playback = await play(rig, viewer.token, video.id);
  segment = [...playback.segments.values()][0]![1]!;
}, 300_000);
afterAll(async () => {
  await rig?.stop();
});
beforeEach(async () => {
  // The shared session must outlive the file: a heartbeat keeps it past the idle time.
  const beat = await rig.platform.api(`/playback-sessions/${playback.sessionId}/heartbeat`, {
    method: 'POST',
    token: viewer.token,
  });
  expect(beat.status).toBe(200);
});

/** Waits until the current second has just begun, so a ±1 s boundary cannot be crossed mid-test. */
async function startOfSecond(): Promise<void> {
  while (Date.now() % 1000 > 200) await sleep(20);
}

describe('login access tokens (HS256 JWT) on GET /auth/me', () => {
  const me = (token: string, headers: Record<string, string> = {}) =>
    raw(rig.url, '/auth/me', { headers: { authorization: `Bearer ${token}`, ...headers } });
  const header = { alg: 'HS256', typ: 'JWT' };
  const claims = (overrides: Record<string, unknown> = {}) => accessClaims(viewer.id, 'viewer', overrides);

  it('accepts the control: a token forged with the real key and the real claims (so refusals mean something)', async () => {
    const res = await me(jwt(header, claims(), rig.secrets.jwtSecret));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ id: viewer.id, role: 'viewer' });
  });

  it.each<[string, () => string]>([
    ['alg none, unsigned, claiming admin', () => jwt({ alg: 'none', typ: 'JWT' }, claims({ role: 'admin' }), null)],
    ['alg "None" with a signature part', () => `${jwt({ alg: 'None' }, claims(), null)}c2ln`],
    ['HS256 signed with the public development key', () => jwt(header, claims(), DEVELOPMENT_SECRETS.JWT_SECRET)],
    [
      'HS256 signed with another environment’s key',
      () => jwt(header, claims(), 'staging-environment-jwt-secret-0123456789'),
    ],
    [
      'HS256 signed with a playback key (key confusion)',
      () => jwt(header, claims(), rig.secrets.playbackKeys[0]!.secret),
    ],
    ['HS512 signed with the real key', () => hs512(claims(), rig.secrets.jwtSecret)],
    [
      'a tampered payload (role admin) under the original signature',
      () => {
        const [h, , s] = viewer.token.split('.');
        const payload = JSON.parse(Buffer.from(viewer.token.split('.')[1]!, 'base64url').toString()) as object;
        return `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url')}.${s}`;
      },
    ],
    ['a truncated signature', () => viewer.token.slice(0, -2)],
    ['a re-padded signature', () => `${viewer.token}=`],
    ['a signature with one character changed', () => flipSignature(viewer.token)],
    ['no exp', () => jwt(header, claims({ exp: undefined }), rig.secrets.jwtSecret)],
    ['no aud', () => jwt(header, claims({ aud: undefined }), rig.secrets.jwtSecret)],
    ['no iss', () => jwt(header, claims({ iss: undefined }), rig.secrets.jwtSecret)],
    ['no sub', () => jwt(header, claims({ sub: undefined }), rig.secrets.jwtSecret)],
    ['another aud', () => jwt(header, claims({ aud: 'reelguard-worker' }), rig.secrets.jwtSecret)],
    ['nbf a minute in the future', () => jwt(header, claims({ nbf: nowSec() + 60 }), rig.secrets.jwtSecret)],
    ['iat a minute in the future', () => jwt(header, claims({ iat: nowSec() + 60 }), rig.secrets.jwtSecret)],
    [
      'kid naming a file, signed with an empty key',
      () => jwt({ ...header, kid: '../../../../dev/null' }, claims(), ''),
    ],
    [
      'kid carrying SQL, signed with the value it would select',
      () => jwt({ ...header, kid: "x' UNION SELECT 'attacker-key' --" }, claims(), 'attacker-key'),
    ],
  ])('refuses %s: 401, no leak', async (_case, make) => {
    const res = await me(make());
    expectErrorBody(res, rig, 401);
  });

  it('refuses a 10 KB kid even with the real key (no lookup, bounded header)', async () => {
    const res = await me(jwt({ ...header, kid: 'k'.repeat(10 * 1024) }, claims(), rig.secrets.jwtSecret));
    expectErrorBody(res, rig, 401);
  });

  it('ignores jku, x5u and an embedded jwk: the attacker’s key is never fetched nor used', async () => {
    const listener = await tripwire();
    try {
      const attackerKey = 'attacker-controlled-secret-0123456789abcdef';
      const jwk = { kty: 'oct', k: Buffer.from(attackerKey).toString('base64url') };
      for (const extra of [{ jku: `${listener.url}/jwks.json` }, { x5u: `${listener.url}/cert.pem` }, { jwk }]) {
        expectErrorBody(await me(jwt({ ...header, ...extra }, claims({ role: 'admin' }), attackerKey)), rig, 401);
      }
      await sleep(500);
      expect(listener.hits).toEqual([]);
    } finally {
      await listener.close();
    }
  });

  it('honours exp at the 5 s skew: refused 1 s past it, accepted 1 s inside it', async () => {
    await startOfSecond();
    const past = jwt(header, claims({ iat: nowSec() - 600, exp: nowSec() - 6 }), rig.secrets.jwtSecret);
    const inside = jwt(header, claims({ iat: nowSec() - 600, exp: nowSec() - 4 }), rig.secrets.jwtSecret);
    expectErrorBody(await me(past), rig, 401);
    expect((await me(inside)).status).toBe(200);
  });

  it('refuses a playback token presented as an access token', async () => {
    expectErrorBody(await me(tokenOf(playback.urls.get(segment)!)), rig, 401);
  });

  it('refuses a 100 KB bearer token before the application sees it, and stays healthy', async () => {
    const res = await beforeTheApplication(me(`${viewer.token}${'A'.repeat(100 * 1024)}`));
    if (res) {
      expect(res.status).toBe(431);
      expectNoLeak(res.body, rig);
    }
    await expectHealthy(rig);
  });
});

describe('playback tokens on a media segment', () => {
  const path = (name: string, token: string) => `/videos/${video.id}/${name}?token=${encodeURIComponent(token)}`;
  const claimsFor = (resource = segment, sessionId = playback.sessionId) => ({
    videoId: video.id,
    resource,
    sessionId,
  });
  const field = (token: string, index: number, value: string) => token.split('~').with(index, value).join('~');
  const genuine = () => tokenOf(playback.urls.get(segment)!);
  let canonical: string;

  /** Sends the token for `segment`, expects the refusal, finds its audit entry, checks storage. */
  async function refused(label: string, token: string, status: number, reason: string): Promise<void> {
    const ua = userAgentFor(label);
    const before = rig.storage.requests.length;
    const res = await raw(rig.url, path(segment, token), { headers: { 'user-agent': ua } });
    expectErrorBody(res, rig, status);
    if (status === 403) expect(res.body).toBe(canonical);
    const entry = await auditEntry(rig, { videoId: video.id, outcome: 'denied' }, (e) => e.userAgent === ua);
    expect(entry).toMatchObject({ action: 'segment', reason, resource: segment });
    expect(rig.storage.requests.slice(before)).toEqual([]);
  }

  beforeAll(async () => {
    canonical = (await raw(rig.url, path(segment, field(genuine(), 7, 'A'.repeat(22))))).body;
  });

  it('serves the genuine URL (the baseline)', async () => {
    const res = await fetch(`${rig.url}${playback.urls.get(segment)!}`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it.each<[string, () => string, string]>([
    ['a login access token', () => viewer.token, 'token_malformed'],
    [
      'an HS256 JWT with the playback claims signed with the playback key',
      () =>
        jwt(
          { alg: 'HS256', kid: rig.secrets.activeKid },
          { vid: video.id, res: segment, sid: playback.sessionId, exp: nowSec() + 60 },
          rig.secrets.playbackKeys[0]!.secret,
        ),
      'token_malformed',
    ],
    [
      'an alg:none JWT with a jku header',
      () => jwt({ alg: 'none', jku: 'http://127.0.0.1:1/jwks' }, { vid: video.id, res: segment }, null),
      'token_malformed',
    ],
    [
      'a tampered resource under the original MAC',
      () => field(genuine(), 3, segment.replace(/1\.m4s$/, '2.m4s')),
      'token_bad_signature',
    ],
    ['a tampered session under the original MAC', () => field(genuine(), 4, 'A'.repeat(22)), 'token_bad_signature'],
    [
      'an extended expiry under the original MAC',
      () => field(genuine(), 6, (nowSec() + 86_400 * 365).toString(36)),
      'token_bad_signature',
    ],
    ['a MAC with one character changed', () => flipSignature(genuine()), 'token_bad_signature'],
    ['a truncated MAC', () => genuine().slice(0, -1), 'token_malformed'],
    ['a re-padded MAC', () => `${genuine()}==`, 'token_malformed'],
    [
      'the right claims signed with another key under a live kid',
      () => playbackToken(rig.secrets, claimsFor(), { secret: 'x'.repeat(40) }),
      'token_bad_signature',
    ],
    [
      'a retired key (no longer configured)',
      () => playbackToken(rig.secrets, claimsFor(), { kid: 'k0', secret: 'retired-playback-key-0123456789abcdef' }),
      'token_unknown_kid',
    ],
    ['a kid that looks like a path', () => field(genuine(), 1, '..%2F..%2Fetc%2Fpasswd'), 'token_malformed'],
    ['a kid that looks like SQL', () => field(genuine(), 1, "k1' OR '1'='1"), 'token_malformed'],
    ['a kid of 10 KB', () => field(genuine(), 1, 'k'.repeat(10 * 1024)), 'token_too_large'],
    ['a token for the key presented for a segment', () => tokenOf(playback.urls.get('key')!), 'token_wrong_resource'],
  ])('refuses %s: 403, audited, storage untouched', async (label, make, reason) => {
    await refused(label, make(), 403, reason);
  });

  it('refuses a missing token with 401, audited as token_missing', async () => {
    const ua = userAgentFor('missing');
    const res = await raw(rig.url, `/videos/${video.id}/${segment}`, { headers: { 'user-agent': ua } });
    expectErrorBody(res, rig, 401);
    const entry = await auditEntry(rig, { videoId: video.id, outcome: 'denied' }, (e) => e.userAgent === ua);
    expect(entry.reason).toBe('token_missing');
  });

  it('honours expiry at the 5 s skew: refused 1 s past it, served 1 s inside it', async () => {
    await startOfSecond();
    const at = Date.now();
    const past = playbackToken(rig.secrets, claimsFor(), { issuedAtMs: at - 100_000, lifetimeSec: 94 });
    const inside = playbackToken(rig.secrets, claimsFor(), { issuedAtMs: at - 100_000, lifetimeSec: 96 });
    await refused('expired-past', past, 403, 'token_expired');
    expect((await raw(rig.url, path(segment, inside))).status).toBe(200);
  });

  it('honours issue time at the 5 s skew: refused 1 s beyond it in the future, served 1 s inside it', async () => {
    await startOfSecond();
    const at = Date.now();
    const ahead = playbackToken(rig.secrets, claimsFor(), { issuedAtMs: at + 6_000 });
    const inside = playbackToken(rig.secrets, claimsFor(), { issuedAtMs: at + 4_000 });
    await refused('future-iat', ahead, 403, 'token_not_yet_valid');
    expect((await raw(rig.url, path(segment, inside))).status).toBe(200);
  });

  it('serves a token of the older, still listed key (rotation) for a live session', async () => {
    const older = playbackToken(rig.secrets, claimsFor(), { kid: 'k1' });
    expect((await raw(rig.url, path(segment, older))).status).toBe(200);
  });

  it('refuses a 100 KB token before the application sees it, and stays healthy', async () => {
    const before = rig.storage.requests.length;
    const res = await beforeTheApplication(raw(rig.url, path(segment, `${genuine()}${'A'.repeat(100 * 1024)}`)));
    if (res) {
      expect(res.status).toBe(431);
      expectNoLeak(res.body, rig);
    }
    expect(rig.storage.requests.slice(before)).toEqual([]);
    await expectHealthy(rig);
  });
});

/**
 * Node's parser answers 431 once the head passes 16 KB and closes the connection; a client still
 * writing the rest may see that as a reset before it reads the 431. Both are a refusal that
 * happened before any application code: null stands for the reset.
 */
async function beforeTheApplication(sent: Promise<RawResponse>): Promise<RawResponse | null> {
  try {
    return await sent;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNRESET' || code === 'EPIPE') return null;
    throw error;
  }
}

/** Changes the first character of the signature (the last `.` or `~` part): never a padding bit. */
function flipSignature(token: string): string {
  const at = Math.max(token.lastIndexOf('.'), token.lastIndexOf('~')) + 1;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}

function hs512(payload: Record<string, unknown>, key: string): string {
  const input = `${Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${createHmac('sha512', key).update(input).digest('base64url')}`;
}
