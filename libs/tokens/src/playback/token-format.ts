// The compact playback token, version 1:
//   1~<kid>~<videoId>~<resource>~<sessionId>~<iat>~<exp>~<mac>
// Every field is URL-safe as is (no base64 of a JSON payload), `~` never occurs inside a field,
// times are epoch seconds in base 36, and mac = first 16 bytes of HMAC-SHA256 over a
// domain-separation label plus everything before the last `~`, in base64url (22 characters).
// There is no algorithm field to negotiate: the version pins the algorithm.
import { createHmac, type KeyObject } from 'node:crypto';

export const TOKEN_FORMAT_VERSION = '1';
export const MAC_BYTES = 16;
const MAC_LABEL = 'reelguard.playback-token.v1\n';

export const KID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const RESOURCE_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

// Bounded quantifiers and a separator outside every field's alphabet: linear, no backtracking blow-up.
const TOKEN_PATTERN =
  /^1~([A-Za-z0-9_-]{1,16})~([A-Za-z0-9_-]{1,64})~([A-Za-z0-9._-]{1,128})~([A-Za-z0-9_-]{1,64})~([0-9a-z]{1,8})~([0-9a-z]{1,8})~([A-Za-z0-9_-]{22})$/;

export interface TokenFields {
  readonly kid: string;
  readonly videoId: string;
  readonly resource: string;
  readonly sessionId: string;
  readonly issuedAtSec: number;
  readonly expiresAtSec: number;
}

export interface ParsedToken extends TokenFields {
  /** The exact characters the MAC covers. */
  readonly signedPart: string;
  readonly mac: string;
}

export function signedPartOf(fields: TokenFields): string {
  const { kid, videoId, resource, sessionId, issuedAtSec, expiresAtSec } = fields;
  return [
    TOKEN_FORMAT_VERSION,
    kid,
    videoId,
    resource,
    sessionId,
    issuedAtSec.toString(36),
    expiresAtSec.toString(36),
  ].join('~');
}

export function macOf(signedPart: string, key: KeyObject): string {
  return createHmac('sha256', key)
    .update(MAC_LABEL)
    .update(signedPart)
    .digest()
    .subarray(0, MAC_BYTES)
    .toString('base64url');
}

/** Structure only; nothing in the result is trustworthy until the MAC is checked. */
export function parseToken(token: string): ParsedToken | null {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, kid, videoId, resource, sessionId, iat, exp, mac] = match;
  return {
    kid,
    videoId,
    resource,
    sessionId,
    issuedAtSec: Number.parseInt(iat, 36),
    expiresAtSec: Number.parseInt(exp, 36),
    signedPart: token.slice(0, token.length - mac.length - 1),
    mac,
  };
}
