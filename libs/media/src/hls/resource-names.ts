// The grammar of the names a video's published files go by. Storage keys and streaming URLs
// are one flat path segment each, so a name either matches exactly one of these shapes or is
// refused: no separators, dots only before the extension, no encodings, nothing else.
export type ResourceName =
  | { readonly kind: 'master' }
  | { readonly kind: 'variant-playlist'; readonly rendition: string }
  | { readonly kind: 'init-segment'; readonly rendition: string }
  | { readonly kind: 'media-segment'; readonly rendition: string; readonly index: number }
  | { readonly kind: 'key' }
  | { readonly kind: 'poster' }
  | { readonly kind: 'storyboard-image' }
  | { readonly kind: 'storyboard-track' };

export type ResourceKind = ResourceName['kind'];

export const MASTER_PLAYLIST_NAME = 'master.m3u8';
export const KEY_NAME = 'key';
export const POSTER_NAME = 'poster.jpg';
export const STORYBOARD_IMAGE_NAME = 'storyboard.jpg';
export const STORYBOARD_TRACK_NAME = 'storyboard.vtt';

/** Rendition names: lowercase letters and digits, e.g. "1080p". */
const RENDITION = '[a-z0-9]{1,16}';
const RESERVED_RENDITION_NAMES = new Set(['master', 'key', 'poster', 'storyboard']);
const SEGMENT_INDEX_DIGITS = 5;
const MAX_NAME_LENGTH = 64;

const VARIANT_PLAYLIST = new RegExp(`^(${RENDITION})\\.m3u8$`);
const INIT_SEGMENT = new RegExp(`^(${RENDITION})_init\\.mp4$`);
// FFmpeg pads to five digits and writes more once it passes 99999.
const MEDIA_SEGMENT = new RegExp(`^(${RENDITION})_(\\d{${SEGMENT_INDEX_DIGITS},7})\\.m4s$`);

const FIXED: Readonly<Record<string, ResourceName>> = {
  [MASTER_PLAYLIST_NAME]: { kind: 'master' },
  [KEY_NAME]: { kind: 'key' },
  [POSTER_NAME]: { kind: 'poster' },
  [STORYBOARD_IMAGE_NAME]: { kind: 'storyboard-image' },
  [STORYBOARD_TRACK_NAME]: { kind: 'storyboard-track' },
};

export function isValidRenditionName(name: string): boolean {
  return new RegExp(`^${RENDITION}$`).test(name) && !RESERVED_RENDITION_NAMES.has(name);
}

/** Null for anything that is not exactly one of Reelguard's resource names. */
export function parseResourceName(name: unknown): ResourceName | null {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) return null;
  if (Object.hasOwn(FIXED, name)) return FIXED[name];

  const variant = VARIANT_PLAYLIST.exec(name);
  if (variant) return renditionOk(variant[1]) ? { kind: 'variant-playlist', rendition: variant[1] } : null;
  const init = INIT_SEGMENT.exec(name);
  if (init) return renditionOk(init[1]) ? { kind: 'init-segment', rendition: init[1] } : null;
  const segment = MEDIA_SEGMENT.exec(name);
  if (segment && renditionOk(segment[1])) {
    return { kind: 'media-segment', rendition: segment[1], index: Number(segment[2]) };
  }
  return null;
}

export function isValidResourceName(name: unknown): name is string {
  return parseResourceName(name) !== null;
}

function renditionOk(name: string | undefined): name is string {
  return name !== undefined && !RESERVED_RENDITION_NAMES.has(name);
}

/** The file names FFmpeg is told to write, and that the grammar above accepts. */
export const renditionFileNames = {
  variantPlaylist: (rendition: string): string => `${rendition}.m3u8`,
  initSegment: (rendition: string): string => `${rendition}_init.mp4`,
  mediaSegment: (rendition: string, index: number): string =>
    `${rendition}_${String(index).padStart(SEGMENT_INDEX_DIGITS, '0')}.m4s`,
  /** The media segment names as the pattern FFmpeg's HLS muxer numbers (`720p_%05d.m4s`). */
  mediaSegmentPattern: (rendition: string): string => `${rendition}_%0${SEGMENT_INDEX_DIGITS}d.m4s`,
};

export function contentTypeOf(resource: ResourceName): string {
  switch (resource.kind) {
    case 'master':
    case 'variant-playlist':
      return 'application/vnd.apple.mpegurl';
    case 'init-segment':
    case 'media-segment':
      return 'video/mp4';
    case 'key':
      return 'application/octet-stream';
    case 'poster':
    case 'storyboard-image':
      return 'image/jpeg';
    case 'storyboard-track':
      return 'text/vtt';
  }
}

/** Init and media segments are encrypted with the video's key before they are stored. */
export function isEncryptedResource(resource: ResourceName): boolean {
  return resource.kind === 'init-segment' || resource.kind === 'media-segment';
}
