import { describe, expect, it } from 'vitest';
import { FFMPEG_EVENT_PLAYLIST, FFMPEG_FINISHED_PLAYLIST } from '../__fixtures__/playlists.js';
import { PlaylistError } from './attribute-list.js';
import { parsePlaylist } from './parse-playlist.js';
import { publishVariantPlaylist } from './publish-variant.js';

// A recognisable IV per name: its first byte is the name's length, its last the name's last char.
const ivFor = (name: string): Uint8Array => {
  const iv = new Uint8Array(16);
  iv[0] = name.length;
  iv[15] = name.charCodeAt(name.length - 1);
  return iv;
};
const iv = (name: string): string => `0x${Buffer.from(ivFor(name)).toString('hex').toUpperCase()}`;

describe('publishVariantPlaylist', () => {
  it('puts a key line with its own IV before the init section and before every segment', () => {
    const { text, ended, segments, initSegment } = publishVariantPlaylist(FFMPEG_FINISHED_PLAYLIST, {
      rendition: '360p',
      ivFor,
    });
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-TARGETDURATION:4',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        `#EXT-X-KEY:METHOD=AES-128,URI="key",IV=${iv('360p_init.mp4')}`,
        '#EXT-X-MAP:URI="360p_init.mp4"',
        `#EXT-X-KEY:METHOD=AES-128,URI="key",IV=${iv('360p_00000.m4s')}`,
        '#EXTINF:4.000000,',
        '360p_00000.m4s',
        `#EXT-X-KEY:METHOD=AES-128,URI="key",IV=${iv('360p_00001.m4s')}`,
        '#EXTINF:4.000000,',
        '360p_00001.m4s',
        `#EXT-X-KEY:METHOD=AES-128,URI="key",IV=${iv('360p_00002.m4s')}`,
        '#EXTINF:2.016000,',
        '360p_00002.m4s',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
    expect(ended).toBe(true);
    expect(initSegment).toBe('360p_init.mp4');
    expect(segments).toEqual([
      { name: '360p_00000.m4s', durationSec: 4 },
      { name: '360p_00001.m4s', durationSec: 4 },
      { name: '360p_00002.m4s', durationSec: 2.016 },
    ]);
  });

  it('gives players the init section key and IV through a standard parse', () => {
    const parsed = parsePlaylist(publishVariantPlaylist(FFMPEG_FINISHED_PLAYLIST, { rendition: '360p', ivFor }).text);
    if (parsed.type !== 'media') throw new Error('expected a media playlist');
    expect(parsed.segments[0].map).toEqual({
      uri: '360p_init.mp4',
      key: { method: 'AES-128', uri: 'key', iv: iv('360p_init.mp4') },
    });
    expect(parsed.segments.map((s) => s.key?.iv)).toEqual(
      ['360p_00000.m4s', '360p_00001.m4s', '360p_00002.m4s'].map(iv),
    );
  });

  it('stops before the first segment that is not stored yet, and keeps growing as an event', () => {
    const stored = new Set(['360p_init.mp4', '360p_00000.m4s', '360p_00002.m4s']);
    const result = publishVariantPlaylist(FFMPEG_FINISHED_PLAYLIST, {
      rendition: '360p',
      ivFor,
      isAvailable: (n) => stored.has(n),
    });
    expect(result.segments.map((s) => s.name)).toEqual(['360p_00000.m4s']);
    expect(result.ended).toBe(false);
    expect(result.text).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(result.text).not.toContain('ENDLIST');
  });

  it('lists no segment before the init section is stored', () => {
    const result = publishVariantPlaylist(FFMPEG_EVENT_PLAYLIST, {
      rendition: '360p',
      ivFor,
      isAvailable: (n) => n !== '360p_init.mp4',
    });
    expect(result.segments).toEqual([]);
  });

  it('ends a playlist FFmpeg had not ended when told the encode is over', () => {
    const result = publishVariantPlaylist(FFMPEG_EVENT_PLAYLIST, { rendition: '360p', ivFor, final: true });
    expect(result.ended).toBe(true);
    expect(result.text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(publishVariantPlaylist(FFMPEG_EVENT_PLAYLIST, { rendition: '360p', ivFor }).ended).toBe(false);
  });

  it('refuses to end a playlist with segments missing', () => {
    expect(() =>
      publishVariantPlaylist(FFMPEG_EVENT_PLAYLIST, {
        rendition: '360p',
        ivFor,
        final: true,
        isAvailable: (n) => n !== '360p_00001.m4s',
      }),
    ).toThrow(PlaylistError);
  });

  it('uses the key URI it is given', () => {
    const { text } = publishVariantPlaylist(FFMPEG_EVENT_PLAYLIST, { rendition: '360p', ivFor, keyUri: 'k2' });
    expect(text).toContain('URI="k2"');
  });

  it('refuses a playlist naming files of another rendition or outside the grammar', () => {
    expect(() => publishVariantPlaylist(FFMPEG_EVENT_PLAYLIST, { rendition: '720p', ivFor })).toThrow(PlaylistError);
    const smuggled = FFMPEG_EVENT_PLAYLIST.replace('360p_00001.m4s', '../../other/360p_00001.m4s');
    expect(() => publishVariantPlaylist(smuggled, { rendition: '360p', ivFor })).toThrow(PlaylistError);
  });
});
