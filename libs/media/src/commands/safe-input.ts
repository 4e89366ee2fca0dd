// The input options every FFmpeg and ffprobe invocation on an uploaded file carries, kept in
// one place: local files only, only the accepted demuxers, and no way for a path to be read as
// an option or a protocol.
import { isAbsolute, resolve } from 'node:path';
import { VIDEO_CONTAINER_FORMATS } from '../probe/source-limits.js';

export const COMMON_ARGS: readonly string[] = ['-hide_banner', '-nostdin', '-loglevel', 'error'];

/**
 * `-protocol_whitelist file` stops network and pipe protocols; `-format_whitelist` stops the
 * demuxers (HLS, concat, DASH, SDP…) that would open other files named inside the input.
 */
export function safeInputArgs(inputPath: string, formats: readonly string[] = VIDEO_CONTAINER_FORMATS): string[] {
  if (formats.length === 0 || formats.some((f) => !/^[a-z0-9_]+$/.test(f))) {
    throw new TypeError('accepted formats must be FFmpeg demuxer names');
  }
  return ['-protocol_whitelist', 'file', '-format_whitelist', formats.join(','), '-i', localPath(inputPath)];
}

/**
 * An absolute path starts with "/", so FFmpeg can neither take it for an option ("-x") nor for
 * a protocol ("concat:a|b").
 */
export function localPath(path: string): string {
  if (path === '' || path.includes('\0')) throw new TypeError('a media path must be a non-empty file path');
  return isAbsolute(path) ? path : resolve(path);
}
