// AES-128 for HLS (RFC 8216 §5.2): every init section and media segment is encrypted whole with
// AES-128-CBC and PKCS7 padding, under the video's one key and an IV of its own. FFmpeg 5.1
// cannot encrypt fMP4 itself, so the worker encrypts each file as it uploads it.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  type Cipher,
  type Decipher,
} from 'node:crypto';

export const AES_128_BYTES = 16;
const CIPHER = 'aes-128-cbc';
const IV_KEY_INFO = 'reelguard/hls-iv/v1';

/** A fresh random content key for one video. */
export function createContentKey(): Buffer {
  return randomBytes(AES_128_BYTES);
}

export function encryptSegment(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Buffer {
  const cipher = createSegmentEncryptStream(key, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function decryptSegment(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Buffer {
  const decipher = createSegmentDecryptStream(key, iv);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** A Transform stream, for encrypting a segment while it streams to storage. */
export function createSegmentEncryptStream(key: Uint8Array, iv: Uint8Array): Cipher {
  checkLengths(key, iv);
  return createCipheriv(CIPHER, key, iv);
}

export function createSegmentDecryptStream(key: Uint8Array, iv: Uint8Array): Decipher {
  checkLengths(key, iv);
  return createDecipheriv(CIPHER, key, iv);
}

/**
 * IVs derived from the content key and the resource's name: unique for every file of a video
 * (every rendition's segment 0 differs), unpredictable without the key, and the same on a
 * retry, so nothing needs to be stored and re-encrypting a segment gives identical bytes.
 * A separate HKDF-derived key keeps the IV function apart from the encryption key.
 */
export function segmentIvDeriver(key: Uint8Array): (resourceName: string) => Buffer {
  if (key.length !== AES_128_BYTES) throw new RangeError('an AES-128 key is 16 bytes');
  const ivKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), IV_KEY_INFO, 32));
  return (resourceName) => createHmac('sha256', ivKey).update(resourceName, 'utf8').digest().subarray(0, AES_128_BYTES);
}

/** The playlist form of an IV: "0x" and 32 upper-case hex digits (RFC 8216 hexadecimal-sequence). */
export function formatIv(iv: Uint8Array): string {
  if (iv.length !== AES_128_BYTES) throw new RangeError('an AES-128 IV is 16 bytes');
  return `0x${Buffer.from(iv).toString('hex').toUpperCase()}`;
}

/** The bytes of an IV as written in a playlist. */
export function parseIv(text: string): Buffer {
  if (!/^0[xX][0-9a-fA-F]{32}$/.test(text)) throw new RangeError(`"${text}" is not a 128-bit IV`);
  return Buffer.from(text.slice(2), 'hex');
}

function checkLengths(key: Uint8Array, iv: Uint8Array): void {
  if (key.length !== AES_128_BYTES) throw new RangeError('an AES-128 key is 16 bytes');
  if (iv.length !== AES_128_BYTES) throw new RangeError('an AES-128 IV is 16 bytes');
}
