// The one error type thrown when ffmpeg or ffprobe cannot do its job. Its message is safe to show
// (paths redacted to file names); the full command line is kept apart for logs.
export type MediaToolName = 'ffmpeg' | 'ffprobe';

export type MediaToolFailure =
  /** the process ran and exited non-zero (or was killed by a signal we did not send) */
  | 'exit'
  /** the time limit passed and the process was killed */
  | 'timeout'
  /** the caller's AbortSignal fired */
  | 'aborted'
  /** the executable could not be started (missing binary, no permission) */
  | 'spawn'
  /** the process succeeded but printed something we could not understand */
  | 'output';

export interface MediaToolErrorDetails {
  readonly tool: MediaToolName;
  readonly failure: MediaToolFailure;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** last lines of stderr, with paths reduced to their file names */
  readonly stderrTail: readonly string[];
  /** the full argument list, for logs only: it contains local paths */
  readonly command: readonly string[];
}

export class MediaToolError extends Error implements MediaToolErrorDetails {
  readonly tool: MediaToolName;
  readonly failure: MediaToolFailure;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: readonly string[];
  readonly command: readonly string[];

  constructor(summary: string, details: MediaToolErrorDetails, options?: { cause?: unknown }) {
    const tail = details.stderrTail.length > 0 ? `: ${details.stderrTail.join(' | ')}` : '';
    super(`${summary}${tail}`, options);
    this.name = 'MediaToolError';
    this.tool = details.tool;
    this.failure = details.failure;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.stderrTail = details.stderrTail;
    this.command = details.command;
  }
}
