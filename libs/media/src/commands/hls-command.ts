// The one FFmpeg command that turns a source into every HLS rendition: a single decode, scaled
// in a cascade (each rendition from the next larger one rather than from the full frame), H.264
// per rendition with keyframes on segment boundaries, one AAC encode shared by every rendition,
// fMP4 segments under flat names, and event playlists that grow while it runs so the worker can
// publish segments before the encode ends. The `tee` muxer hands each rendition's video and the
// one audio stream to its own HLS muxer, so every variant still carries its audio muxed in, as a
// plain `-f hls` encode would write it. All HLS flags live here.
import { join } from 'node:path';
import type { LadderPlan, PlannedRendition } from '../ladder/plan-ladder.js';
import { STORYBOARD_IMAGE_NAME, isValidRenditionName, renditionFileNames } from '../hls/resource-names.js';
import { type FfmpegCommand, type X264Preset, outputFolder } from './ffmpeg-command.js';
import { COMMON_ARGS, localPath, safeInputArgs } from './safe-input.js';
import { type StoryboardPlan, storyboardFilter, storyboardOutputArgs } from './storyboard.js';

export const DEFAULT_SEGMENT_DURATION_SEC = 4;
/**
 * The first segment of every rendition is shorter: a viewer's player starts after fetching it,
 * and the worker can publish the video as soon as every rendition has one (ADR 0003).
 */
export const DEFAULT_FIRST_SEGMENT_DURATION_SEC = 2;
export const DEFAULT_X264_PRESET: X264Preset = 'veryfast';
/** A GOP longer than any segment (30 s at 60 fps is 1,800 frames). */
const NO_AUTOMATIC_KEYFRAMES = 100_000;

