// Hostile uploads made at test time: real FFmpeg output whose container header is then edited
// to lie (a huge picture, a 100-hour duration), which carries a thousand streams, or whose
// container embeds or references other files (a GAB2 subtitle holding a playlist, an external
// data reference).
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type GeneratedMedia, generateTestVideo, prepareOutput, runFixtureFfmpeg } from '@reelguard/testing';

/** One second of H.264 picture, no sound: the smallest real video to edit. */
const TINY_PICTURE = { width: 64, height: 36, durationSec: 1, fps: 5, audio: false } as const;

/** Offset of the payload (after size and type) of the first box of this type, or -1. */
function boxPayload(bytes: Buffer, type: string, from = 0): number {
  const at = bytes.indexOf(Buffer.from(type, 'latin1'), from);
  return at < 0 ? -1 : at + 4;
}

/** A tiny raw-video MOV whose sample description claims `width`×`height`. */
export async function generateHugeDimensions(width: number, height: number): Promise<GeneratedMedia> {
  const out = await prepareOutput({}, 'huge.mov');
  const small = join(out.dir, 'small.mov');
  await runFixtureFfmpeg(['-f', 'lavfi', '-i', 'color=s=16x16:d=1:r=5', '-c:v', 'rawvideo', '-pix_fmt', 'gray', small]);
  const bytes = await readFile(small);
  // stsd payload: version/flags (4), entry count (4); the entry: size, format, 6 reserved, data
  // reference index (2), version, revision, vendor, temporal and spatial quality, then width, height.
  const entry = boxPayload(bytes, 'stsd') + 8;
  const dims = entry + 8 + 6 + 2 + 2 + 2 + 4 + 4 + 4;
  bytes.writeUInt16BE(width, dims);
  bytes.writeUInt16BE(height, dims + 2);
  await writeFile(out.path, bytes);
  return out;
}

/** A one-second H.264 MP4 whose movie header declares `hours` of duration. */
export async function generateLyingDuration(hours: number): Promise<GeneratedMedia> {
  const out = await prepareOutput({}, 'long.mp4');
  const { path: real } = await generateTestVideo({ ...TINY_PICTURE, dir: out.dir, fileName: 'real.mp4' });
  const bytes = await readFile(real);
  const seconds = hours * 3600;
  // mvhd and mdhd (version 0): version/flags, creation, modification, timescale, duration.
  for (const type of ['mvhd', 'mdhd']) {
    for (let at = boxPayload(bytes, type); at >= 0; at = boxPayload(bytes, type, at)) {
      bytes.writeUInt32BE(1000, at + 12);
      bytes.writeUInt32BE(seconds * 1000, at + 16);
    }
  }
  // tkhd (version 0): version/flags, creation, modification, track id, reserved, duration.
  const tkhd = boxPayload(bytes, 'tkhd');
  bytes.writeUInt32BE(seconds * 1000, tkhd + 20);
  await writeFile(out.path, bytes);
  return out;
}

/** A short MOV with one picture and `streams - 1` copies of a silent sound track. */
export async function generateManyStreams(streams: number): Promise<GeneratedMedia> {
  const out = await prepareOutput({}, 'many.mov');
  const { path: picture } = await generateTestVideo({ ...TINY_PICTURE, dir: out.dir, fileName: 'picture.mp4' });
  const sound = join(out.dir, 'sound.mov');
  await runFixtureFfmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '0.2', '-c:a', 'pcm_s16le', sound]);
  const maps = Array.from({ length: streams - 1 }, () => ['-map', '1:a']).flat();
  await runFixtureFfmpeg(['-i', picture, '-i', sound, '-map', '0:v', ...maps, '-c', 'copy', out.path]);
  return out;
}

// RIFF: a four-character id, a little-endian size, the data, padded to an even length.
function riffChunk(id: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, Buffer.alloc(data.length % 2)]);
}

function riffList(type: string, children: Buffer[]): Buffer {
  return riffChunk('LIST', Buffer.concat([Buffer.from(type, 'latin1'), ...children]));
}

interface RiffChunk {
  id: string;
  /** the list type for a LIST (or RIFF) chunk, else null */
  list: string | null;
  data: Buffer;
}

