// Token forging as an attacker with (or without) the keys would do it: login JWTs built by hand
// (so any header, any claim, any signature), playback tokens through the real signer with a
// chosen clock and key.
import { createHmac } from 'node:crypto';
import { PlaybackTokenSigner } from '@reelguard/tokens';
import type { Secrets } from './support.js';

export const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS: HS256 over `header.payload` with `key`, or an empty signature when key is null. */
export function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: string | null): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = key === null ? '' : createHmac('sha256', key).update(input).digest('base64url');
  return `${input}.${signature}`;
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);

/** The claims the API issues, for `sub`, with any of them changed or (undefined) removed. */
export function accessClaims(sub: string, role: string, overrides: Record<string, unknown> = {}) {
  const claims: Record<string, unknown> = {
    role,
    typ: 'access',
    sub,
    iss: 'reelguard',
    aud: 'reelguard-api',
    iat: nowSec(),
    exp: nowSec() + 600,
    ...overrides,
  };
  for (const key of Object.keys(claims)) if (claims[key] === undefined) delete claims[key];
  return claims;
}

/** A playback token signed with one of the platform's keys (or any other), at a chosen clock. */
export function playbackToken(
  secrets: Secrets,
  claims: { videoId: string; resource: string; sessionId: string },
  options: { kid?: string; secret?: string; issuedAtMs?: number; lifetimeSec?: number } = {},
): string {
  const kid = options.kid ?? secrets.activeKid;
  const secret = options.secret ?? secrets.playbackKeys.find((k) => k.kid === kid)?.secret;
  if (!secret) throw new Error(`no secret for kid ${kid}`);
  const at = options.issuedAtMs ?? Date.now();
  return new PlaybackTokenSigner({ keys: [{ kid, secret }], activeKid: kid, now: () => at }).sign(
    claims,
    options.lifetimeSec ?? 600,
  );
}
