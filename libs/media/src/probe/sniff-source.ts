// Looks at the first bytes of a file before any demuxer sees it: playlists, concat lists,
// text and common picture formats are refused here with a precise reason, and FFmpeg's
// demuxers for them never run on uploaded bytes.
import { type SourceRefusal, refuse } from './source-refusal.js';

/** How many leading bytes `sniffSource` wants to see. */
export const SNIFF_BYTES = 4096;

export function sniffSource(head: Uint8Array): SourceRefusal | null {
  if (head.length === 0) return refuse('empty', 'The file is empty.');
  const ascii = latin1(head.subarray(0, 64))
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '')
    .trimStart();
  if (ascii.startsWith('#EXTM3U') || ascii.startsWith('#EXT-X-')) {
    return refuse('playlist', 'The file is an HLS playlist, not a video. Upload the video file itself.');
  }
  if (/^ffconcat\s+version/i.test(ascii) || /^file\s+['"]?[^\s]/.test(ascii)) {
    return refuse('playlist', 'The file is a list of other files, not a video. Upload the video file itself.');
  }
  if (/^<\?xml|^<MPD/i.test(ascii) && latin1(head).includes('<MPD')) {
    return refuse('playlist', 'The file is a DASH manifest, not a video. Upload the video file itself.');
  }
  if (isImage(head)) return refuse('image', 'The file is a still image, not a video.');
  if (isText(head)) return refuse('text', 'The file is text, not a video.');
  return null;
}

function isImage(head: Uint8Array): boolean {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return true; // PNG
  if (starts(0xff, 0xd8, 0xff)) return true; // JPEG
  if (starts(0x47, 0x49, 0x46, 0x38)) return true; // GIF8
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return true; // TIFF
  if (latin1(head.subarray(0, 4)) === 'RIFF' && latin1(head.subarray(8, 12)) === 'WEBP') return true;
  // ISO-BMFF pictures (HEIC, AVIF) share MP4's box structure: tell them apart by brand.
  if (latin1(head.subarray(4, 8)) === 'ftyp') {
    const brand = latin1(head.subarray(8, 12));
    return ['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis'].includes(brand);
  }
  return false;
}

// Media containers put binary sizes and zero bytes in their first kilobytes; text does not.
function isText(head: Uint8Array): boolean {
  for (const byte of head) {
    const control = byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c;
    if (control || byte === 0x7f) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, safeUtf8End(head)));
    return true;
  } catch {
    return false;
  }
}

// The sample may cut a multi-byte character in two: stop before an unfinished sequence.
function safeUtf8End(head: Uint8Array): number {
  let end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = head[end - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte
    if (byte >= 0xc0) end -= back; // lead byte of a possibly incomplete sequence
    break;
  }
  return end;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
