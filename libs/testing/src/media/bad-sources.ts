// Files that must never be accepted as videos: each imitates something a careless or hostile
// uploader could send, under a name that claims it is a video.
import { readFile, writeFile } from 'node:fs/promises';
import { type GeneratedMedia, type OutputOptions, prepareOutput, runFixtureFfmpeg } from './fixture-files.js';
import { generateTestVideo } from './test-video.js';

/** Plain text named like a video. */
export async function generateTextFile(
  options: OutputOptions & { readonly content?: string } = {},
): Promise<GeneratedMedia> {
  const out = await prepareOutput(options, 'notes.mp4');
  await writeFile(out.path, options.content ?? 'These are meeting notes, not a video.\nSecond line.\n');
  return out;
}

/**
 * A real MP4 cut short, as a failed upload leaves it. Without faststart its index (moov) sits at
 * the end and is lost; with faststart the index survives and only the media is missing.
 */
export async function generateTruncatedMp4(
  options: OutputOptions & {
    readonly keepFraction?: number;
    readonly faststart?: boolean;
    readonly durationSec?: number;
  } = {},
): Promise<GeneratedMedia> {
  const out = await prepareOutput(options, 'truncated.mp4');
  const whole = await generateTestVideo({
    durationSec: options.durationSec ?? 4,
    faststart: options.faststart,
    dir: out.dir,
    fileName: 'whole.mp4',
  });
  const bytes = await readFile(whole.path);
  await writeFile(out.path, bytes.subarray(0, Math.floor(bytes.length * (options.keepFraction ?? 0.5))));
  await whole.remove();
  return out;
}

/** One PNG or JPEG frame. */
export async function generateStillImage(
  options: OutputOptions & { readonly format?: 'png' | 'jpg' } = {},
): Promise<GeneratedMedia> {
  const format = options.format ?? 'png';
  const out = await prepareOutput(options, `picture.${format}`);
  await runFixtureFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180', '-frames:v', '1', '-update', '1', out.path]);
  return out;
}

/** AAC sound in an MP4 container, with no picture. */
export async function generateAudioOnly(
  options: OutputOptions & { readonly durationSec?: number } = {},
): Promise<GeneratedMedia> {
  const out = await prepareOutput(options, 'sound.mp4');
  await runFixtureFfmpeg([
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${options.durationSec ?? 2}`,
    '-c:a',
    'aac',
    out.path,
  ]);
  return out;
}

/**
 * An HLS playlist named like a video whose only "segment" is a local file: FFmpeg's HLS demuxer
 * would read that file if it were allowed to parse the upload.
 */
export async function generateHlsPlaylistSource(
  options: OutputOptions & { readonly target?: string } = {},
): Promise<GeneratedMedia> {
  const out = await prepareOutput(options, 'playlist.mp4');
  const target = options.target ?? 'file:///etc/passwd';
  await writeFile(
    out.path,
    ['#EXTM3U', '#EXT-X-TARGETDURATION:10', '#EXTINF:10.0,', target, '#EXT-X-ENDLIST', ''].join('\n'),
  );
  return out;
}

/** An FFmpeg concat list named like a video, pointing at a local file. */
export async function generateConcatListSource(
  options: OutputOptions & { readonly target?: string } = {},
): Promise<GeneratedMedia> {
  const out = await prepareOutput(options, 'list.mp4');
  await writeFile(out.path, `ffconcat version 1.0\nfile '${options.target ?? '/etc/passwd'}'\n`);
  return out;
}

/**
 * A real MP4 that also carries an HLS playlist and an FFmpeg concat list naming `targets`, in
 * `free` boxes before and after the movie (the playlist also in a metadata tag): a demuxer that
 * followed text found inside an upload would read those targets.
 */
export async function generateMp4WithSmuggledPlaylist(
  options: OutputOptions & { readonly targets: readonly string[]; readonly durationSec?: number },
): Promise<GeneratedMedia> {
  const out = await prepareOutput(options, 'smuggled.mp4');
  const playlist = [
    '#EXTM3U',
    '#EXT-X-TARGETDURATION:10',
    ...options.targets.flatMap((target) => ['#EXTINF:10.0,', target]),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
  const concat = ['ffconcat version 1.0', ...options.targets.map((target) => `file '${target}'`), ''].join('\n');
  const movie = await generateTestVideo({
    durationSec: options.durationSec ?? 3,
    width: 320,
    height: 180,
    dir: out.dir,
    fileName: 'movie.mp4',
    metadata: { comment: playlist },
  });
  const freeBox = (text: string): Buffer => {
    const body = Buffer.from(text, 'utf8');
    const header = Buffer.alloc(8);
    header.writeUInt32BE(body.length + 8, 0);
    header.write('free', 4, 'latin1');
    return Buffer.concat([header, body]);
  };
  const head = freeBox(playlist);
  const body = shiftChunkOffsets(await readFile(movie.path), head.length);
  await writeFile(out.path, Buffer.concat([head, body, freeBox(concat)]));
  await movie.remove();
  return out;
}

// Chunk offsets in an MP4 are absolute: bytes put in front of the movie move every chunk.
function shiftChunkOffsets(mp4: Buffer, by: number): Buffer {
  const copy = Buffer.from(mp4);
  const walk = (start: number, end: number): void => {
    for (let at = start; at + 8 <= end;) {
      const size = copy.readUInt32BE(at);
      const type = copy.toString('latin1', at + 4, at + 8);
      if (size < 8) throw new Error(`unexpected MP4 box size ${size} at ${at}`);
      if (['moov', 'trak', 'mdia', 'minf', 'stbl'].includes(type)) walk(at + 8, at + size);
      if (type === 'stco' || type === 'co64') {
        const count = copy.readUInt32BE(at + 12);
        for (let i = 0; i < count; i++) {
          if (type === 'stco') copy.writeUInt32BE(copy.readUInt32BE(at + 16 + i * 4) + by, at + 16 + i * 4);
          else copy.writeBigUInt64BE(copy.readBigUInt64BE(at + 16 + i * 8) + BigInt(by), at + 16 + i * 8);
        }
      }
      at += size;
    }
  };
  walk(0, copy.length);
  return copy;
}

/** A one-frame video: a still picture in a video container, which only probing can tell apart. */
export async function generateOneFrameVideo(options: OutputOptions = {}): Promise<GeneratedMedia> {
  const out = await prepareOutput(options, 'one-frame.mp4');
  await runFixtureFfmpeg([
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x180',
    '-frames:v',
    '1',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    out.path,
  ]);
  return out;
}
