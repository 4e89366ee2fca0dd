// Maps every URI in a playlist through a function: segment and variant lines, and the URI
// attribute of the tags that carry one. The streaming API uses it to give each URI its own
// token; nothing else in the playlist changes.
import { PlaylistError, formatAttributeList, parseAttributeList, quoted } from './attribute-list.js';
import { splitTag } from './parse-playlist.js';

/** Tags whose URI attribute names another resource (RFC 8216 and its low-latency additions). */
const TAGS_WITH_URI = new Set([
  'EXT-X-KEY',
  'EXT-X-SESSION-KEY',
  'EXT-X-MAP',
  'EXT-X-MEDIA',
  'EXT-X-I-FRAME-STREAM-INF',
  'EXT-X-IMAGE-STREAM-INF',
  'EXT-X-SESSION-DATA',
  'EXT-X-PART',
  'EXT-X-PRELOAD-HINT',
  'EXT-X-RENDITION-REPORT',
]);

/**
 * @param mapUri gets each URI and the tag it belongs to: "EXTINF" for a media segment,
 *   "EXT-X-STREAM-INF" for a variant, or the tag holding a URI attribute ("EXT-X-KEY", …).
 */
export function rewritePlaylistUris(text: string, mapUri: (uri: string, tag: string) => string): string {
  let lineOwner = 'EXTINF';
  const lines = text.split(/\r?\n/).map((line) => {
    const trimmed = line.trim();
    if (trimmed === '') return trimmed;
    const [tag, value] = splitTag(trimmed);
    if (tag === null) return singleLine(mapUri(trimmed, lineOwner));
    if (tag === 'EXT-X-STREAM-INF' || tag === 'EXTINF') lineOwner = tag;
    if (!TAGS_WITH_URI.has(tag)) return trimmed;
    const attributes = parseAttributeList(value);
    const rewritten = attributes.map((a) =>
      a.name === 'URI' ? { name: a.name, raw: quoted(mapUri(a.raw.replace(/^"|"$/g, ''), tag)) } : a,
    );
    return `#${tag}:${formatAttributeList(rewritten)}`;
  });
  return lines.join('\n');
}

/**
 * The same for a storyboard WebVTT track: its cue payloads are image URIs with an `#xywh=`
 * fragment, which stays after the rewritten URI.
 */
export function rewriteStoryboardUris(vtt: string, mapUri: (uri: string) => string): string {
  return vtt
    .split(/\r?\n/)
    .map((line) => {
      const match = /^([^\s#]+)(#xywh=\d+,\d+,\d+,\d+)$/.exec(line.trim());
      return match ? `${singleLine(mapUri(match[1]))}${match[2]}` : line;
    })
    .join('\n');
}

function singleLine(uri: string): string {
  if (uri === '' || /[\r\n]/.test(uri) || uri.startsWith('#')) {
    throw new PlaylistError('a rewritten URI must be one non-empty line that is not a tag');
  }
  return uri;
}
