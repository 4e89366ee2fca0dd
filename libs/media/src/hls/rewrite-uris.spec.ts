import { describe, expect, it } from 'vitest';
import { PlaylistError } from './attribute-list.js';
import { rewritePlaylistUris, rewriteStoryboardUris } from './rewrite-uris.js';

const withToken = (uri: string): string => `${uri}?token=t-${uri}`;

describe('rewritePlaylistUris', () => {
  it('maps segment lines and the URI attributes of keys and maps, leaving the rest alone', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:4',
      '#EXT-X-KEY:METHOD=AES-128,URI="key",IV=0x0102030405060708090A0B0C0D0E0F10',
      '#EXT-X-MAP:URI="720p_init.mp4"',
      '#EXTINF:4.000000,',
      '720p_00000.m4s',
      '',
      '#EXT-X-ENDLIST',
    ].join('\n');
    expect(rewritePlaylistUris(text, withToken)).toBe(
      [
        '#EXTM3U',
        '#EXT-X-TARGETDURATION:4',
        '#EXT-X-KEY:METHOD=AES-128,URI="key?token=t-key",IV=0x0102030405060708090A0B0C0D0E0F10',
        '#EXT-X-MAP:URI="720p_init.mp4?token=t-720p_init.mp4"',
        '#EXTINF:4.000000,',
        '720p_00000.m4s?token=t-720p_00000.m4s',
        '',
        '#EXT-X-ENDLIST',
      ].join('\n'),
    );
  });

  it('maps master playlist variants and the URIs of media and I-frame tags, telling the caller which tag', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",URI="audio.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=1000,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aac"',
      '720p.m3u8',
      '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=100,URI="720p_iframes.m3u8"',
      '#EXT-X-SESSION-KEY:METHOD=AES-128,URI="key"',
    ].join('\n');
    const seen: Array<[string, string]> = [];
    const out = rewritePlaylistUris(text, (uri, tag) => {
      seen.push([uri, tag]);
      return `/v/${uri}`;
    });
    expect(seen).toEqual([
      ['audio.m3u8', 'EXT-X-MEDIA'],
      ['720p.m3u8', 'EXT-X-STREAM-INF'],
      ['720p_iframes.m3u8', 'EXT-X-I-FRAME-STREAM-INF'],
      ['key', 'EXT-X-SESSION-KEY'],
    ]);
    expect(out).toContain('#EXT-X-STREAM-INF:BANDWIDTH=1000,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aac"\n/v/720p.m3u8');
    expect(out).toContain('GROUP-ID="aac",NAME="English",URI="/v/audio.m3u8"');
  });

  it('leaves a playlist unchanged under the identity, apart from CRLF line ends', () => {
    const text = '#EXTM3U\r\n#EXT-X-TARGETDURATION:4\r\n#EXTINF:4,\r\na_00000.m4s\r\n';
    expect(rewritePlaylistUris(text, (u) => u)).toBe(text.replace(/\r\n/g, '\n'));
  });

  it('refuses a rewritten URI that would inject a line or break out of its quotes', () => {
    const text = '#EXTM3U\n#EXT-X-MAP:URI="a_init.mp4"\n#EXTINF:4,\na_00000.m4s\n';
    expect(() => rewritePlaylistUris(text, (u) => `${u}\n#EXT-X-ENDLIST`)).toThrow(PlaylistError);
    expect(() => rewritePlaylistUris(text, (u) => `${u}",X="y`)).toThrow(PlaylistError);
  });
});

describe('rewriteStoryboardUris', () => {
  it('keeps the sprite region after the rewritten URI', () => {
    const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nstoryboard.jpg#xywh=0,0,160,90\n';
    expect(rewriteStoryboardUris(vtt, withToken)).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nstoryboard.jpg?token=t-storyboard.jpg#xywh=0,0,160,90\n',
    );
  });
});
