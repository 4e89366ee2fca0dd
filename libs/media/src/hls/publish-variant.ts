// Turns a variant playlist as FFmpeg wrote it into the one viewers get: only segments that are
// already stored, an EXT-X-KEY with its own IV before the init section and before each
// segment, and an end marker once the rendition is complete. Pure.
import { PlaylistError, quoted } from './attribute-list.js';
import { type MediaPlaylist, parsePlaylist } from './parse-playlist.js';
import { KEY_NAME, parseResourceName } from './resource-names.js';
import { formatIv } from './segment-crypto.js';

export interface PublishVariantOptions {
  /** every URI in the playlist must be this rendition's */
  readonly rendition: string;
  /** the IV each file was (or will be) encrypted with, e.g. `segmentIvDeriver(key)` */
  readonly ivFor: (resourceName: string) => Uint8Array;
  /** default "key" */
  readonly keyUri?: string;
  /**
   * Whether a file is stored yet; the playlist stops before the first one that is not, so a
   * player is never sent to a segment that does not exist. Default: everything is.
   */
  readonly isAvailable?: (resourceName: string) => boolean;
  /** the encode is over: end the playlist (EXT-X-ENDLIST, type VOD) */
  readonly final?: boolean;
}

export interface PublishedSegment {
  readonly name: string;
  readonly durationSec: number;
}

export interface PublishedVariant {
  readonly text: string;
  readonly initSegment: string;
  readonly segments: readonly PublishedSegment[];
  /** the playlist is complete and says so */
  readonly ended: boolean;
}

export function publishVariantPlaylist(ffmpegPlaylist: string, options: PublishVariantOptions): PublishedVariant {
  const parsed = parsePlaylist(ffmpegPlaylist);
  if (parsed.type !== 'media') throw new PlaylistError('expected a media playlist, got a master playlist');
  const initSegment = checkNames(parsed, options.rendition);
  const available = options.isAvailable ?? (() => true);

  const kept: PublishedSegment[] = [];
  if (available(initSegment)) {
    for (const segment of parsed.segments) {
      if (!available(segment.uri)) break;
      kept.push({ name: segment.uri, durationSec: segment.durationSec });
    }
  }
  const complete = kept.length === parsed.segments.length;
  if (options.final && !complete) {
    throw new PlaylistError(
      `cannot end ${options.rendition}: ${parsed.segments.length - kept.length} segment(s) are not stored yet`,
    );
  }
  const ended = complete && (parsed.endList || options.final === true);

  const keyLine = (name: string): string =>
    `#EXT-X-KEY:METHOD=AES-128,URI=${quoted(options.keyUri ?? KEY_NAME)},IV=${formatIv(options.ivFor(name))}`;
  // Rounded EXTINF durations must not exceed the target (RFC 8216 §4.3.3.1).
  const target = Math.max(parsed.targetDurationSec, ...kept.map((s) => Math.round(s.durationSec)));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${target}`,
    `#EXT-X-MEDIA-SEQUENCE:${parsed.mediaSequence}`,
    `#EXT-X-PLAYLIST-TYPE:${ended ? 'VOD' : 'EVENT'}`,
    ...(parsed.independentSegments ? ['#EXT-X-INDEPENDENT-SEGMENTS'] : []),
    // The key line before the map: the init section is encrypted too, and needs its IV.
    keyLine(initSegment),
    `#EXT-X-MAP:URI=${quoted(initSegment)}`,
    ...kept.flatMap((s) => [keyLine(s.name), `#EXTINF:${s.durationSec.toFixed(6)},`, s.name]),
    ...(ended ? ['#EXT-X-ENDLIST'] : []),
  ];
  return { text: `${lines.join('\n')}\n`, initSegment, segments: kept, ended };
}

/** Every URI must be one of this rendition's own flat names; returns the init section's. */
function checkNames(playlist: MediaPlaylist, rendition: string): string {
  const initSegment = playlist.initSection;
  if (playlist.segments.some((s) => s.map?.uri !== initSegment)) {
    throw new PlaylistError('every segment of a rendition needs its one init section');
  }
  for (const segment of playlist.segments) {
    const name = parseResourceName(segment.uri);
    if (name?.kind !== 'media-segment' || name.rendition !== rendition) {
      throw new PlaylistError(`"${segment.uri}" is not a segment of ${rendition}`);
    }
  }
  if (initSegment === null) throw new PlaylistError('an fMP4 rendition needs #EXT-X-MAP');
  const init = parseResourceName(initSegment);
  if (init?.kind !== 'init-segment' || init.rendition !== rendition) {
    throw new PlaylistError(`"${initSegment}" is not the init section of ${rendition}`);
  }
  return initSegment;
}
