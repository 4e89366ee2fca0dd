// The thin runner for every FFmpeg command the builders produce: spawns it, reports progress
// from `-progress pipe:1`, and enforces the time limit and cancellation.
import { type FfmpegProgress, ProgressParser } from './progress.js';
import { runProcess } from './run-process.js';

export interface RunFfmpegOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** the source's duration, to turn FFmpeg's output time into a fraction */
  readonly durationSec?: number | null;
  readonly onProgress?: (progress: FfmpegProgress) => void;
  /** default "ffmpeg" from PATH */
  readonly ffmpegPath?: string;
  readonly killGraceMs?: number;
}

export interface FfmpegRunResult {
  /** warnings FFmpeg printed although it succeeded */
  readonly stderrTail: readonly string[];
}

export async function runFfmpeg(args: readonly string[], options: RunFfmpegOptions): Promise<FfmpegRunResult> {
  const parser = new ProgressParser(options.durationSec ?? null);
  const onProgress = options.onProgress;
  // A throwing callback must not become an uncaught exception inside a stream handler: keep
  // the first error and raise it once FFmpeg is done.
  const callbackErrors: unknown[] = [];
  const report = (progress: FfmpegProgress): void => {
    if (!onProgress || callbackErrors.length > 0) return;
    try {
      onProgress(progress);
    } catch (error) {
      callbackErrors.push(error);
    }
  };
  const result = await runProcess({
    tool: 'ffmpeg',
    executable: options.ffmpegPath ?? 'ffmpeg',
    args,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    killGraceMs: options.killGraceMs,
    onStdout: onProgress ? (chunk) => parser.push(chunk).forEach(report) : undefined,
  });
  if (callbackErrors.length > 0) throw callbackErrors[0];
  return { stderrTail: result.stderrTail };
}
