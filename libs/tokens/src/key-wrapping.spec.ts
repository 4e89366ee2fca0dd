// Content keys wrapped under a master key: round trip, rotation, and every way unwrapping refuses.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateContentKey,
  generateIv,
  KeyUnwrapError,
  unwrapKey,
  wrapKey,
  wrappingKeyId,
  type KeyUnwrapFailure,
  type MasterKey,
} from './key-wrapping.js';

const master2025: MasterKey = { id: 'm2025', key: randomBytes(32) };
const master2026: MasterKey = { id: 'm2026', key: randomBytes(32) };
const videoId = 'Zf3kQ0bH1mX9tA2pLr7c5g';

function refusal(run: () => unknown): KeyUnwrapFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof KeyUnwrapError) return error.reason;
    throw error;
  }
  throw new Error('unwrapKey accepted it');
}

/** Changes one base64url character of the sealed part at `index` (counted from its start). */
function flipSealed(wrapped: string, index: number): string {
  const cut = wrapped.lastIndexOf('.') + 1 + index;
  return `${wrapped.slice(0, cut)}${wrapped[cut] === 'A' ? 'B' : 'A'}${wrapped.slice(cut + 1)}`;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 44 bytes take 59 characters whose last one has 2 unused low bits: setting one keeps the bytes. */
function sameBytesOtherSpelling(wrapped: string): string {
  const last = BASE64URL.indexOf(wrapped.at(-1)!);
  const respelled = `${wrapped.slice(0, -1)}${BASE64URL[last | 1]}`;
  const sealed = (w: string): Buffer => Buffer.from(w.slice(w.lastIndexOf('.') + 1), 'base64url');
  expect(sealed(respelled).equals(sealed(wrapped))).toBe(true);
  return respelled;
}

describe('wrapKey / unwrapKey', () => {
  it('round-trips a content key, naming the master key, in a short ASCII form', () => {
    const contentKey = generateContentKey();
    const wrapped = wrapKey(contentKey, master2025, videoId);
    expect(wrapped).toMatch(/^kw1\.m2025\.[A-Za-z0-9_-]{59}$/);
    expect(wrappingKeyId(wrapped)).toBe('m2025');
    expect(unwrapKey(wrapped, master2025, videoId).equals(contentKey)).toBe(true);
  });

  it('uses a fresh nonce each time, so the same key never wraps to the same text', () => {
    const contentKey = generateContentKey();
    expect(wrapKey(contentKey, master2025)).not.toBe(wrapKey(contentKey, master2025));
  });

  it('unwraps with whichever listed master key wrapped it (rotation)', () => {
    const contentKey = generateContentKey();
    const old = wrapKey(contentKey, master2025, videoId);
    expect(unwrapKey(old, [master2026, master2025], videoId).equals(contentKey)).toBe(true);
    expect(refusal(() => unwrapKey(old, [master2026], videoId))).toBe('unknown_master_key');
  });

  it('refuses a key bound to another video (a wrapped key copied between rows)', () => {
    const wrapped = wrapKey(generateContentKey(), master2025, videoId);
    expect(refusal(() => unwrapKey(wrapped, master2025, 'AAAAAAAAAAAAAAAAAAAAAA'))).toBe('authentication_failed');
  });

  it.each([
    ['nonce', 0],
    ['ciphertext', 20],
    ['tag', 50],
  ])('refuses a tampered %s', (_part, index) => {
    const wrapped = wrapKey(generateContentKey(), master2025, videoId);
    expect(refusal(() => unwrapKey(flipSealed(wrapped, index), master2025, videoId))).toBe('authentication_failed');
  });

  it('refuses a relabelled master key id, even when that id exists with the same key', () => {
    const wrapped = wrapKey(generateContentKey(), master2025, videoId);
    const alias: MasterKey = { id: 'alias', key: master2025.key };
    expect(refusal(() => unwrapKey(wrapped.replace('m2025', 'alias'), alias, videoId))).toBe('authentication_failed');
  });

  it('refuses another master key under the same id', () => {
    const wrapped = wrapKey(generateContentKey(), master2025, videoId);
    expect(refusal(() => unwrapKey(wrapped, { id: 'm2025', key: randomBytes(32) }, videoId))).toBe(
      'authentication_failed',
    );
  });

  it.each([
    ['another version', (w: string) => w.replace(/^kw1/, 'kw2')],
    ['a truncated body', (w: string) => w.slice(0, -1)],
    ['an extra character', (w: string) => `${w}A`],
    ['a non-canonical spelling of the same bytes', sameBytesOtherSpelling],
    ['padding', (w: string) => `${w}=`],
    ['no key id', (w: string) => w.replace('.m2025.', '..')],
  ])('refuses %s as malformed', (_case, mangle) => {
    const wrapped = wrapKey(generateContentKey(), master2025);
    const mangled = mangle(wrapped);
    expect(mangled).not.toBe(wrapped);
    expect(refusal(() => unwrapKey(mangled, master2025))).toBe('malformed');
  });

  it('refuses wrong key sizes when wrapping', () => {
    expect(() => wrapKey(randomBytes(32), master2025)).toThrow(RangeError);
    expect(() => wrapKey(generateContentKey(), { id: 'm', key: randomBytes(16) })).toThrow(RangeError);
    expect(() => wrapKey(generateContentKey(), { id: 'bad id', key: randomBytes(32) })).toThrow(RangeError);
  });
});

describe('generateContentKey / generateIv', () => {
  it('give 16 fresh random bytes each', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateContentKey().toString('hex')));
    expect(keys.size).toBe(1000);
    expect(generateContentKey()).toHaveLength(16);
    expect(generateIv()).toHaveLength(16);
    expect(generateIv().equals(generateIv())).toBe(false);
  });
});
