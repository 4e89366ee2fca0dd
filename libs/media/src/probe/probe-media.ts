// Runs ffprobe on a local file and returns what it found. ffprobe is limited to local files
// and to the accepted demuxers (plus single-image ones, so a picture gets a clear refusal).
import { localPath } from '../commands/safe-input.js';
import { MediaToolError } from '../process/media-tool-error.js';
import { runProcess } from '../process/run-process.js';
import { ProbeOutputError, parseProbeOutput } from './parse-probe.js';
import type { ProbeResult } from './probe-result.js';
import { STILL_IMAGE_FORMATS, VIDEO_CONTAINER_FORMATS } from './source-limits.js';

export interface ProbeOptions {
  /** default 30 s */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** default "ffprobe" from PATH */
  readonly ffprobePath?: string;
  /** demuxers allowed to read the file; default: the video containers */
  readonly acceptedFormats?: readonly string[];
}

const DEFAULT_PROBE_TIMEOUT_MS = 30_000;
// A file with thousands of streams is refused anyway; this only bounds memory.
const MAX_PROBE_OUTPUT_BYTES = 4 * 1024 * 1024;

/** The ffprobe arguments, as plain data. */
export function buildProbeArgs(path: string, acceptedFormats: readonly string[] = VIDEO_CONTAINER_FORMATS): string[] {
  const formats = [...new Set([...acceptedFormats, ...STILL_IMAGE_FORMATS])];
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-protocol_whitelist',
    'file',
    '-format_whitelist',
    formats.join(','),
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    '-i',
    localPath(path),
  ];
}

/** Probes a file; throws MediaToolError when ffprobe cannot read it. */
export async function probeMedia(path: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const args = buildProbeArgs(path, options.acceptedFormats);
  const executable = options.ffprobePath ?? 'ffprobe';
  const { stdout, stderrTail } = await runProcess({
    tool: 'ffprobe',
    executable,
    args,
    timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    signal: options.signal,
    captureStdoutMaxBytes: MAX_PROBE_OUTPUT_BYTES,
  });
  try {
    return parseProbeOutput(JSON.parse(stdout));
  } catch (error) {
    const summary = error instanceof ProbeOutputError ? error.message : 'ffprobe printed output that is not JSON';
    throw new MediaToolError(
      summary,
      { tool: 'ffprobe', failure: 'output', exitCode: 0, signal: null, stderrTail, command: [executable, ...args] },
      { cause: error },
    );
  }
}
