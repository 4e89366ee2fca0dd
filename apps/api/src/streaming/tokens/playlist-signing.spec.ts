import { describe, expect, it } from 'vitest';
import { PlaylistRejected, signMasterPlaylist, signMediaPlaylist } from './playlist-signing.js';

const MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-STREAM-INF:BANDWIDTH=471450,RESOLUTION=320x180,CODECS="avc1.64000c,mp4a.40.2"
180p.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=246750,RESOLUTION=160x90,CODECS="avc1.64000b,mp4a.40.2"
90p.m3u8
`;

const MEDIA = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:EVENT
#EXT-X-KEY:METHOD=AES-128,URI="key",IV=0x844E76A87D277F8E91C59E02C74F55EA
#EXT-X-MAP:URI="180p_init.mp4"
#EXT-X-KEY:METHOD=AES-128,URI="key",IV=0xB1B79CB971A89A90FB17C1167844D286
#EXTINF:4.000000,
180p_00000.m4s
#EXT-X-KEY:METHOD=AES-128,URI="key",IV=0x5D06EFAB2253BF725F0C3A807882468E
#EXTINF:4.000000,
180p_00001.m4s
`;

const signer = () => {
  const calls: string[] = [];
  return { calls, sign: (resource: string) => (calls.push(resource), `t-${resource}`) };
};

describe('signMasterPlaylist', () => {
  it('gives each variant URI its own token and leaves every tag as it was', () => {
    const { sign, calls } = signer();
    const signed = signMasterPlaylist(MASTER, sign);
    expect(calls).toEqual(['180p.m3u8', '90p.m3u8']);
    expect(signed).toContain('\n180p.m3u8?token=t-180p.m3u8\n');
    expect(signed).toContain('\n90p.m3u8?token=t-90p.m3u8');
    expect(signed).toContain('#EXT-X-STREAM-INF:BANDWIDTH=471450,RESOLUTION=320x180,CODECS="avc1.64000c,mp4a.40.2"');
  });

  it.each([
    ['an absolute URL', 'https://evil.example/180p.m3u8'],
    ['a path', '../other/180p.m3u8'],
    ['a segment', '180p_00000.m4s'],
    ['the master itself', 'master.m3u8'],
  ])('refuses a master playlist pointing at %s', (_case, uri) => {
    expect(() => signMasterPlaylist(MASTER.replace('90p.m3u8', uri), signer().sign)).toThrow(PlaylistRejected);
  });
});

describe('signMediaPlaylist', () => {
  it('signs the init section, each segment and the key, once per name, keeping the IVs', () => {
    const { sign, calls } = signer();
    const signed = signMediaPlaylist(MEDIA, '180p', sign);
    expect(calls).toEqual(['key', '180p_init.mp4', '180p_00000.m4s', '180p_00001.m4s']);
    expect(signed.match(/URI="key\?token=t-key"/g)).toHaveLength(3);
    expect(signed).toContain('#EXT-X-MAP:URI="180p_init.mp4?token=t-180p_init.mp4"');
    expect(signed).toContain('\n180p_00001.m4s?token=t-180p_00001.m4s');
    expect(signed).toContain('IV=0x5D06EFAB2253BF725F0C3A807882468E');
    expect(signed).not.toContain('#EXT-X-ENDLIST');
  });

  it('encodes tokens for the query string', () => {
    const signed = signMediaPlaylist(MEDIA, '180p', () => 'a b&c');
    expect(signed).toContain('180p_00000.m4s?token=a%20b%26c');
  });

  it.each([
    ['another rendition', MEDIA.replace('180p_00001.m4s', '90p_00001.m4s')],
    ['a foreign key URI', MEDIA.replace('URI="key",IV=0x5D', 'URI="https://evil.example/key",IV=0x5D')],
    ['a poster', MEDIA.replace('180p_00001.m4s', 'poster.jpg')],
    ['an encoded traversal', MEDIA.replace('180p_00001.m4s', '..%2Fkey')],
  ])('refuses a media playlist naming %s', (_case, text) => {
    expect(() => signMediaPlaylist(text, '180p', signer().sign)).toThrow(PlaylistRejected);
  });
});
