// Runs ffmpeg or ffprobe as a child process with a time limit and an abort signal, and turns
// every way it can go wrong into a MediaToolError. Knows nothing of what the tool is doing.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MediaToolError, type MediaToolFailure, type MediaToolName } from './media-tool-error.js';
import { StderrTail } from './stderr-tail.js';

export interface RunProcessOptions {
  readonly tool: MediaToolName;
  readonly executable: string;
  readonly args: readonly string[];
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** after SIGTERM, how long the tool may take to exit before SIGKILL (default 2 s) */
  readonly killGraceMs?: number;
  /** called with each stdout chunk (progress lines) */
  readonly onStdout?: (chunk: string) => void;
  /** keep stdout and return it, refusing more than this many bytes */
  readonly captureStdoutMaxBytes?: number;
}

export interface ProcessResult {
  readonly stdout: string;
  readonly stderrTail: readonly string[];
}

const DEFAULT_KILL_GRACE_MS = 2_000;

/** Executables found so far, by name: a worker starts the same few tools over and over. */
const found = new Map<string, string>();

/**
 * util-linux's `setpriv`, which sets the parent-death signal (PR_SET_PDEATHSIG) and then
 * becomes the tool: a process killed outright (SIGKILL, the OOM killer) takes its FFmpeg with
 * it instead of leaving an encode running for seconds into the folder its retry reuses.
 */
const SETPRIV = process.platform === 'linux' ? findExecutable('/usr/bin/setpriv') : null;

function findExecutable(name: string): string | null {
  const known = found.get(name);
  if (known) return known;
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      found.set(name, candidate);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** The command to spawn: the tool itself, behind setpriv when both are there. */
function spawnCommand(executable: string, args: readonly string[]): [string, string[]] {
  // A tool that cannot be found is spawned as it is, so the failure stays a spawn error (ENOENT).
  if (SETPRIV && findExecutable(executable)) return [SETPRIV, ['--pdeathsig', 'KILL', '--', executable, ...args]];
  return [executable, [...args]];
}

export function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const { tool, executable, args, signal } = options;
  const fail = (
    summary: string,
    failure: MediaToolFailure,
    tail: readonly string[],
    exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null },
    cause?: unknown,
  ): MediaToolError =>
    new MediaToolError(
      summary,
      { tool, failure, exitCode: exit.code, signal: exit.signal, stderrTail: tail, command: [executable, ...args] },
      { cause },
    );

  if (signal?.aborted) return Promise.reject(fail(`${tool} was cancelled before it started`, 'aborted', []));

  return new Promise<ProcessResult>((resolve, reject) => {
    const [command, commandArgs] = spawnCommand(executable, args);
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stderr = new StderrTail();
    const stdoutChunks: string[] = [];
    let stdoutBytes = 0;
    let stopReason: { failure: MediaToolFailure; summary: string } | null = null;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = (failure: MediaToolFailure, summary: string): void => {
      if (stopReason) return;
      stopReason = { failure, summary };
      child.kill('SIGTERM');
      // FFmpeg finishes its files on SIGTERM; a stuck one must still go.
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    };
    const timeout = setTimeout(
      () => stop('timeout', `${tool} did not finish within ${Number((options.timeoutMs / 1000).toFixed(1))} s`),
      options.timeoutMs,
    );
    const onAbort = (): void => stop('aborted', `${tool} was cancelled`);
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => stderr.push(chunk));
    child.stdout.on('data', (chunk: string) => {
      options.onStdout?.(chunk);
      if (options.captureStdoutMaxBytes === undefined) return;
      stdoutBytes += Buffer.byteLength(chunk);
      if (stdoutBytes > options.captureStdoutMaxBytes) {
        stop('output', `${tool} printed more than ${options.captureStdoutMaxBytes} bytes`);
        return;
      }
      stdoutChunks.push(chunk);
    });

    let settled = false;
    const finish = (): void => {
      settled = true;
      clearTimeout(timeout);
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      // With a pid the process did start (a kill failed, say): 'close' still reports its end.
      if (settled || child.pid !== undefined) return;
      finish();
      reject(fail(`${tool} could not be started (${error.code ?? error.message})`, 'spawn', [], undefined, error));
    });
    child.once('close', (code, exitSignal) => {
      if (settled) return;
      finish();
      const tail = stderr.read();
      const exit = { code, signal: exitSignal };
      if (stopReason) reject(fail(stopReason.summary, stopReason.failure, tail, exit));
      else if (code !== 0) {
        const how = code === null ? `was killed by ${exitSignal ?? 'a signal'}` : `exited with code ${code}`;
        reject(fail(`${tool} ${how}`, 'exit', tail, exit));
      } else resolve({ stdout: stdoutChunks.join(''), stderrTail: tail });
    });
  });
}
