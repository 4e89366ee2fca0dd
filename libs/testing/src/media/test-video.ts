// Small test videos made at test time with FFmpeg's lavfi sources (testsrc2 picture, sine
// tone), in any of the shapes the transcoding pipeline must cope with.
import { rename, rm } from 'node:fs/promises';
import { type GeneratedMedia, type OutputOptions, prepareOutput, runFixtureFfmpeg } from './fixture-files.js';

export interface TestVideoOptions extends OutputOptions {
  /** default 2 */
  readonly durationSec?: number;
  /** default 320x180; odd sizes are allowed (encoded 4:4:4, since 4:2:0 H.264 needs even ones) */
  readonly width?: number;
  readonly height?: number;
  /** default 25 */
  readonly fps?: number;
  /** default true: a 440 Hz tone */
  readonly audio?: boolean;
  /** clockwise degrees a player must turn the picture (display matrix metadata; mp4 and mov only) */
  readonly rotation?: 0 | 90 | 180 | 270;
  /** 10-bit H.264 (High 10) */
  readonly tenBit?: boolean;
  /** drop every fourth frame, leaving irregular frame intervals */
  readonly variableFrameRate?: boolean;
  /** index at the front of the file (needed for some truncation tests); default false */
  readonly faststart?: boolean;
  /** default "mp4" */
  readonly container?: 'mp4' | 'mov' | 'mkv';
  /** container-level tags, e.g. `{ comment: '…' }` */
  readonly metadata?: Readonly<Record<string, string>>;
}

export async function generateTestVideo(options: TestVideoOptions = {}): Promise<GeneratedMedia> {
  const container = options.container ?? 'mp4';
  const out = await prepareOutput(options, `video.${container}`);
  const duration = options.durationSec ?? 2;
  const width = options.width ?? 320;
  const height = options.height ?? 180;
  const fps = options.fps ?? 25;
  const odd = width % 2 !== 0 || height % 2 !== 0;
  const chroma = odd ? 'yuv444p' : 'yuv420p';

  const filters: string[] = [];
  // testsrc2 rounds its size to even numbers; an odd size is reached by scaling afterwards.
  if (odd) filters.push(`scale=${width}:${height},setsar=1`);
  if (options.variableFrameRate) filters.push(String.raw`select='not(eq(mod(n\,4)\,1))'`);

  const args = [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width + (width % 2)}x${height + (height % 2)}:rate=${fps}:duration=${duration}`,
    ...(options.audio === false
      ? []
      : ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${duration}`]),
    ...(filters.length > 0 ? ['-vf', filters.join(',')] : []),
    ...(options.variableFrameRate ? ['-fps_mode', 'vfr'] : []),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    options.tenBit ? `${chroma}10le` : chroma,
    ...(options.audio === false ? [] : ['-c:a', 'aac', '-b:a', '64k']),
    ...(options.faststart && container !== 'mkv' ? ['-movflags', '+faststart'] : []),
    ...Object.entries(options.metadata ?? {}).flatMap(([name, value]) => ['-metadata', `${name}=${value}`]),
    '-shortest',
  ];

  const rotation = options.rotation ?? 0;
  if (rotation !== 0 && container === 'mkv') throw new RangeError('rotation metadata needs an mp4 or mov container');
  if (rotation === 0) {
    await runFixtureFfmpeg([...args, out.path]);
    return out;
  }
  // FFmpeg 5.1 only writes rotation when copying streams, and its legacy "rotate" tag turns
  // the picture counter-clockwise: encode first, then remux with the complementary angle.
  const plain = `${out.path}.plain.${container}`;
  await runFixtureFfmpeg([...args, plain]);
  await runFixtureFfmpeg([
    '-i',
    plain,
    '-map',
    '0',
    '-c',
    'copy',
    '-metadata:s:v:0',
    `rotate=${(360 - rotation) % 360}`,
    `${out.path}.rotated.${container}`,
  ]);
  await rename(`${out.path}.rotated.${container}`, out.path);
  await rm(plain, { force: true });
  return out;
}
