// Signs and verifies the short-lived tokens that open one resource (playlist, segment or key) of
// one video for one playback session. One signing key, several verification keys (rotation by
// `kid`), secrets kept apart from the login key. Verification never throws: it returns the
// reason, which the API writes to the audit trail.
import { createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { ID_PATTERN, KID_PATTERN, macOf, parseToken, RESOURCE_PATTERN, signedPartOf } from './token-format.js';

/** Far above a real token (~100 characters); checked before any parsing. */
export const MAX_PLAYBACK_TOKEN_LENGTH = 2048;
export const DEFAULT_CLOCK_SKEW_SEC = 5;
const MIN_SECRET_BYTES = 32;

export interface PlaybackTokenKey {
  readonly kid: string;
  /** At least 32 bytes of randomness; never the login (access token) secret. */
  readonly secret: Buffer | string;
}

export interface PlaybackTokenSignerOptions {
  readonly keys: readonly PlaybackTokenKey[];
  /** Signs new tokens; the others only verify (tokens issued before a rotation). */
  readonly activeKid: string;
  readonly skewSec?: number;
  /** Epoch milliseconds; injectable for tests. */
  readonly now?: () => number;
}

export interface PlaybackClaims {
  readonly videoId: string;
  /** File name within the video, e.g. `master.m3u8`, `720p.m3u8`, `720p_00012.m4s`, `key`. */
  readonly resource: string;
  readonly sessionId: string;
}

export interface VerifiedPlaybackClaims extends PlaybackClaims {
  readonly kid: string;
  readonly issuedAtSec: number;
  readonly expiresAtSec: number;
}

export type PlaybackTokenRefusal =
  | 'malformed'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_resource'
  | 'wrong_video'
  | 'unknown_kid'
  | 'too_large';

export type PlaybackTokenVerification =
  | { readonly ok: true; readonly claims: VerifiedPlaybackClaims }
  | { readonly ok: false; readonly reason: PlaybackTokenRefusal };

export class PlaybackTokenSigner {
  private readonly keys: ReadonlyMap<string, KeyObject>;
  private readonly activeKid: string;
  private readonly skewSec: number;
  private readonly now: () => number;

  constructor(options: PlaybackTokenSignerOptions) {
    const keys = new Map<string, KeyObject>();
    for (const { kid, secret } of options.keys) {
      if (!KID_PATTERN.test(kid))
        throw new RangeError(`Playback key id "${kid}" must be 1–16 characters of [A-Za-z0-9_-].`);
      if (keys.has(kid)) throw new RangeError(`Playback key id "${kid}" is listed twice.`);
      const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
      if (bytes.length < MIN_SECRET_BYTES)
        throw new RangeError(`Playback key "${kid}" must be at least ${MIN_SECRET_BYTES} bytes.`);
      keys.set(kid, createSecretKey(bytes));
    }
    if (!keys.has(options.activeKid))
      throw new RangeError(`The active playback key "${options.activeKid}" is not among the keys.`);
    const skewSec = options.skewSec ?? DEFAULT_CLOCK_SKEW_SEC;
    if (!Number.isInteger(skewSec) || skewSec < 0)
      throw new RangeError('Clock skew must be a whole number of seconds ≥ 0.');
    this.keys = keys;
    this.activeKid = options.activeKid;
    this.skewSec = skewSec;
    this.now = options.now ?? Date.now;
  }

  /** `lifetime`: seconds from now, or an absolute expiry (e.g. the session's hard cap). */
  sign(claims: PlaybackClaims, lifetime: number | Date): string {
    const { videoId, resource, sessionId } = claims;
    if (!ID_PATTERN.test(videoId)) throw new RangeError('videoId must be 1–64 characters of [A-Za-z0-9_-].');
    if (!ID_PATTERN.test(sessionId)) throw new RangeError('sessionId must be 1–64 characters of [A-Za-z0-9_-].');
    if (!RESOURCE_PATTERN.test(resource)) throw new RangeError('resource must be 1–128 characters of [A-Za-z0-9._-].');
    const issuedAtSec = this.nowSec();
    const expiresAtSec =
      lifetime instanceof Date ? Math.floor(lifetime.getTime() / 1000) : issuedAtSec + Math.ceil(lifetime);
    if (!Number.isSafeInteger(expiresAtSec) || expiresAtSec <= issuedAtSec) {
      throw new RangeError('A playback token must expire after it is issued.');
    }
    const signedPart = signedPartOf({ kid: this.activeKid, videoId, resource, sessionId, issuedAtSec, expiresAtSec });
    return `${signedPart}~${macOf(signedPart, this.keys.get(this.activeKid)!)}`;
  }

  /**
   * Checks, in order: size, structure, key id, MAC (constant time), then binding (video,
   * resource) and time (issued in the future, expired), both with the configured skew.
   * Binding comes before time: a genuine token replayed on another resource is the more telling
   * reason for the audit trail. Takes `unknown` because a query parameter may be missing or repeated.
   */
  verify(token: unknown, expected: Pick<PlaybackClaims, 'videoId' | 'resource'>): PlaybackTokenVerification {
    if (typeof token !== 'string') return refuse('malformed');
    if (token.length > MAX_PLAYBACK_TOKEN_LENGTH) return refuse('too_large');
    const parsed = parseToken(token);
    if (!parsed) return refuse('malformed');
    const key = this.keys.get(parsed.kid);
    if (!key) return refuse('unknown_kid');
    // Both sides are 22 ASCII characters (the pattern guarantees it), as timingSafeEqual requires.
    if (!timingSafeEqual(Buffer.from(macOf(parsed.signedPart, key)), Buffer.from(parsed.mac)))
      return refuse('bad_signature');

    const { kid, videoId, resource, sessionId, issuedAtSec, expiresAtSec } = parsed;
    if (expiresAtSec <= issuedAtSec) return refuse('malformed');
    if (videoId !== expected.videoId) return refuse('wrong_video');
    if (resource !== expected.resource) return refuse('wrong_resource');
    const nowSec = this.nowSec();
    if (issuedAtSec > nowSec + this.skewSec) return refuse('not_yet_valid');
    if (nowSec >= expiresAtSec + this.skewSec) return refuse('expired');
    return { ok: true, claims: { kid, videoId, resource, sessionId, issuedAtSec, expiresAtSec } };
  }

  private nowSec(): number {
    return Math.floor(this.now() / 1000);
  }
}

function refuse(reason: PlaybackTokenRefusal): PlaybackTokenVerification {
  return { ok: false, reason };
}
