import { describe, expect, it } from 'vitest';
import { FFMPEG_FINISHED_PLAYLIST } from '../__fixtures__/playlists.js';
import { PlaylistError } from './attribute-list.js';
import { parsePlaylist } from './parse-playlist.js';

describe('parsePlaylist', () => {
  it('lists the segments of a media playlist with durations and the init section', () => {
    const playlist = parsePlaylist(FFMPEG_FINISHED_PLAYLIST);
    expect(playlist).toMatchObject({
      type: 'media',
      version: 7,
      targetDurationSec: 4,
      mediaSequence: 0,
      playlistType: 'EVENT',
      independentSegments: true,
      endList: true,
      initSection: '360p_init.mp4',
    });
    if (playlist.type !== 'media') throw new Error('expected a media playlist');
    expect(playlist.segments.map((s) => [s.uri, s.durationSec, s.sequence])).toEqual([
      ['360p_00000.m4s', 4, 0],
      ['360p_00001.m4s', 4, 1],
      ['360p_00002.m4s', 2.016, 2],
    ]);
    expect(playlist.segments[0].map).toEqual({ uri: '360p_init.mp4', key: null });
  });

  it('attaches each segment to the key in force, and the map to the key before it', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:4',
      '#EXT-X-KEY:METHOD=AES-128,URI="key",IV=0x0000000000000000000000000000000A',
      '#EXT-X-MAP:URI="a_init.mp4"',
      '#EXT-X-KEY:METHOD=AES-128,URI="key",IV=0x0000000000000000000000000000000B',
      '#EXTINF:4,',
      'a_00000.m4s',
      '#EXT-X-KEY:METHOD=NONE',
      '#EXTINF:4,',
      'a_00001.m4s',
    ].join('\r\n');
    const playlist = parsePlaylist(text);
    if (playlist.type !== 'media') throw new Error('expected a media playlist');
    expect(playlist.segments[0].map?.key?.iv).toBe('0x0000000000000000000000000000000A');
    expect(playlist.segments[0].key).toEqual({
      method: 'AES-128',
      uri: 'key',
      iv: '0x0000000000000000000000000000000B',
    });
    expect(playlist.segments[1].key).toBeNull();
  });

  it('lists the variants of a master playlist', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=25.000',
      '360p.m3u8',
    ].join('\n');
    expect(parsePlaylist(text)).toEqual({
      type: 'master',
      version: 7,
      variants: [
        {
          uri: '360p.m3u8',
          bandwidth: 900000,
          averageBandwidth: 800000,
          resolution: '640x360',
          codecs: 'avc1.64001e,mp4a.40.2',
          frameRate: 25,
        },
      ],
    });
  });

  it.each([
    ['no header', '#EXT-X-TARGETDURATION:4\n'],
    ['a segment without EXTINF', '#EXTM3U\n#EXT-X-TARGETDURATION:4\na_00000.m4s\n'],
    ['no target duration', '#EXTM3U\n#EXTINF:4,\na_00000.m4s\n'],
    ['a bad duration', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:abc,\na_00000.m4s\n'],
    ['an unterminated attribute', '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="a_init.mp4\n'],
  ])('refuses %s', (_, text) => {
    expect(() => parsePlaylist(text)).toThrow(PlaylistError);
  });
});
