// Globals the viewer adds to `window`.
import type Player from 'video.js/dist/types/player';

declare global {
  interface Window {
    /** The video.js player, exposed for end-to-end tests (development or `?e2e=1` only). */
    __reelguardPlayer?: Player;
  }
}
