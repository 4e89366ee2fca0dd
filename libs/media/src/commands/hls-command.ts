// The one FFmpeg command that turns a source into every HLS rendition: a single decode, a
// split into scaled branches, H.264 + AAC per rendition with keyframes on segment boundaries,
// fMP4 segments under flat names, and event playlists that grow while it runs so the worker
// can publish segments before the encode ends. All HLS flags live here.
import { join } from 'node:path';
import type { LadderPlan, PlannedRendition } from '../ladder/plan-ladder.js';
import { FFMPEG_NAME_PATTERNS, STORYBOARD_IMAGE_NAME, renditionFileNames } from '../hls/resource-names.js';
import { type FfmpegCommand, type X264Preset, outputFolder } from './ffmpeg-command.js';
import { COMMON_ARGS, localPath, safeInputArgs } from './safe-input.js';
import { type StoryboardPlan, storyboardFilter, storyboardOutputArgs } from './storyboard.js';

export const DEFAULT_SEGMENT_DURATION_SEC = 4;
export const DEFAULT_X264_PRESET: X264Preset = 'veryfast';

export interface HlsCommandOptions {
  readonly inputPath: string;
  /** every rendition's files land flat in this folder */
  readonly outputDir: string;
  readonly segmentDurationSec?: number;
  readonly preset?: X264Preset;
  readonly acceptedFormats?: readonly string[];
  /** also write `storyboard.jpg` from the same decode */
  readonly storyboard?: StoryboardPlan;
}

export interface HlsRenditionOutput {
  readonly rendition: string;
  /** file names inside `outputDir` */
  readonly playlist: string;
  readonly initSegment: string;
}

export interface HlsCommand extends FfmpegCommand {
  readonly outputs: readonly HlsRenditionOutput[];
  /** the sprite's file name inside `outputDir`, when one was asked for */
  readonly storyboard: string | null;
}

export function buildHlsCommand(plan: LadderPlan, options: HlsCommandOptions): HlsCommand {
  const renditions = plan.renditions;
  if (renditions.length === 0) throw new RangeError('an HLS encode needs at least one rendition');
  const segment = options.segmentDurationSec ?? DEFAULT_SEGMENT_DURATION_SEC;
  if (!(segment > 0 && segment <= 30)) throw new RangeError('the segment duration must be between 0 and 30 s');
  const outputDir = outputFolder(localPath(options.outputDir));
  const withAudio = plan.audioStreamIndex !== null;

  const maps = renditions.flatMap((_, i) =>
    withAudio ? ['-map', `[v${i}]`, '-map', `0:${plan.audioStreamIndex}`] : ['-map', `[v${i}]`],
  );
  const perRendition = renditions.flatMap((r, i) => videoRateArgs(r, i));
  const streamMap = renditions
    .map((r, i) => (withAudio ? `v:${i},a:${i},name:${r.name}` : `v:${i},name:${r.name}`))
    .join(' ');
  const audioBitrate = renditions[0].audioBitrate;

  const storyboardArgs = options.storyboard
    ? ['-map', '[sb]', ...storyboardOutputArgs(join(outputDir, STORYBOARD_IMAGE_NAME))]
    : [];

  const args = [
    ...COMMON_ARGS,
    '-y',
    ...safeInputArgs(options.inputPath, options.acceptedFormats),
    '-progress',
    'pipe:1',
    '-nostats',
    '-filter_complex',
    buildFilterGraph(plan, options.storyboard ?? null),
    ...maps,
    '-c:v',
    'libx264',
    '-preset',
    options.preset ?? DEFAULT_X264_PRESET,
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    ...perRendition,
    // Keyframes exactly on segment boundaries in every rendition, and nowhere else by choice
    // of the encoder, so players can switch renditions at any segment.
    '-force_key_frames',
    `expr:gte(t,n_forced*${segment})`,
    '-sc_threshold',
    '0',
    ...(withAudio && audioBitrate !== null
      ? ['-c:a', 'aac', '-b:a', `${Math.round(audioBitrate / 1000)}k`, '-ac', '2', '-ar', '48000']
      : []),
    // Phone videos carry GPS positions and device names in their metadata: publish none of it.
    '-map_metadata',
    '-1',
    '-map_chapters',
    '-1',
    '-f',
    'hls',
    '-hls_time',
    String(segment),
    '-hls_playlist_type',
    'event',
    '-hls_list_size',
    '0',
    '-hls_segment_type',
    'fmp4',
    // temp_file: a segment appears under its name only once complete.
    '-hls_flags',
    'independent_segments+temp_file',
    '-hls_fmp4_init_filename',
    // FFmpeg 5.1 fills in %v in the init name only when there are several variants.
    renditions.length === 1 ? renditionFileNames.initSegment(renditions[0].name) : FFMPEG_NAME_PATTERNS.initSegment,
    '-hls_segment_filename',
    join(outputDir, FFMPEG_NAME_PATTERNS.mediaSegment),
    '-var_stream_map',
    streamMap,
    join(outputDir, FFMPEG_NAME_PATTERNS.variantPlaylist),
    ...storyboardArgs,
  ];

  return {
    args,
    outputs: renditions.map((r) => ({
      rendition: r.name,
      playlist: renditionFileNames.variantPlaylist(r.name),
      initSegment: renditionFileNames.initSegment(r.name),
    })),
    storyboard: options.storyboard ? STORYBOARD_IMAGE_NAME : null,
  };
}

/** "[0:0]split=2[s0][s1];[s0]scale=1280:720,setsar=1[v0];[s1]scale=640:360,setsar=1[v1]" */
export function buildFilterGraph(plan: LadderPlan, storyboard: StoryboardPlan | null): string {
  const prepare = [
    plan.deinterlace ? 'yadif=deint=interlaced' : null,
    plan.outputFrameRate ? `fps=${plan.outputFrameRate}` : null,
  ]
    .filter((f): f is string => f !== null)
    .map((f) => `${f},`)
    .join('');
  const branches = plan.renditions.length + (storyboard ? 1 : 0);
  const labels = Array.from({ length: branches }, (_, i) => `[s${i}]`).join('');
  const chains = plan.renditions.map((r, i) => `[s${i}]scale=${r.width}:${r.height},setsar=1[v${i}]`);
  if (storyboard) chains.push(`[s${plan.renditions.length}]${storyboardFilter(storyboard)}[sb]`);
  return [`[0:${plan.videoStreamIndex}]${prepare}split=${branches}${labels}`, ...chains].join(';');
}

function videoRateArgs(rendition: PlannedRendition, index: number): string[] {
  return [
    `-level:v:${index}`,
    rendition.level.name,
    `-b:v:${index}`,
    String(rendition.videoBitrate),
    `-maxrate:v:${index}`,
    String(rendition.maxVideoBitrate),
    `-bufsize:v:${index}`,
    String(rendition.videoBufferSize),
  ];
}
