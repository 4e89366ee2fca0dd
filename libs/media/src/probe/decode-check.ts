// A cheap proof that a source really decodes: one second at its start and one at its end.
// A file cut short by a failed upload often probes fine (its index is at the front) but has
// no frames at the end; FFmpeg's -xerror turns the first decoding error into a failure.
import { COMMON_ARGS, safeInputArgs } from '../commands/safe-input.js';
import { runFfmpeg } from '../process/run-ffmpeg.js';
import { MediaToolError } from '../process/media-tool-error.js';
import type { ProbeResult } from './probe-result.js';
import { type SourceRefusal, refuse } from './source-refusal.js';
import { VIDEO_CONTAINER_FORMATS } from './source-limits.js';

const WINDOW_SEC = 1;

export function buildDecodeCheckArgs(
  path: string,
  probe: ProbeResult,
  acceptedFormats: readonly string[] = VIDEO_CONTAINER_FORMATS,
): string[] {
  if (!probe.video) throw new TypeError('a decode check needs a video stream');
  const stream = probe.video.index;
  const duration = probe.durationSec ?? 0;
  const window = String(WINDOW_SEC);
  const args = [...COMMON_ARGS, '-xerror', '-t', window, ...safeInputArgs(path, acceptedFormats)];
  const outputs = ['-map', `0:${stream}`, '-f', 'null', '-'];
  if (duration > 2 * WINDOW_SEC) {
    const tailStart = (duration - WINDOW_SEC).toFixed(3);
    args.push('-ss', tailStart, '-t', window, ...safeInputArgs(path, acceptedFormats));
    outputs.push('-map', `1:${stream}`, '-f', 'null', '-');
  }
  return [...args, ...outputs];
}

export interface DecodeCheckOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly ffmpegPath?: string;
  readonly acceptedFormats?: readonly string[];
}

/** Null when the start and the end of the video decode; a refusal when they do not. */
export async function checkDecodable(
  path: string,
  probe: ProbeResult,
  options: DecodeCheckOptions = {},
): Promise<SourceRefusal | null> {
  try {
    await runFfmpeg(buildDecodeCheckArgs(path, probe, options.acceptedFormats), {
      timeoutMs: options.timeoutMs ?? 60_000,
      signal: options.signal,
      ffmpegPath: options.ffmpegPath,
    });
    return null;
  } catch (error) {
    if (error instanceof MediaToolError && error.failure === 'exit') {
      return refuse('undecodable', 'The video could not be decoded; the file may be truncated or damaged.');
    }
    throw error;
  }
}