function riffChildren(bytes: Buffer): RiffChunk[] {
  const chunks: RiffChunk[] = [];
  for (let at = 0; at + 8 <= bytes.length;) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const data = bytes.subarray(at + 8, at + 8 + size);
    const list = id === 'LIST' || id === 'RIFF' ? data.toString('latin1', 0, 4) : null;
    chunks.push({ id, list, data: list === null ? data : data.subarray(4) });
    at += 8 + size + (size % 2);
  }
  return chunks;
}

/**
 * The data of a GAB2 subtitle chunk (DivX's way of embedding a whole subtitle file in an AVI):
 * "GAB2\0", version 2, the stream name (length, UTF-16), a flags word, then the file (length,
 * bytes).
 */
function gab2Chunk(name: string, file: string): Buffer {
  const title = Buffer.from(`${name}\0`, 'utf16le');
  const body = Buffer.from(file, 'utf8');
  const head = Buffer.alloc(11);
  head.write('GAB2\0', 0, 'latin1');
  head.writeUInt16LE(2, 5);
  head.writeUInt32LE(title.length, 7);
  const tail = Buffer.alloc(6);
  tail.writeUInt16LE(4, 0);
  tail.writeUInt32LE(body.length, 2);
  return Buffer.concat([head, title, tail, body]);
}

