// Public surface of @reelguard/tokens: playback token signing/verification, content-key
// wrapping, and unguessable ids. Pure functions over node:crypto; no I/O.
export {
  DEFAULT_CLOCK_SKEW_SEC,
  MAX_PLAYBACK_TOKEN_LENGTH,
  PlaybackTokenSigner,
  type PlaybackClaims,
  type PlaybackTokenKey,
  type PlaybackTokenRefusal,
  type PlaybackTokenSignerOptions,
  type PlaybackTokenVerification,
  type VerifiedPlaybackClaims,
} from './playback/playback-token-signer.js';
export {
  CONTENT_KEY_BYTES,
  KeyUnwrapError,
  MASTER_KEY_BYTES,
  generateContentKey,
  generateIv,
  unwrapKey,
  wrapKey,
  wrappingKeyId,
  type KeyUnwrapFailure,
  type MasterKey,
} from './key-wrapping.js';
export { isWellFormedId, newSessionId, newVideoId } from './ids.js';
