// Builds the master playlist from the planned (or measured) renditions. Pure.
import { quoted } from './attribute-list.js';
import { renditionFileNames } from './resource-names.js';

export interface MasterVariant {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** peak bits per second */
  readonly bandwidth: number;
  readonly averageBandwidth: number;
  /** RFC 6381 list, e.g. "avc1.64001f,mp4a.40.2" */
  readonly codecs: string;
  readonly frameRate: number | null;
}

export interface MasterPlaylistOptions {
  /**
   * Players start with the first variant listed: the largest whose peak bandwidth is at most
   * this goes first (default 3.5 Mbit/s, the 720p rung), the rest follow largest first.
   */
  readonly startBandwidth?: number;
}

const DEFAULT_START_BANDWIDTH = 3_500_000;

export function buildMasterPlaylist(variants: readonly MasterVariant[], options: MasterPlaylistOptions = {}): string {
  if (variants.length === 0) throw new RangeError('a master playlist needs at least one variant');
  const byBandwidth = [...variants].sort((a, b) => b.bandwidth - a.bandwidth);
  const limit = options.startBandwidth ?? DEFAULT_START_BANDWIDTH;
  const start = byBandwidth.find((v) => v.bandwidth <= limit) ?? byBandwidth[byBandwidth.length - 1];
  const ordered = [start, ...byBandwidth.filter((v) => v !== start)];

  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const variant of ordered) {
    const attributes = [
      `BANDWIDTH=${Math.ceil(variant.bandwidth)}`,
      `AVERAGE-BANDWIDTH=${Math.ceil(variant.averageBandwidth)}`,
      `RESOLUTION=${variant.width}x${variant.height}`,
      `CODECS=${quoted(variant.codecs)}`,
      ...(variant.frameRate !== null ? [`FRAME-RATE=${variant.frameRate.toFixed(3)}`] : []),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, renditionFileNames.variantPlaylist(variant.name));
  }
  return `${lines.join('\n')}\n`;
}
