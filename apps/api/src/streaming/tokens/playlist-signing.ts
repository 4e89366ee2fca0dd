// Gives every URI in a stored playlist its own token, so each variant playlist, init segment,
// media segment and key request proves its scope. Pure: the caller supplies the signer. A URI
// that is not one of this video's own flat resource names is refused, never signed: a playlist
// must not be able to send a player (with a valid token) anywhere else.
import { parseResourceName, rewritePlaylistUris, type ResourceKind } from '@reelguard/media';

export class PlaylistRejected extends Error {
  override readonly name = 'PlaylistRejected';
}

/** Returns the token for one resource name. */
export type ResourceSigner = (resource: string) => string;

const MASTER_URIS: ReadonlySet<ResourceKind> = new Set(['variant-playlist']);
const MEDIA_URIS: ReadonlySet<ResourceKind> = new Set(['init-segment', 'media-segment', 'key']);

/** The master playlist: each variant playlist URI gets a token. */
export function signMasterPlaylist(text: string, sign: ResourceSigner): string {
  return signUris(text, sign, (uri) => {
    const name = parseResourceName(uri);
    return name !== null && MASTER_URIS.has(name.kind);
  });
}

/** A variant playlist of `rendition`: its init section, its segments and the key get tokens. */
export function signMediaPlaylist(text: string, rendition: string, sign: ResourceSigner): string {
  return signUris(text, sign, (uri) => {
    const name = parseResourceName(uri);
    if (name === null || !MEDIA_URIS.has(name.kind)) return false;
    return name.kind === 'key' || ('rendition' in name && name.rendition === rendition);
  });
}

function signUris(text: string, sign: ResourceSigner, allowed: (uri: string) => boolean): string {
  // One token per name within a playlist: every EXT-X-KEY line then names the same key URI,
  // which players fetch once and cache.
  const tokens = new Map<string, string>();
  return rewritePlaylistUris(text, (uri) => {
    if (!allowed(uri))
      throw new PlaylistRejected(
        `the stored playlist refers to "${uri.slice(0, 80)}", which is not one of its own resources`,
      );
    let token = tokens.get(uri);
    if (token === undefined) {
      token = sign(uri);
      tokens.set(uri, token);
    }
    return `${uri}?token=${encodeURIComponent(token)}`;
  });
}
