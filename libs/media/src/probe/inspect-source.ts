// The whole admission check for an uploaded file, in the order that costs least and exposes
// least: sniff its first bytes, probe it, judge the probe, then decode its two ends.
import { open } from 'node:fs/promises';
import { localPath } from '../commands/safe-input.js';
import { MediaToolError } from '../process/media-tool-error.js';
import { assessSource } from './assess-source.js';
import { checkDecodable } from './decode-check.js';
import { probeMedia } from './probe-media.js';
import type { ProbeResult } from './probe-result.js';
import { type SourceRefusal, refuse } from './source-refusal.js';
import { DEFAULT_SOURCE_LIMITS, type SourceLimits } from './source-limits.js';
import { SNIFF_BYTES, sniffSource } from './sniff-source.js';

export interface InspectSourceOptions {
  readonly limits?: SourceLimits;
  /** per tool run; default 30 s for ffprobe, 60 s for the decode check */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly ffprobePath?: string;
  readonly ffmpegPath?: string;
  /**
   * false leaves out the decode check, for a caller that runs `checkDecodable` itself beside
   * other work (the worker runs it while the encode starts); default true
   */
  readonly checkDecoding?: boolean;
}

export type SourceInspection =
  { readonly ok: true; readonly probe: ProbeResult } | (SourceRefusal & { readonly probe: ProbeResult | null });

/**
 * Refusals are results; only infrastructure trouble (missing file, missing binary,
 * cancellation) throws.
 */
export async function inspectSource(path: string, options: InspectSourceOptions = {}): Promise<SourceInspection> {
  const limits = options.limits ?? DEFAULT_SOURCE_LIMITS;
  const sniffed = sniffSource(await readHead(path));
  if (sniffed) return { ...sniffed, probe: null };

  let probe: ProbeResult;
  try {
    probe = await probeMedia(path, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      ffprobePath: options.ffprobePath,
      acceptedFormats: limits.acceptedFormats,
    });
  } catch (error) {
    if (!isUnreadable(error)) throw error;
    const reason = 'The file could not be read as a video; it may be damaged, incomplete or in an unsupported format.';
    return { ...refuse('unreadable', reason), probe: null };
  }

  const assessment = assessSource(probe, limits);
  if (!assessment.ok) return { ...assessment, probe };
  if (options.checkDecoding === false) return { ok: true, probe };

  const undecodable = await checkDecodable(path, probe, {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    ffmpegPath: options.ffmpegPath,
    acceptedFormats: limits.acceptedFormats,
  });
  return undecodable ? { ...undecodable, probe } : { ok: true, probe };
}

// A file that makes ffprobe fail, print nonsense or hang is the file's fault.
function isUnreadable(error: unknown): boolean {
  return (
    error instanceof MediaToolError &&
    (error.failure === 'exit' || error.failure === 'output' || error.failure === 'timeout')
  );
}

async function readHead(path: string): Promise<Uint8Array> {
  const file = await open(localPath(path), 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
