// Unguessable identifiers for videos and playback sessions: 128 random bits, base64url, 22 chars.
// A video's id is also its key in streaming URLs, so it must not be enumerable.
import { randomBytes } from 'node:crypto';

const ID_BYTES = 16;
// 22 base64url characters carry 132 bits; the last one holds only 2, so its low 4 bits are zero
// (A, Q, g or w). Anything else is not the canonical encoding of 16 bytes.
const WELL_FORMED_ID = /^[A-Za-z0-9_-]{21}[AQgw]$/;

export function newVideoId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

export function newSessionId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

/** Cheap shape check before any lookup: 22 canonical base64url characters. */
export function isWellFormedId(value: unknown): value is string {
  return typeof value === 'string' && WELL_FORMED_ID.test(value);
}
