import { createDecipheriv } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createContentKey,
  createSegmentEncryptStream,
  decryptSegment,
  encryptSegment,
  formatIv,
  parseIv,
  segmentIvDeriver,
} from './segment-crypto.js';

const key = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const iv = Buffer.from('f0e0d0c0b0a090807060504030201000', 'hex');

describe('AES-128 segment encryption', () => {
  it('is AES-128-CBC with PKCS7 padding, as HLS players decrypt it', () => {
    const plain = Buffer.from('an init section or a media segment');
    const encrypted = encryptSegment(plain, key, iv);
    expect(encrypted.length).toBe(48); // 34 bytes padded to whole blocks
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    expect(Buffer.concat([decipher.update(encrypted), decipher.final()])).toEqual(plain);
  });

  it('pads a whole block with a full block of padding', () => {
    expect(encryptSegment(Buffer.alloc(32), key, iv).length).toBe(48);
  });

  it('round-trips, and a wrong key does not', () => {
    const plain = Buffer.from('moof…mdat…');
    const encrypted = encryptSegment(plain, key, iv);
    expect(decryptSegment(encrypted, key, iv)).toEqual(plain);
    // A fixed wrong key, so that every run checks the same thing: with a random one, about one
    // key in 256 leaves valid padding by chance and decrypts to garbage instead of throwing.
    const wrongKey = Buffer.from('0f0e0d0c0b0a09080706050403020100', 'hex');
    expect(() => decryptSegment(encrypted, wrongKey, iv)).toThrow();
  });

  it('streams to the same bytes', async () => {
    const plain = Buffer.alloc(100_000, 7);
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.from([plain.subarray(0, 33_333), plain.subarray(33_333)]).pipe(
      createSegmentEncryptStream(key, iv),
    )) {
      chunks.push(chunk as Buffer);
    }
    expect(Buffer.concat(chunks)).toEqual(encryptSegment(plain, key, iv));
  });

  it('refuses keys and IVs of the wrong size', () => {
    expect(() => encryptSegment(Buffer.alloc(1), Buffer.alloc(32), iv)).toThrow(RangeError);
    expect(() => encryptSegment(Buffer.alloc(1), key, Buffer.alloc(8))).toThrow(RangeError);
  });

  it('makes random 16-byte content keys', () => {
    const a = createContentKey();
    expect(a.length).toBe(16);
    expect(a.equals(createContentKey())).toBe(false);
  });
});

describe('segmentIvDeriver', () => {
  it('gives every file its own IV, the same on every call', () => {
    const ivFor = segmentIvDeriver(key);
    const names = ['720p_init.mp4', '720p_00000.m4s', '720p_00001.m4s', '360p_00000.m4s'];
    const ivs = names.map((n) => ivFor(n).toString('hex'));
    expect(new Set(ivs).size).toBe(names.length);
    expect(segmentIvDeriver(key)('720p_00000.m4s').toString('hex')).toBe(ivs[1]);
    expect(ivFor('720p_00000.m4s')).toHaveLength(16);
  });

  it('depends on the key and is not the key itself', () => {
    const other = segmentIvDeriver(createContentKey())('720p_00000.m4s');
    expect(other.equals(segmentIvDeriver(key)('720p_00000.m4s'))).toBe(false);
    expect(segmentIvDeriver(key)('720p_00000.m4s').equals(key)).toBe(false);
  });
});

describe('IV text', () => {
  it('is 0x and 32 upper-case hex digits, and parses back', () => {
    expect(formatIv(iv)).toBe('0xF0E0D0C0B0A090807060504030201000');
    expect(parseIv(formatIv(iv))).toEqual(iv);
    expect(() => parseIv('0x1234')).toThrow(RangeError);
  });
});
