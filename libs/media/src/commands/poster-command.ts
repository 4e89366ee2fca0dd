// The poster: one JPEG frame from early in the video (10 % in, past most black openings).
import { join } from 'node:path';
import type { LadderPlan } from '../ladder/plan-ladder.js';
import { POSTER_NAME } from '../hls/resource-names.js';
import { type FfmpegCommand, outputFolder } from './ffmpeg-command.js';
import { COMMON_ARGS, localPath, safeInputArgs } from './safe-input.js';

const POSTER_POSITION = 0.1;
// Large enough for a player's poster, small enough to load at once.
const MAX_POSTER_PIXELS = 1280 * 720;

export function posterTime(durationSec: number | null): number {
  return durationSec !== null && durationSec > 0 ? Number((durationSec * POSTER_POSITION).toFixed(3)) : 0;
}

/** The largest planned rendition that is no bigger than 720p: the poster matches a picture the player shows. */
export function posterSize(plan: LadderPlan): { width: number; height: number } {
  const fitting = plan.renditions.find((r) => r.width * r.height <= MAX_POSTER_PIXELS);
  const chosen = fitting ?? plan.renditions[plan.renditions.length - 1];
  return { width: chosen.width, height: chosen.height };
}

export interface PosterCommandOptions {
  readonly inputPath: string;
  /** the poster is written as `{outputDir}/poster.jpg` */
  readonly outputDir: string;
  readonly acceptedFormats?: readonly string[];
}

export function buildPosterCommand(plan: LadderPlan, options: PosterCommandOptions): FfmpegCommand {
  const { width, height } = posterSize(plan);
  return {
    args: [
      ...COMMON_ARGS,
      '-y',
      // Before -i: a fast seek to the keyframe before, then an exact decode to the time.
      '-ss',
      String(posterTime(plan.durationSec)),
      ...safeInputArgs(options.inputPath, options.acceptedFormats),
      '-map',
      `0:${plan.videoStreamIndex}`,
      '-frames:v',
      '1',
      '-vf',
      `scale=${width}:${height},setsar=1`,
      '-c:v',
      'mjpeg',
      '-q:v',
      '3',
      '-map_metadata',
      '-1',
      '-update',
      '1',
      '-f',
      'image2',
      join(outputFolder(localPath(options.outputDir)), POSTER_NAME),
    ],
  };
}
