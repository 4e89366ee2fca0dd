// Playback tokens: what verifies, and every way a token is refused.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSessionId, newVideoId } from '../ids.js';
import {
  MAX_PLAYBACK_TOKEN_LENGTH,
  PlaybackTokenSigner,
  type PlaybackClaims,
  type PlaybackTokenSignerOptions,
} from './playback-token-signer.js';

const T0 = Date.UTC(2026, 0, 1); // a fixed clock, in ms
const SECRET_1 = 'playback-secret-one-0123456789abcdef';
const SECRET_2 = Buffer.alloc(32, 7);
const claims: PlaybackClaims = { videoId: newVideoId(), resource: '720p_00012.m4s', sessionId: newSessionId() };
const expected = { videoId: claims.videoId, resource: claims.resource };

function signer(overrides: Partial<PlaybackTokenSignerOptions> & { at?: number } = {}): PlaybackTokenSigner {
  const { at = T0, ...options } = overrides;
  return new PlaybackTokenSigner({
    keys: [{ kid: 'k1', secret: SECRET_1 }],
    activeKid: 'k1',
    now: () => at,
    ...options,
  });
}

const fields = (token: string): string[] => token.split('~');
/** A MAC made the way the signer makes it, to build tokens the signer itself would never issue. */
const labelledMac = (body: string): string =>
  createHmac('sha256', SECRET_1)
    .update('reelguard.playback-token.v1\n')
    .update(body)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
const withField = (token: string, index: number, value: string): string => fields(token).with(index, value).join('~');

describe('PlaybackTokenSigner.sign / verify', () => {
  it('round-trips the claims with issue and expiry times and the key id', () => {
    const token = signer().sign(claims, 60);
    expect(signer().verify(token, expected)).toEqual({
      ok: true,
      claims: { ...claims, kid: 'k1', issuedAtSec: T0 / 1000, expiresAtSec: T0 / 1000 + 60 },
    });
  });

  it('is compact and URL-safe: about 100 characters for 22-character ids', () => {
    const token = signer().sign(claims, 4 * 3600);
    expect(token).toMatch(/^[A-Za-z0-9._~-]+$/);
    expect(token.length).toBeLessThanOrEqual(110);
  });

  it('takes an absolute expiry, e.g. a session hard cap', () => {
    const token = signer().sign(claims, new Date(T0 + 4 * 3600_000));
    const result = signer().verify(token, expected);
    expect(result.ok && result.claims.expiresAtSec).toBe(T0 / 1000 + 4 * 3600);
  });

  it.each<[string, PlaybackClaims]>([
    ['a resource with a separator', { ...claims, resource: '720p~x' }],
    ['a resource with a slash', { ...claims, resource: '../key' }],
    ['an empty session', { ...claims, sessionId: '' }],
    ['a video id with a dot', { ...claims, videoId: 'a.b' }],
  ])('refuses to sign %s', (_case, bad) => {
    expect(() => signer().sign(bad, 60)).toThrow(RangeError);
  });

  it.each<[string, number | Date]>([
    ['zero lifetime', 0],
    ['negative lifetime', -5],
    ['NaN lifetime', Number.NaN],
    ['an expiry in the past', new Date(T0 - 1000)],
  ])('refuses to sign with %s', (_case, lifetime) => {
    expect(() => signer().sign(claims, lifetime)).toThrow(/expire after/);
  });
});

