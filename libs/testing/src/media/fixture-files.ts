// Where generated media lives and how it is made: a fresh temporary folder per file (unless the
// caller names one) and FFmpeg run with a time limit, failing loudly with its own message.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface GeneratedMedia {
  /** absolute path of the produced file */
  readonly path: string;
  /** the folder it is in */
  readonly dir: string;
  /** removes the folder if the generator made it, else only the file */
  remove(): Promise<void>;
}

export interface OutputOptions {
  /** an existing folder to write into; default: a new temporary folder */
  readonly dir?: string;
  readonly fileName?: string;
}

export async function prepareOutput(options: OutputOptions, defaultName: string): Promise<GeneratedMedia> {
  const ownFolder = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'reelguard-media-')));
  const path = join(dir, options.fileName ?? defaultName);
  return {
    path,
    dir,
    remove: () => rm(ownFolder ? dir : path, { recursive: true, force: true }),
  };
}

export async function runFixtureFfmpeg(args: readonly string[], timeoutMs = 60_000): Promise<void> {
  try {
    await exec('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { timeout: timeoutMs });
  } catch (error) {
    const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : '';
    throw new Error(`ffmpeg could not generate test media: ${stderr.trim() || String(error)}`, { cause: error });
  }
}
