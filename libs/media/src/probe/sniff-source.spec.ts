import { describe, expect, it } from 'vitest';
import { sniffSource } from './sniff-source.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('sniffSource', () => {
  it.each([
    ['an empty file', bytes(''), 'empty'],
    ['an HLS playlist', bytes('#EXTM3U\n#EXTINF:10,\nfile:///etc/passwd\n'), 'playlist'],
    ['an HLS playlist after a BOM and blank lines', bytes([0xef, 0xbb, 0xbf], '\n\n#EXTM3U\n'), 'playlist'],
    ['a concat list', bytes("ffconcat version 1.0\nfile '/etc/passwd'\n"), 'playlist'],
    ['a bare concat list', bytes("file '/etc/passwd'\n"), 'playlist'],
    ['a DASH manifest', bytes('<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011">'), 'playlist'],
    ['plain text', bytes('Meeting notes\n- one\n- two\n'), 'text'],
    ['UTF-8 text', bytes('Notes de réunion — été\n'), 'text'],
    ['a PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'image'],
    ['a JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image'],
    ['a GIF', bytes('GIF89a', [1, 0, 1, 0]), 'image'],
    ['a WebP', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image'],
    ['a HEIC photo', bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0]), 'image'],
  ])('refuses %s', (_, head, code) => {
    expect(sniffSource(head)).toMatchObject({ ok: false, code });
  });

  it.each([
    ['an MP4', bytes([0, 0, 0, 32], 'ftypisom', [0, 0, 2, 0], 'isomiso2avc1mp41')],
    ['a MOV', bytes([0, 0, 0, 20], 'ftypqt  ', [0, 0, 0, 0], 'qt  ')],
    ['a Matroska file', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01])],
    ['an MPEG-TS stream', bytes([0x47, 0x40, 0x00, 0x10, 0x00, 0x00, 0xb0, 0x0d])],
  ])('lets %s through to the probe', (_, head) => {
    expect(sniffSource(head)).toBeNull();
  });
});
