// Reads an HLS playlist far enough to list what it points at: the variants of a master
// playlist, or the init section and segments (with durations and keys) of a media playlist.
import { PlaylistError, attributeValue, parseAttributeList } from './attribute-list.js';

export interface PlaylistKey {
  readonly method: string;
  readonly uri: string | null;
  /** as written, e.g. "0x1F…" */
  readonly iv: string | null;
}

export interface PlaylistSegment {
  readonly uri: string;
  readonly durationSec: number;
  readonly sequence: number;
  readonly key: PlaylistKey | null;
  /** the init section (EXT-X-MAP) in force for this segment */
  readonly map: { readonly uri: string; readonly key: PlaylistKey | null } | null;
}

export interface MediaPlaylist {
  readonly type: 'media';
  readonly version: number | null;
  readonly targetDurationSec: number;
  readonly mediaSequence: number;
  readonly playlistType: 'EVENT' | 'VOD' | null;
  readonly independentSegments: boolean;
  readonly endList: boolean;
  /** the first EXT-X-MAP's URI */
  readonly initSection: string | null;
  readonly segments: readonly PlaylistSegment[];
}

export interface PlaylistVariant {
  readonly uri: string;
  readonly bandwidth: number;
  readonly averageBandwidth: number | null;
  readonly resolution: string | null;
  readonly codecs: string | null;
  readonly frameRate: number | null;
}

export interface MasterPlaylist {
  readonly type: 'master';
  readonly version: number | null;
  readonly variants: readonly PlaylistVariant[];
}

export type Playlist = MediaPlaylist | MasterPlaylist;

export function parsePlaylist(text: string): Playlist {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines[0] !== '#EXTM3U') throw new PlaylistError('a playlist starts with #EXTM3U');
  const isMaster = lines.some((l) => l.startsWith('#EXT-X-STREAM-INF:'));
  return isMaster ? parseMaster(lines) : parseMedia(lines);
}

function parseMaster(lines: readonly string[]): MasterPlaylist {
  let version: number | null = null;
  const variants: PlaylistVariant[] = [];
  let pending: ReturnType<typeof parseAttributeList> | null = null;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const [tag, value] = splitTag(line);
    if (tag === 'EXT-X-VERSION') version = integer(value, tag);
    else if (tag === 'EXT-X-STREAM-INF') pending = parseAttributeList(value);
    else if (tag === null) {
      if (!pending) throw new PlaylistError(`URI "${line}" without #EXT-X-STREAM-INF`);
      const frameRate = attributeValue(pending, 'FRAME-RATE');
      const average = attributeValue(pending, 'AVERAGE-BANDWIDTH');
      variants.push({
        uri: line,
        bandwidth: integer(attributeValue(pending, 'BANDWIDTH') ?? '', 'BANDWIDTH'),
        averageBandwidth: average === undefined ? null : integer(average, 'AVERAGE-BANDWIDTH'),
        resolution: attributeValue(pending, 'RESOLUTION') ?? null,
        codecs: attributeValue(pending, 'CODECS') ?? null,
        frameRate: frameRate === undefined ? null : Number(frameRate),
      });
      pending = null;
    }
  }
  return { type: 'master', version, variants };
}

function parseMedia(lines: readonly string[]): MediaPlaylist {
  let version: number | null = null;
  let targetDurationSec: number | null = null;
  let mediaSequence = 0;
  let playlistType: 'EVENT' | 'VOD' | null = null;
  let independentSegments = false;
  let endList = false;
  let key: PlaylistKey | null = null;
  let map: PlaylistSegment['map'] = null;
  let initSection: string | null = null;
  let duration: number | null = null;
  const segments: PlaylistSegment[] = [];

  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const [tag, value] = splitTag(line);
    switch (tag) {
      case 'EXT-X-VERSION':
        version = integer(value, tag);
        break;
      case 'EXT-X-TARGETDURATION':
        targetDurationSec = integer(value, tag);
        break;
      case 'EXT-X-MEDIA-SEQUENCE':
        mediaSequence = integer(value, tag);
        break;
      case 'EXT-X-PLAYLIST-TYPE':
        if (value !== 'EVENT' && value !== 'VOD') throw new PlaylistError(`unknown playlist type "${value}"`);
        playlistType = value;
        break;
      case 'EXT-X-INDEPENDENT-SEGMENTS':
        independentSegments = true;
        break;
      case 'EXT-X-ENDLIST':
        endList = true;
        break;
      case 'EXT-X-KEY': {
        const attributes = parseAttributeList(value);
        const method = attributeValue(attributes, 'METHOD') ?? '';
        key =
          method === 'NONE'
            ? null
            : { method, uri: attributeValue(attributes, 'URI') ?? null, iv: attributeValue(attributes, 'IV') ?? null };
        break;
      }
      case 'EXT-X-MAP': {
        const uri = attributeValue(parseAttributeList(value), 'URI');
        if (!uri) throw new PlaylistError('#EXT-X-MAP without URI');
        map = { uri, key };
        initSection ??= uri;
        break;
      }
      case 'EXTINF': {
        const seconds = Number(value.split(',')[0]);
        if (!Number.isFinite(seconds) || seconds < 0) throw new PlaylistError(`bad #EXTINF duration "${value}"`);
        duration = seconds;
        break;
      }
      case null:
        if (duration === null) throw new PlaylistError(`segment "${line}" without #EXTINF`);
        segments.push({ uri: line, durationSec: duration, sequence: mediaSequence + segments.length, key, map });
        duration = null;
        break;
      default:
        break; // tags this reader does not need
    }
  }
  if (targetDurationSec === null) throw new PlaylistError('a media playlist needs #EXT-X-TARGETDURATION');
  return {
    type: 'media',
    version,
    targetDurationSec,
    mediaSequence,
    playlistType,
    independentSegments,
    endList,
    initSection,
    segments,
  };
}

/** "#EXT-X-KEY:METHOD=…" → ["EXT-X-KEY", "METHOD=…"]; a URI line → [null, line]. */
export function splitTag(line: string): [string | null, string] {
  if (!line.startsWith('#')) return [null, line];
  const colon = line.indexOf(':');
  return colon < 0 ? [line.slice(1), ''] : [line.slice(1, colon), line.slice(colon + 1)];
}

function integer(value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new PlaylistError(`${what} must be a whole number, not "${value}"`);
  return Number(value);
}
