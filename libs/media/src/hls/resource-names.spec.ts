import { describe, expect, it } from 'vitest';
import {
  contentTypeOf,
  isEncryptedResource,
  isValidRenditionName,
  isValidResourceName,
  parseResourceName,
  renditionFileNames,
} from './resource-names.js';

describe('parseResourceName', () => {
  it.each([
    ['master.m3u8', { kind: 'master' }],
    ['key', { kind: 'key' }],
    ['poster.jpg', { kind: 'poster' }],
    ['storyboard.jpg', { kind: 'storyboard-image' }],
    ['storyboard.vtt', { kind: 'storyboard-track' }],
    ['720p.m3u8', { kind: 'variant-playlist', rendition: '720p' }],
    ['1080p_init.mp4', { kind: 'init-segment', rendition: '1080p' }],
    ['240p_00000.m4s', { kind: 'media-segment', rendition: '240p', index: 0 }],
    ['360p_00042.m4s', { kind: 'media-segment', rendition: '360p', index: 42 }],
    ['360p_123456.m4s', { kind: 'media-segment', rendition: '360p', index: 123456 }],
  ])('accepts %s', (name, parsed) => {
    expect(parseResourceName(name)).toEqual(parsed);
    expect(isValidResourceName(name)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['../720p.m3u8', 'traversal'],
    ['..', 'parent'],
    ['videos/abc/720p.m3u8', 'a path'],
    ['720p%2Em3u8', 'percent-encoding'],
    ['..%2f..%2fetc%2fpasswd', 'encoded traversal'],
    ['%2e%2e', 'encoded dots'],
    ['720p.m3u8\0.jpg', 'NUL'],
    ['720p.m3u8\n', 'a trailing newline'],
    ['..\\720p.m3u8', 'a backslash'],
    ['https://evil.example/720p.m3u8', 'an absolute URL'],
    ['//evil.example/key', 'a protocol-relative URL'],
    ['file:///etc/passwd', 'a file URL'],
    ['/etc/passwd', 'an absolute path'],
    ['720P.m3u8', 'upper case'],
    ['720p.M3U8', 'an upper-case extension'],
    ['720p_0001.m4s', 'a short segment number'],
    ['720p_00001.ts', 'another segment type'],
    ['720p_-0001.m4s', 'a signed number'],
    ['720p_init.m4s', 'init with the segment extension'],
    ['master.m3u8 ', 'a trailing space'],
    [' key', 'a leading space'],
    ['key.', 'a trailing dot'],
    ['keys', 'a near miss'],
    ['master_init.mp4', 'a reserved rendition name'],
    ['key_00000.m4s', 'a reserved rendition name as segment'],
    ['ｍaster.m3u8', 'full-width letters'],
    ['a'.repeat(17) + '.m3u8', 'a too long rendition'],
    ['720p_init.mp4?x=1', 'a query'],
    ['720p_init.mp4#frag', 'a fragment'],
    ['constructor', 'an Object prototype name'],
    ['__proto__', 'the prototype accessor'],
  ])('refuses %j (%s)', (name) => {
    expect(parseResourceName(name)).toBeNull();
    expect(isValidResourceName(name)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(parseResourceName(undefined)).toBeNull();
    expect(parseResourceName(['key'])).toBeNull();
  });

  it('round-trips the names FFmpeg is told to write', () => {
    expect(parseResourceName(renditionFileNames.mediaSegment('480p', 7))).toEqual({
      kind: 'media-segment',
      rendition: '480p',
      index: 7,
    });
    expect(parseResourceName(renditionFileNames.initSegment('480p'))).toEqual({
      kind: 'init-segment',
      rendition: '480p',
    });
    expect(parseResourceName(renditionFileNames.variantPlaylist('480p'))).toEqual({
      kind: 'variant-playlist',
      rendition: '480p',
    });
  });
});

describe('rendition names and resource facts', () => {
  it('accepts short lowercase names only, never a reserved one', () => {
    expect(isValidRenditionName('1080p')).toBe(true);
    expect(isValidRenditionName('master')).toBe(false);
    expect(isValidRenditionName('hd_1')).toBe(false);
  });

  it('knows content types and which files are encrypted', () => {
    expect(contentTypeOf({ kind: 'master' })).toBe('application/vnd.apple.mpegurl');
    expect(contentTypeOf({ kind: 'media-segment', rendition: 'a', index: 0 })).toBe('video/mp4');
    expect(contentTypeOf({ kind: 'key' })).toBe('application/octet-stream');
    expect(contentTypeOf({ kind: 'storyboard-track' })).toBe('text/vtt');
    expect(isEncryptedResource({ kind: 'init-segment', rendition: 'a' })).toBe(true);
    expect(isEncryptedResource({ kind: 'poster' })).toBe(false);
  });
});
