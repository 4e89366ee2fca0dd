// The plain-data shape every command builder returns; the runner only ever sees this.
export interface FfmpegCommand {
  readonly args: readonly string[];
}

export type X264Preset =
  'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow' | 'slower' | 'veryslow';

/** A folder FFmpeg writes into: absolute, and free of "%", which its muxers read as a pattern. */
export function outputFolder(path: string): string {
  if (path.includes('%')) throw new TypeError('an output folder for FFmpeg must not contain "%"');
  return path;
}
