// Publishes an encode while FFmpeg is still writing it: every pass uploads the segments FFmpeg
// has finished (encrypted with the video's key, each with its own IV) and then the variant
// playlist listing only what is stored, so players can start long before the ladder is done.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  encryptSegment,
  parsePlaylist,
  publishVariantPlaylist,
  renditionFileNames,
  segmentIvDeriver,
  type PublishedSegment,
} from '@reelguard/media';
import type { ObjectStorage } from '@reelguard/storage';

export const PLAYLIST_CONTENT_TYPE = 'application/vnd.apple.mpegurl';

export function hlsKey(videoId: string, name: string): string {
  return `videos/${videoId}/hls/${name}`;
}

interface RenditionState {
  publishedSegments: number;
  ended: boolean;
  segments: readonly PublishedSegment[];
  sizes: Map<string, number>;
}

export interface PublisherOptions {
  storage: ObjectStorage;
  videoId: string;
  outputDir: string;
  renditions: readonly string[];
  key: Buffer;
}

export class HlsPublisher {
  private readonly uploaded = new Set<string>();
  private readonly state = new Map<string, RenditionState>();
  private readonly ivFor: (name: string) => Buffer;

  constructor(private readonly options: PublisherOptions) {
    this.ivFor = segmentIvDeriver(options.key);
    for (const name of options.renditions)
      this.state.set(name, { publishedSegments: -1, ended: false, segments: [], sizes: new Map() });
  }

  /** One pass over every rendition; `final` ends each playlist (the encode has finished). */
  async sync(final = false): Promise<void> {
    await Promise.all(this.options.renditions.map((rendition) => this.syncRendition(rendition, final)));
  }

  /** Every rendition has its init section and at least `segments` media segments stored and listed. */
  hasPlayableStart(segments = 1): boolean {
    return [...this.state.values()].every((s) => s.publishedSegments >= segments);
  }

  /** Seconds of media stored and listed in every rendition (the one furthest behind). */
  publishedSec(): number {
    return Math.min(
      ...[...this.state.values()].map((s) => s.segments.reduce((sum, segment) => sum + segment.durationSec, 0)),
    );
  }

  /** Stored size and duration of every segment of a rendition, for measured bandwidths. */
  segmentsOf(rendition: string): { bytes: number; durationSec: number }[] {
    const state = this.state.get(rendition)!;
    return state.segments.map((s) => ({ bytes: state.sizes.get(s.name) ?? 0, durationSec: s.durationSec }));
  }

  private async syncRendition(rendition: string, final: boolean): Promise<void> {
    const state = this.state.get(rendition)!;
    if (state.ended) return;
    const playlistPath = join(this.options.outputDir, renditionFileNames.variantPlaylist(rendition));
    let text: string;
    try {
      text = await readFile(playlistPath, 'utf8');
    } catch {
      if (final) throw new Error(`FFmpeg finished without writing the ${rendition} playlist`);
      return;
    }
    let parsed;
    try {
      parsed = parsePlaylist(text);
    } catch (error) {
      // FFmpeg may be replacing the file right now; the next pass reads the new one.
      if (final) throw error;
      return;
    }
    if (parsed.type !== 'media' || !parsed.initSection) return;
    await this.uploadOnce(parsed.initSection, state);
    for (const segment of parsed.segments) await this.uploadOnce(segment.uri, state);

    const published = publishVariantPlaylist(text, {
      rendition,
      ivFor: this.ivFor,
      isAvailable: (name) => this.uploaded.has(name),
      final,
    });
    if (published.segments.length !== state.publishedSegments || published.ended) {
      await this.options.storage.putBuffer(
        hlsKey(this.options.videoId, renditionFileNames.variantPlaylist(rendition)),
        published.text,
        PLAYLIST_CONTENT_TYPE,
      );
      state.publishedSegments = published.segments.length;
      state.segments = published.segments;
      state.ended = published.ended;
    }
  }

  private async uploadOnce(name: string, state: RenditionState): Promise<void> {
    if (this.uploaded.has(name)) return;
    const path = join(this.options.outputDir, name);
    try {
      await stat(path);
    } catch {
      return;
    }
    const encrypted = encryptSegment(await readFile(path), this.options.key, this.ivFor(name));
    await this.options.storage.putBuffer(
      hlsKey(this.options.videoId, name),
      encrypted,
      name.endsWith('.mp4') ? 'video/mp4' : 'video/iso.segment',
    );
    this.uploaded.add(name);
    state.sizes.set(name, encrypted.length);
  }
}
