// The small part of video.js's HLS engine (VHS) the viewer uses, typed narrowly and reached
// through checked accessors instead of `any`. The request hooks exist as soon as VHS announces
// `xhr-hooks-ready`; `representations()` only once it has started loading the source.
import type Player from 'video.js/dist/types/player';
import type { QualitySwitchState, RepresentationLike } from '../playback/quality';

export interface VhsRequest {
  status?: number;
  requestType?: string;
}

export interface VhsResponse {
  statusCode?: number;
}

/** Called by VHS for every playlist, key, init and media segment response (and aborts). */
export type VhsResponseHook = (
  request: VhsRequest | undefined,
  error: unknown,
  response: VhsResponse | undefined,
) => void;

export interface VhsXhr {
  onResponse(hook: VhsResponseHook): void;
  offResponse(hook: VhsResponseHook): void;
}

function currentVhs(player: Player): Record<string, unknown> | null {
  if (player.isDisposed()) return null;
  // `tech(true)` acknowledges video.js's warning about using the tech directly: the request
  // hooks and the representations API live there by design.
  const tech = player.tech(true) as unknown as { vhs?: unknown } | undefined;
  const vhs = tech?.vhs;
  return typeof vhs === 'object' && vhs !== null ? (vhs as Record<string, unknown>) : null;
}

/** The per-player VHS request hooks, or null when VHS is not handling the source. */
export function vhsXhrOf(player: Player): VhsXhr | null {
  const xhr = currentVhs(player)?.xhr as Partial<VhsXhr> | undefined;
  if ((typeof xhr !== 'function' && typeof xhr !== 'object') || xhr === null) return null;
  return typeof xhr.onResponse === 'function' && typeof xhr.offResponse === 'function' ? (xhr as VhsXhr) : null;
}

/** The renditions VHS can play (enable/disable each), or null before it has any. */
export function vhsRepresentationsOf(player: Player): RepresentationLike[] | null {
  const vhs = currentVhs(player);
  const representations = vhs?.representations;
  if (typeof representations !== 'function') return null;
  const list: unknown = representations.call(vhs);
  return Array.isArray(list) ? (list as RepresentationLike[]) : null;
}

/** The HTTP status of a VHS response: 0 for aborted or network-failed requests. */
export function responseStatus(request: VhsRequest | undefined, response: VhsResponse | undefined): number {
  return response?.statusCode ?? request?.status ?? 0;
}

/**
 * VHS's quality-switch internals (its playlist controller and main playlist loader, not public
 * API, checked at run time): where a switch stands, and the buffer flush it runs when a
 * switched-to playlist arrives. Null when this VHS does not have them.
 */
export interface VhsQualitySwitch {
  state(): QualitySwitchState;
  /** Drops the buffer and loads again from the playhead in the current playlist. */
  flush(): void;
}

/** How long VHS 3 waits (its debounce) before acting on a representation being enabled. */
export const VHS_QUALITY_CHANGE_DEBOUNCE_MS = 100;

interface PlaylistControllerInternals {
  waitingForFastQualityPlaylistReceived_: unknown;
  runFastQualitySwitch_: unknown;
  mainPlaylistLoader_: unknown;
}

interface PlaylistLoaderInternals {
  state: unknown;
  media(): { id?: unknown } | undefined;
}

export function vhsQualitySwitchOf(player: Player): VhsQualitySwitch | null {
  const controller = currentVhs(player)?.playlistController_ as Partial<PlaylistControllerInternals> | undefined;
  if (typeof controller !== 'object' || controller === null) return null;
  const loader = controller.mainPlaylistLoader_ as Partial<PlaylistLoaderInternals> | undefined;
  if (
    typeof controller.runFastQualitySwitch_ !== 'function' ||
    // Unset until VHS's first quality change.
    !['boolean', 'undefined'].includes(typeof controller.waitingForFastQualityPlaylistReceived_) ||
    typeof loader?.media !== 'function'
  ) {
    return null;
  }
  const media = loader.media.bind(loader);
  const runFlush = controller.runFastQualitySwitch_ as () => void;
  return {
    state() {
      const id = media()?.id;
      return {
        current: typeof id === 'string' ? id : undefined,
        loaded: loader.state === 'HAVE_METADATA',
        flushArmed: controller.waitingForFastQualityPlaylistReceived_ === true,
      };
    },
    flush: () => runFlush.call(controller),
  };
}
