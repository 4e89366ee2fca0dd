// Per-video content keys (AES-128, for HLS segment encryption) and their storage form: wrapped
// with AES-256-GCM under a master key that never leaves the configuration. The wrapped form
// names its master key and binds a context (the video id), so master keys can rotate and a
// wrapped key copied onto another video does not unwrap.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const CONTENT_KEY_BYTES = 16;
export const MASTER_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'kw1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const WRAPPED = /^kw1\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{59})$/;

export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

export type KeyUnwrapFailure = 'malformed' | 'unknown_master_key' | 'authentication_failed';

export class KeyUnwrapError extends Error {
  override readonly name = 'KeyUnwrapError';
  constructor(readonly reason: KeyUnwrapFailure) {
    super(`Cannot unwrap content key: ${reason.replaceAll('_', ' ')}.`);
  }
}

/** A fresh AES-128 key for one video's segments. */
export function generateContentKey(): Buffer {
  return randomBytes(CONTENT_KEY_BYTES);
}

/** A fresh 128-bit IV, as written in EXT-X-KEY. */
export function generateIv(): Buffer {
  return randomBytes(16);
}

/** `kw1.<masterKeyId>.<base64url(nonce ‖ ciphertext ‖ tag)>`, 64–95 characters. */
export function wrapKey(contentKey: Buffer, masterKey: MasterKey, context = ''): string {
  if (contentKey.length !== CONTENT_KEY_BYTES) throw new RangeError(`A content key is ${CONTENT_KEY_BYTES} bytes.`);
  assertMasterKey(masterKey);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey.key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(masterKey.id, context));
  const sealed = Buffer.concat([nonce, cipher.update(contentKey), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT}.${masterKey.id}.${sealed.toString('base64url')}`;
}

/** The id of the master key a wrapped key needs (to find keys still wrapped under an old one). */
export function wrappingKeyId(wrapped: string): string {
  return parse(wrapped).keyId;
}

/** Throws KeyUnwrapError: never returns a key that was tampered with or bound to another context. */
export function unwrapKey(wrapped: string, masterKeys: MasterKey | readonly MasterKey[], context = ''): Buffer {
  const { keyId, sealed } = parse(wrapped);
  const masterKey = (Array.isArray(masterKeys) ? masterKeys : [masterKeys]).find(
    (candidate: MasterKey) => candidate.id === keyId,
  );
  if (!masterKey) throw new KeyUnwrapError('unknown_master_key');
  assertMasterKey(masterKey);
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const ciphertext = sealed.subarray(NONCE_BYTES, NONCE_BYTES + CONTENT_KEY_BYTES);
  const tag = sealed.subarray(NONCE_BYTES + CONTENT_KEY_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', masterKey.key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(keyId, context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new KeyUnwrapError('authentication_failed');
  }
}

function parse(wrapped: string): { keyId: string; sealed: Buffer } {
  const match = typeof wrapped === 'string' ? WRAPPED.exec(wrapped) : null;
  if (!match) throw new KeyUnwrapError('malformed');
  const [, keyId, encoded] = match;
  const sealed = Buffer.from(encoded, 'base64url');
  // Only the canonical encoding is accepted, so one wrapped key has exactly one spelling.
  if (sealed.length !== NONCE_BYTES + CONTENT_KEY_BYTES + TAG_BYTES || sealed.toString('base64url') !== encoded) {
    throw new KeyUnwrapError('malformed');
  }
  return { keyId, sealed };
}

function assertMasterKey(masterKey: MasterKey): void {
  if (!KEY_ID.test(masterKey.id)) throw new RangeError('A master key id is 1–32 characters of [A-Za-z0-9_-].');
  if (masterKey.key.length !== MASTER_KEY_BYTES) throw new RangeError(`A master key is ${MASTER_KEY_BYTES} bytes.`);
}

function associatedData(keyId: string, context: string): Buffer {
  return Buffer.from(`reelguard.content-key.${FORMAT}\n${keyId}\n${context}`, 'utf8');
}