/** An HLS playlist whose "segments" are `targets`. */
function playlistNaming(targets: readonly string[]): string {
  return [
    '#EXTM3U',
    '#EXT-X-TARGETDURATION:10',
    ...targets.flatMap((target) => ['#EXTINF:10.0,', target]),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

const AVIIF_KEYFRAME = 0x10;

/**
 * A two-second MPEG-4 AVI with a second stream, a subtitle stream whose one chunk is GAB2 data
 * carrying an HLS playlist that names `targets`. FFmpeg's AVI demuxer opens GAB2 data as a
 * nested input: were it to parse the playlist, it would read those targets. The RIFF structure
 * is written here; only the coded pictures (and their key-frame flags) come from FFmpeg.
 */
export async function generateAviWithGab2Playlist(targets: readonly string[]): Promise<GeneratedMedia> {
  const out = await prepareOutput({}, 'gab2.avi');
  const real = join(out.dir, 'real.avi');
  await runFixtureFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x180:d=2:r=10', '-c:v', 'mpeg4', '-q:v', '5', real]);
  const [riff] = riffChildren(await readFile(real));
  if (riff?.id !== 'RIFF' || riff.list !== 'AVI ') throw new Error('FFmpeg did not write an AVI');
  const top = riffChildren(riff.data);
  const hdrl = riffChildren(top.find((c) => c.list === 'hdrl')!.data);
  const movi = riffChildren(top.find((c) => c.list === 'movi')!.data);
  const idx1 = top.find((c) => c.id === 'idx1')!.data;
  const keyframe: boolean[] = [];
  // idx1 entries: chunk id, flags, offset, size (16 bytes each).
  for (let entry = 0; entry + 16 <= idx1.length; entry += 16) {
    if (idx1.toString('latin1', entry, entry + 2) === '00')
      keyframe.push((idx1.readUInt32LE(entry + 4) & AVIIF_KEYFRAME) !== 0);
  }
  const pictures = movi.filter((c) => c.id === '00dc' || c.id === '00db');
  const pictureHeader = riffChildren(hdrl.find((c) => c.list === 'strl')!.data).filter(
    (c) => c.id === 'strh' || c.id === 'strf',
  );

  const avih = Buffer.from(hdrl.find((c) => c.id === 'avih')!.data);
  avih.writeUInt32LE(2, 24); // dwStreams
  const subtitle = gab2Chunk('English', playlistNaming(targets));
  // strh: type, handler, flags, priority and language, initial frames, scale 1 and rate 1000
  // (times in milliseconds), start, length, suggested buffer size, quality, sample size, frame.
  const strh = Buffer.alloc(56);
  strh.write('txts', 0, 'latin1');
  strh.writeUInt32LE(1, 20);
  strh.writeUInt32LE(1000, 24);
  strh.writeUInt32LE(2000, 32);
  strh.writeUInt32LE(subtitle.length, 36);
  strh.writeInt32LE(-1, 40);
  const header = riffList('hdrl', [
    riffChunk('avih', avih),
    riffList(
      'strl',
      pictureHeader.map((c) => riffChunk(c.id, c.data)),
    ),
    riffList('strl', [
      riffChunk('strh', strh),
      riffChunk('strf', Buffer.alloc(0)),
      riffChunk('strn', Buffer.from('English\0')),
    ]),
  ]);

  // The subtitle chunk first (as GAB2 muxers place it), then every picture; idx1 gives each
  // chunk's offset counted from the "movi" list type.
  const chunks = [
    { id: '01tx', data: subtitle, key: true },
    ...pictures.map((c, i) => ({ id: c.id, data: c.data, key: keyframe[i] ?? false })),
  ];
  const index: Buffer[] = [];
  let offset = 4;
  for (const chunk of chunks) {
    const entry = Buffer.alloc(16);
    entry.write(chunk.id, 0, 'latin1');
    entry.writeUInt32LE(chunk.key ? AVIIF_KEYFRAME : 0, 4);
    entry.writeUInt32LE(offset, 8);
    entry.writeUInt32LE(chunk.data.length, 12);
    index.push(entry);
    offset += 8 + chunk.data.length + (chunk.data.length % 2);
  }
  const media = riffList(
    'movi',
    chunks.map((c) => riffChunk(c.id, c.data)),
  );
  const avi = Buffer.concat([Buffer.from('AVI ', 'latin1'), header, media, riffChunk('idx1', Buffer.concat(index))]);
  await writeFile(out.path, riffChunk('RIFF', avi));
  await rm(real, { force: true });
  return out;
}

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(payload.length + 8, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

/**
 * Rewrites every box found at `path` (e.g. moov/trak/…/dref) with `replace`, and gives each box
 * around it its new size. Only plain containers may be on the way.
 */
function rewriteBoxes(bytes: Buffer, path: readonly string[], replace: (found: Buffer) => Buffer): Buffer {
  const out: Buffer[] = [];
  for (let at = 0; at + 8 <= bytes.length;) {
    const size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (size < 8 || at + size > bytes.length) throw new Error(`unexpected MP4 box size ${size} at ${at}`);
    const whole = bytes.subarray(at, at + size);
    if (type !== path[0]) out.push(whole);
    else if (path.length === 1) out.push(replace(whole));
    else out.push(box(type, rewriteBoxes(whole.subarray(8), path.slice(1), replace)));
    at += size;
  }
  return Buffer.concat(out);
}

/**
 * A two-second H.264 and AAC MOV whose both tracks say their media lives elsewhere: each track's
 * only data reference (`dref`) is a `url ` entry without the self-contained flag, naming
 * `target`. The samples are still in this file; a demuxer that followed the reference would read
 * `target` instead. `moov` follows `mdat`, so no chunk offset moves.
 */
export async function generateMovWithExternalReference(target: string): Promise<GeneratedMedia> {
  const out = await prepareOutput({}, 'reference.mov');
  // Without faststart the media comes first and the movie header last, as the edit below needs.
  const { path: real } = await generateTestVideo({
    dir: out.dir,
    fileName: 'real.mov',
    container: 'mov',
    durationSec: 2,
    fps: 10,
  });
  const bytes = await readFile(real);
  if (bytes.indexOf('mdat', 0, 'latin1') > bytes.indexOf('moov', 0, 'latin1')) {
    throw new Error('FFmpeg wrote the movie header before the media');
  }
  // url (version 0, flags 0: not in this file) followed by its location, NUL-terminated.
  const location = Buffer.from(`${target}\0`, 'utf8');
  const reference = box('url ', Buffer.concat([Buffer.alloc(4), location]));
  const dref = box('dref', Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), reference]));
  let tracks = 0;
  const rewritten = rewriteBoxes(bytes, ['moov', 'trak', 'mdia', 'minf', 'dinf', 'dref'], () => {
    tracks += 1;
    return dref;
  });
  if (tracks !== 2) throw new Error(`expected the data references of 2 tracks, rewrote ${tracks}`);
  await writeFile(out.path, rewritten);
  await rm(real, { force: true });
  return out;
}