export interface HlsCommandOptions {
  readonly inputPath: string;
  /** every rendition's files land flat in this folder */
  readonly outputDir: string;
  readonly segmentDurationSec?: number;
  /** length of each rendition's first segment; capped at `segmentDurationSec` (equal: all alike) */
  readonly firstSegmentDurationSec?: number;
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

// The tee muxer reads ":" "|" "[" "]" "\" and "'" in its output list as syntax (option and
// output separators, brackets, escapes and quotes). Rather than escape paths twice over, a
// folder holding any of them is refused, as "%" is for every FFmpeg output.
const TEE_SYNTAX = /[:|[\]\\']/;

export function buildHlsCommand(plan: LadderPlan, options: HlsCommandOptions): HlsCommand {
  const renditions = plan.renditions;
  if (renditions.length === 0) throw new RangeError('an HLS encode needs at least one rendition');
  const segment = options.segmentDurationSec ?? DEFAULT_SEGMENT_DURATION_SEC;
  if (!(segment > 0 && segment <= 30)) throw new RangeError('the segment duration must be between 0 and 30 s');
  const first = Math.min(options.firstSegmentDurationSec ?? DEFAULT_FIRST_SEGMENT_DURATION_SEC, segment);
  if (!(first > 0)) throw new RangeError('the first segment duration must be above 0 s');
  const outputDir = outputFolder(localPath(options.outputDir));
  if (TEE_SYNTAX.test(outputDir)) {
    throw new TypeError(`an HLS output folder must not contain any of : | [ ] \\ '`);
  }
  // Rendition names go into the tee output list too; the ladder only makes plain ones.
  for (const r of renditions) {
    if (!isValidRenditionName(r.name)) throw new TypeError(`"${r.name}" is not a rendition name`);
  }
  const withAudio = plan.audioStreamIndex !== null;
  const audioBitrate = renditions[0].audioBitrate;

  // Output streams: the video of rendition i is stream i, the one audio stream comes last.
  const maps = [
    ...renditions.flatMap((_, i) => ['-map', `[v${i}]`]),
    ...(withAudio ? ['-map', `0:${plan.audioStreamIndex}`] : []),
  ];
  const audioOutputIndex = withAudio ? renditions.length : null;
  const slaves = renditions
    .map((r, i) => hlsSlave(r.name, i, audioOutputIndex, outputDir, { first, rest: segment }))
    .join('|');

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
    ...renditions.flatMap((r, i) => videoRateArgs(r, i)),
    // Keyframes exactly on segment boundaries in every rendition, and nowhere else by choice
    // of the encoder, so players can switch renditions at any segment.
    '-force_key_frames',
    keyframeTimes(first, segment),
    '-sc_threshold',
    '0',
    // Nor on x264's own schedule (every 250 frames by default, 4.2 s at 60 fps): the HLS muxer
    // cuts a segment at the first keyframe past its length, and the first segment's shorter
    // length applies to every cut in a playlist that keeps all its segments.
    '-g',
    String(NO_AUTOMATIC_KEYFRAMES),
    // One AAC encode; the tee muxer gives its packets to every rendition.
    ...(withAudio && audioBitrate !== null
      ? ['-c:a', 'aac', '-b:a', `${Math.round(audioBitrate / 1000)}k`, '-ac', '2', '-ar', '48000']
      : []),
    // Behind tee, FFmpeg cannot see that the HLS muxers want the H.264 parameter sets once, in
    // the init section, rather than repeated in every keyframe (what `-f hls` told it): say so.
    '-flags',
    '+global_header',
    // Phone videos carry GPS positions and device names in their metadata: publish none of it.
    '-map_metadata',
    '-1',
    '-map_chapters',
    '-1',
    '-f',
    'tee',
    slaves,
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

/**
 * FFmpeg's expression for the forced keyframes: 0, then `first`, then every `rest` seconds after
 * it (0, 2, 6, 10 … for 2 and 4; 0, 4, 8 … when both are 4).
 */
function keyframeTimes(first: number, rest: number): string {
  return first === rest ? `expr:gte(t,n_forced*${rest})` : `expr:gte(t,if(n_forced,${first}+(n_forced-1)*${rest},0))`;
}

/**
 * One tee output: an HLS muxer for the rendition's video (output stream `videoIndex`) and the
 * shared audio, e.g. `[select=0,5:f=hls:…:hls_segment_filename=/out/1080p_%05d.m4s]/out/1080p.m3u8`.
 */
function hlsSlave(
  name: string,
  videoIndex: number,
  audioIndex: number | null,
  outputDir: string,
  segmentSec: { first: number; rest: number },
): string {
  const options = [
    `select=${audioIndex === null ? videoIndex : `${videoIndex},${audioIndex}`}`,
    'f=hls',
    `hls_time=${segmentSec.rest}`,
    // A segment ends at the first keyframe at least this long after its start; with keyframes
    // only where forced, that makes the first one short and every later one `hls_time` long.
    ...(segmentSec.first < segmentSec.rest ? [`hls_init_time=${segmentSec.first}`] : []),
    'hls_playlist_type=event',
    'hls_list_size=0',
    'hls_segment_type=fmp4',
    // temp_file: a segment appears under its name only once complete.
    'hls_flags=independent_segments+temp_file',
    // The init section is written beside the playlist, under this name.
    `hls_fmp4_init_filename=${renditionFileNames.initSegment(name)}`,
    `hls_segment_filename=${join(outputDir, renditionFileNames.mediaSegmentPattern(name))}`,
  ];
  return `[${options.join(':')}]${join(outputDir, renditionFileNames.variantPlaylist(name))}`;
}

/** What reads a picture: a rendition's scaler (by its index in the plan) or the storyboard's. */
type Reader = number | 'storyboard';

interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * One decode, scaled in a cascade: each rendition is scaled from the smallest rendition already
 * made that is at least as large in both dimensions, else from the source; a `split` only where
 * a picture has several readers. For a 1080p ladder:
 * "[0:0]scale=1920:1080,setsar=1,split=2[v0][s1];[s1]scale=1280:720,setsar=1,split=2[v1][s2];…;[s4]scale=426:240,setsar=1[v4]"
 * The outputs `[v<i>]` follow the order of `plan.renditions`, whatever order the ladder is in.
 */
export function buildFilterGraph(plan: LadderPlan, storyboard: StoryboardPlan | null): string {
  const { renditions } = plan;
  if (renditions.length === 0) throw new RangeError('a filter graph needs at least one rendition');
  const prepare = [
    plan.deinterlace ? 'yadif=deint=interlaced' : null,
    plan.outputFrameRate ? `fps=${plan.outputFrameRate}` : null,
  ].filter((f): f is string => f !== null);

  // Who reads the source and each rendition. Largest first, so every rendition a smaller one
  // could be scaled from is already there.
  const sourceReaders: Reader[] = [];
  const readersOf: Reader[][] = renditions.map(() => []);
  const made: number[] = [];
  const readersOfCovering = (size: Size): Reader[] => {
    const from = smallestCovering(renditions, made, size);
    return from === undefined ? sourceReaders : readersOf[from];
  };
  const bySize = renditions
    .map((_, i) => i)
    .sort((a, b) => area(renditions[b]) - area(renditions[a]) || renditions[b].width - renditions[a].width || a - b);
  for (const i of bySize) {
    readersOfCovering(renditions[i]).push(i);
    made.push(i);
  }
  // The sprite's thumbnails are small: scaled from a small rendition they are the same picture
  // as from the full frame, for less work.
  if (storyboard) {
    readersOfCovering({ width: storyboard.thumbnailWidth, height: storyboard.thumbnailHeight }).push('storyboard');
  }

  const label = (reader: Reader): string => `[s${reader === 'storyboard' ? renditions.length : reader}]`;
  const chains: string[] = [];
  /** Ends the chain `input` + `filters` in `outputs`, through a split when there are several. */
  const branch = (input: string, filters: readonly string[], outputs: readonly string[]): void => {
    const split = outputs.length > 1 ? [`split=${outputs.length}`] : [];
    chains.push(`${input}${[...filters, ...split].join(',')}${outputs.join('')}`);
  };
  /** Continues the chain `input` + `before` into what `reader` makes of it. */
  const read = (reader: Reader, input: string, before: readonly string[]): void => {
    if (reader === 'storyboard') {
      if (storyboard) branch(input, [...before, storyboardFilter(storyboard)], ['[sb]']);
      return;
    }
    // An exact size even when read from the source: the plan knows the source's display size,
    // not its decoded one (non-square pixels, odd sizes), and a scale to the size a frame
    // already has passes it through untouched.
    const { width, height } = renditions[reader];
    const next = readersOf[reader];
    branch(input, [...before, `scale=${width}:${height}`, 'setsar=1'], [`[v${reader}]`, ...next.map(label)]);
    for (const r of next) read(r, label(r), []);
  };
  const source = `[0:${plan.videoStreamIndex}]`;
  if (sourceReaders.length === 1) {
    read(sourceReaders[0], source, prepare);
  } else {
    branch(source, prepare, sourceReaders.map(label));
    for (const r of sourceReaders) read(r, label(r), []);
  }
  return chains.join(';');
}

/** Of the renditions `made` so far, the smallest at least as large as `size` in both dimensions. */
function smallestCovering(
  renditions: readonly PlannedRendition[],
  made: readonly number[],
  size: Size,
): number | undefined {
  let best: number | undefined;
  for (const i of made) {
    const r = renditions[i];
    if (r.width < size.width || r.height < size.height) continue;
    if (best === undefined || area(r) < area(renditions[best])) best = i;
  }
  return best;
}

function area(size: Size): number {
  return size.width * size.height;
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
