// Thumbnail storyboards for scrubbing previews: a sprite sheet of small frames taken every few
// seconds, and the WebVTT track that tells a player which part of the sprite shows which time.
import { join } from 'node:path';
import { COMMON_ARGS, localPath, safeInputArgs } from './safe-input.js';
import { type FfmpegCommand, outputFolder } from './ffmpeg-command.js';
import { STORYBOARD_IMAGE_NAME } from '../hls/resource-names.js';

export interface StoryboardOptions {
  /** seconds between thumbnails, before `maxThumbnails` stretches it; default 5 */
  readonly intervalSec?: number;
  /** default 160 */
  readonly thumbnailWidth?: number;
  /** default 10 */
  readonly columns?: number;
  /** long videos get a longer interval rather than a huge sprite; default 300 */
  readonly maxThumbnails?: number;
}

export interface StoryboardPlan {
  readonly durationSec: number;
  readonly intervalSec: number;
  readonly count: number;
  readonly columns: number;
  readonly rows: number;
  readonly thumbnailWidth: number;
  readonly thumbnailHeight: number;
}

export function planStoryboard(
  durationSec: number,
  display: { readonly width: number; readonly height: number },
  options: StoryboardOptions = {},
): StoryboardPlan {
  if (!(durationSec > 0)) throw new RangeError('a storyboard needs a positive duration');
  if (!(display.width > 0 && display.height > 0)) throw new RangeError('a storyboard needs the picture size');
  const maxThumbnails = options.maxThumbnails ?? 300;
  // Whole seconds keep FFmpeg's fps expression exact and the cue times round.
  const intervalSec = Math.max(Math.ceil(options.intervalSec ?? 5), Math.ceil(durationSec / maxThumbnails), 1);
  const count = Math.max(1, Math.ceil(durationSec / intervalSec));
  const columns = Math.min(options.columns ?? 10, count);
  const thumbnailWidth = even(options.thumbnailWidth ?? 160);
  return {
    durationSec,
    intervalSec,
    count,
    columns,
    rows: Math.ceil(count / columns),
    thumbnailWidth,
    thumbnailHeight: even((thumbnailWidth * display.height) / display.width),
  };
}

/** The filter chain that turns a video stream into the sprite, for this command or a branch of another. */
export function storyboardFilter(plan: StoryboardPlan): string {
  // eof_action=pass: a clip shorter than half an interval still yields its one thumbnail.
  return `fps=1/${plan.intervalSec}:eof_action=pass,scale=${plan.thumbnailWidth}:${plan.thumbnailHeight},setsar=1,tile=${plan.columns}x${plan.rows}`;
}

/** Output options for the sprite: one JPEG, overwritten on a retry. */
export function storyboardOutputArgs(outputPath: string): string[] {
  return ['-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '5', '-update', '1', '-f', 'image2', localPath(outputPath)];
}

export interface StoryboardCommandOptions {
  readonly inputPath: string;
  /** default `{outputDir}/storyboard.jpg` */
  readonly outputDir: string;
  readonly videoStreamIndex: number;
  readonly acceptedFormats?: readonly string[];
}

export function buildStoryboardCommand(plan: StoryboardPlan, options: StoryboardCommandOptions): FfmpegCommand {
  return {
    args: [
      ...COMMON_ARGS,
      '-y',
      ...safeInputArgs(options.inputPath, options.acceptedFormats),
      '-progress',
      'pipe:1',
      '-nostats',
      '-map',
      `0:${options.videoStreamIndex}`,
      '-vf',
      storyboardFilter(plan),
      '-map_metadata',
      '-1',
      ...storyboardOutputArgs(join(outputFolder(localPath(options.outputDir)), STORYBOARD_IMAGE_NAME)),
    ],
  };
}

/**
 * WebVTT cues mapping each interval to its thumbnail, as `storyboard.jpg#xywh=x,y,w,h`
 * (the media-fragment form video.js and most players read).
 */
export function buildStoryboardVtt(plan: StoryboardPlan, imageUri: string = STORYBOARD_IMAGE_NAME): string {
  const lines = ['WEBVTT', ''];
  for (let i = 0; i < plan.count; i++) {
    const start = i * plan.intervalSec;
    const end = Math.min((i + 1) * plan.intervalSec, plan.durationSec);
    const x = (i % plan.columns) * plan.thumbnailWidth;
    const y = Math.floor(i / plan.columns) * plan.thumbnailHeight;
    lines.push(`${vttTime(start)} --> ${vttTime(end)}`);
    lines.push(`${imageUri}#xywh=${x},${y},${plan.thumbnailWidth},${plan.thumbnailHeight}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** 3725.5 → "01:02:05.500" */
export function vttTime(seconds: number): string {
  const totalMs = Math.round(seconds * 1000);
  const ms = totalMs % 1000;
  const totalSec = Math.floor(totalMs / 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(Math.floor(totalSec / 3600))}:${pad(Math.floor((totalSec % 3600) / 60))}:${pad(totalSec % 60)}.${pad(ms, 3)}`;
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}