describe('refusals', () => {
  const token = signer().sign(claims, 60);

  it('too_large: anything over the bound, before any parsing, fast even at 100 KB', () => {
    const huge = `${token}${'A'.repeat(100 * 1024)}`;
    const verifier = signer();
    const reasons = new Set<string>();
    const started = performance.now();
    for (let i = 0; i < 10_000; i += 1) {
      const result = verifier.verify(huge, expected);
      reasons.add(result.ok ? 'accepted' : result.reason);
    }
    const elapsedMs = performance.now() - started;
    expect([...reasons]).toEqual(['too_large']);
    // Copying or decoding 100 KB 10 000 times (1 GB) would take seconds; a length check takes ~1 ms.
    expect(elapsedMs).toBeLessThan(250);
    expect(verifier.verify('A'.repeat(MAX_PLAYBACK_TOKEN_LENGTH + 1), expected)).toEqual({
      ok: false,
      reason: 'too_large',
    });
  });

  it.each<[string, unknown]>([
    ['a missing token', undefined],
    ['a repeated query parameter', [token, token]],
    ['an empty string', ''],
    ['another format version', `2${token.slice(1)}`],
    ['an extra field', `${token}~x`],
    ['a missing field', fields(token).toSpliced(4, 1).join('~')],
    ['a non-ASCII character', withField(token, 4, `${fields(token)[4]!.slice(0, -1)}é`)],
    ['a trailing newline', `${token}\n`],
    ['a truncated signature', token.slice(0, -1)],
    ['a signature one character too long', `${token}A`],
  ])('malformed: %s', (_case, candidate) => {
    expect(signer().verify(candidate, expected)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('malformed: correctly signed but expiring before it was issued', () => {
    const [version, kid, video, resource, session, iat, exp] = fields(token);
    const body = [version, kid, video, resource, session, exp, iat].join('~');
    expect(signer().verify(`${body}~${labelledMac(body)}`, expected)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('unknown_kid: a key id that is not configured (only a Map lookup, no fetching)', () => {
    const other = signer({ keys: [{ kid: 'k9', secret: SECRET_1 }], activeKid: 'k9' }).sign(claims, 60);
    expect(signer().verify(other, expected)).toEqual({ ok: false, reason: 'unknown_kid' });
    expect(signer().verify(withField(token, 1, 'constructor'), expected)).toEqual({ ok: false, reason: 'unknown_kid' });
  });

  it.each([
    ['resource', 3, '720p_00013.m4s'],
    ['session', 4, newSessionId()],
    ['expiry (extended)', 6, (T0 / 1000 + 86_400).toString(36)],
    ['issue time', 5, (T0 / 1000 - 10).toString(36)],
  ])('bad_signature: tampered %s', (_field, index, value) => {
    const tampered = withField(token, index, value);
    const forResource = index === 3 ? { ...expected, resource: value } : expected;
    expect(signer().verify(tampered, forResource)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('bad_signature: a flipped signature character', () => {
    const mac = fields(token)[7]!;
    const flipped = withField(token, 7, `${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`);
    expect(signer().verify(flipped, expected)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('bad_signature: the same kid with another secret (e.g. the login key)', () => {
    const forged = signer({ keys: [{ kid: 'k1', secret: 'the-login-access-token-secret-0123456789' }] }).sign(
      claims,
      60,
    );
    expect(signer().verify(forged, expected)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('bad_signature: a MAC over the same text without the format label (another system sharing the key)', () => {
    const body = fields(token).slice(0, 7).join('~');
    const unlabeled = createHmac('sha256', SECRET_1).update(body).digest().subarray(0, 16).toString('base64url');
    expect(signer().verify(`${body}~${unlabeled}`, expected)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('wrong_video and wrong_resource: a genuine token used elsewhere', () => {
    expect(signer().verify(token, { ...expected, videoId: newVideoId() })).toEqual({
      ok: false,
      reason: 'wrong_video',
    });
    expect(signer().verify(token, { ...expected, resource: 'key' })).toEqual({ ok: false, reason: 'wrong_resource' });
  });

  it('expired: refused 1 s past expiry + skew, accepted 1 s inside', () => {
    const exp = T0 + 60_000;
    expect(signer({ at: exp + 5_000 - 1_000 }).verify(token, expected).ok).toBe(true);
    expect(signer({ at: exp + 5_000 }).verify(token, expected)).toEqual({ ok: false, reason: 'expired' });
    expect(signer({ at: exp + 5_000 + 1_000 }).verify(token, expected)).toEqual({ ok: false, reason: 'expired' });
    expect(signer({ at: exp + 1_000, skewSec: 0 }).verify(token, expected)).toEqual({ ok: false, reason: 'expired' });
  });

  it('not_yet_valid: issued by a clock more than the skew ahead, accepted 1 s inside', () => {
    expect(signer({ at: T0 - 4_000 }).verify(token, expected).ok).toBe(true);
    expect(signer({ at: T0 - 6_000 }).verify(token, expected)).toEqual({ ok: false, reason: 'not_yet_valid' });
    expect(signer({ at: T0 - 30_000, skewSec: 30 }).verify(token, expected).ok).toBe(true);
  });
});

describe('JWT-shaped tokens are not a way in', () => {
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = b64({ vid: claims.videoId, res: claims.resource, sid: claims.sessionId, exp: T0 / 1000 + 60 });
  const hs256 = (header: object): string => {
    const signingInput = `${b64(header)}.${payload}`;
    return `${signingInput}.${createHmac('sha256', SECRET_1).update(signingInput).digest('base64url')}`;
  };

  it.each<[string, string]>([
    ['alg none', `${b64({ alg: 'none', kid: 'k1' })}.${payload}.`],
    ['HS256 signed with the playback secret itself', hs256({ alg: 'HS256', kid: 'k1' })],
    ['HS512', hs256({ alg: 'HS512', kid: 'k1' })],
    ['a jku header pointing elsewhere', hs256({ alg: 'HS256', kid: 'k1', jku: 'https://attacker.example/jwks' })],
    ['an embedded jwk', hs256({ alg: 'HS256', jwk: { kty: 'oct', k: 'AAAA' } })],
    ['an x5u header', hs256({ alg: 'RS256', kid: 'k1', x5u: 'https://attacker.example/cert' })],
  ])('%s → malformed', (_case, jwt) => {
    expect(signer().verify(jwt, expected)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('would be more than twice as long as the compact token for the same claims', () => {
    const jwt = hs256({ alg: 'HS256', typ: 'JWT', kid: 'k1' });
    const compact = signer().sign(claims, 60);
    expect(jwt.length).toBeGreaterThan(2 * compact.length);
  });
});

describe('key rotation', () => {
  const oldToken = signer().sign(claims, 60);
  const rotated = (keys: PlaybackTokenSignerOptions['keys']): PlaybackTokenSigner => signer({ keys, activeKid: 'k2' });

  it('signs with the active key and still accepts tokens of a listed older key', () => {
    const verifier = rotated([
      { kid: 'k2', secret: SECRET_2 },
      { kid: 'k1', secret: SECRET_1 },
    ]);
    expect(verifier.verify(oldToken, expected).ok).toBe(true);
    const fresh = verifier.sign(claims, 60);
    expect(fresh.split('~')[1]).toBe('k2');
    expect(verifier.verify(fresh, expected).ok).toBe(true);
  });

  it('refuses tokens of a key that was removed', () => {
    expect(rotated([{ kid: 'k2', secret: SECRET_2 }]).verify(oldToken, expected)).toEqual({
      ok: false,
      reason: 'unknown_kid',
    });
  });

  it.each<[string, Partial<PlaybackTokenSignerOptions>]>([
    ['a secret shorter than 32 bytes', { keys: [{ kid: 'k1', secret: 'short' }] }],
    [
      'a duplicated kid',
      {
        keys: [
          { kid: 'k1', secret: SECRET_1 },
          { kid: 'k1', secret: SECRET_2 },
        ],
      },
    ],
    ['an active kid that is not listed', { activeKid: 'k2' }],
    ['a kid with a separator', { keys: [{ kid: 'k~1', secret: SECRET_1 }], activeKid: 'k~1' }],
    ['a negative skew', { skewSec: -1 }],
  ])('refuses a configuration with %s', (_case, options) => {
    expect(() => signer(options)).toThrow(RangeError);
  });
});
