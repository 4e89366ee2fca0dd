// Hostile uploads made at test time: real FFmpeg output whose container header is then edited
// to lie (a huge picture, a 100-hour duration) or which carries a thousand streams.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface CraftedFile {
  path: string;
  dir: string;
  remove(): Promise<void>;
}

async function prepareOutput(name: string): Promise<CraftedFile> {
  const dir = await mkdtemp(join(tmpdir(), 'reelguard-crafted-'));
  return { path: join(dir, name), dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function runFixtureFfmpeg(args: string[]): Promise<void> {
  await exec('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { timeout: 60_000 });
}

/** Offset of the payload (after size and type) of the first box of this type, or -1. */
function boxPayload(bytes: Buffer, type: string, from = 0): number {
  const at = bytes.indexOf(Buffer.from(type, 'latin1'), from);
  return at < 0 ? -1 : at + 4;
}

/** A tiny raw-video MOV whose sample description claims `width`×`height`. */
export async function generateHugeDimensions(width: number, height: number): Promise<CraftedFile> {
  const out = await prepareOutput('huge.mov');
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
export async function generateLyingDuration(hours: number): Promise<CraftedFile> {
  const out = await prepareOutput('long.mp4');
  const real = join(out.dir, 'real.mp4');
  await runFixtureFfmpeg([
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=64x36:d=1:r=5',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    real,
  ]);
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
export async function generateManyStreams(streams: number): Promise<CraftedFile> {
  const out = await prepareOutput('many.mov');
  const picture = join(out.dir, 'picture.mp4');
  const sound = join(out.dir, 'sound.mov');
  await runFixtureFfmpeg([
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=64x36:d=1:r=5',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    picture,
  ]);
  await runFixtureFfmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '0.2', '-c:a', 'pcm_s16le', sound]);
  const maps = Array.from({ length: streams - 1 }, () => ['-map', '1:a']).flat();
  await runFixtureFfmpeg(['-i', picture, '-i', sound, '-map', '0:v', ...maps, '-c', 'copy', out.path]);
  return out;
}
