// Maps a key press on the player page to a player action: space/k play-pause, ←/→ ±5 s,
// f fullscreen, m mute. Keys typed into fields, and keys a focused control already handles
// (space on a button, arrows on a slider or in a menu), are left alone.

export type ShortcutAction = 'toggle-play' | 'seek-back' | 'seek-forward' | 'toggle-fullscreen' | 'toggle-mute';

export const SEEK_STEP_SEC = 5;

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Lower-case tag name of the focused element (`body` when nothing is focused). */
  targetTag: string;
  /** The focused element's ARIA role, if any. */
  targetRole: string | null;
  /** The focused element accepts text (input, textarea, select, contenteditable). */
  targetEditable: boolean;
}

const ACTIVATED_BY_SPACE = new Set(['button', 'a', 'summary']);
const ROLES_ACTIVATED_BY_SPACE = new Set([
  'button',
  'link',
  'checkbox',
  'switch',
  'menuitem',
  'menuitemradio',
  'menuitemcheckbox',
  'option',
  'tab',
]);
const ROLES_USING_ARROWS = new Set([
  'slider',
  'menu',
  'menuitem',
  'menuitemradio',
  'menuitemcheckbox',
  'listbox',
  'option',
  'tablist',
  'tab',
  'radiogroup',
  'radio',
]);

export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.targetEditable) return null;
  const role = press.targetRole?.toLowerCase() ?? null;
  switch (press.key) {
    case ' ':
    case 'Spacebar':
      if (ACTIVATED_BY_SPACE.has(press.targetTag) || (role !== null && ROLES_ACTIVATED_BY_SPACE.has(role))) return null;
      return 'toggle-play';
    case 'k':
    case 'K':
      return 'toggle-play';
    case 'ArrowLeft':
    case 'ArrowRight':
      if (role !== null && ROLES_USING_ARROWS.has(role)) return null;
      return press.key === 'ArrowLeft' ? 'seek-back' : 'seek-forward';
    case 'f':
    case 'F':
      return 'toggle-fullscreen';
    case 'm':
    case 'M':
      return 'toggle-mute';
    default:
      return null;
  }
}

/** The time to seek to for a ±step seek, kept inside the video. */
export function seekTarget(current: number, deltaSec: number, durationSec: number | null | undefined): number {
  const target = Math.max(0, current + deltaSec);
  return durationSec && Number.isFinite(durationSec) ? Math.min(target, durationSec) : target;
}
