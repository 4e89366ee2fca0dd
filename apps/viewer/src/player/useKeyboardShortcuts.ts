// Page-wide player shortcuts (space/k, ←/→, f, m). Listens in the capture phase because
// video.js controls stop the propagation of keys they do not handle themselves.
import { useEffect } from 'react';
import type Player from 'video.js/dist/types/player';
import { SEEK_STEP_SEC, seekTarget, shortcutFor, type ShortcutAction } from '../playback/keyboard-shortcuts';

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'image', 'color', 'file']);

function acceptsText(element: HTMLElement): boolean {
  if (element.isContentEditable) return true;
  if (element instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(element.type);
  return element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement;
}

function perform(player: Player, action: ShortcutAction): void {
  switch (action) {
    case 'toggle-play':
      if (player.paused()) player.play()?.catch(() => undefined);
      else player.pause();
      return;
    case 'seek-back':
    case 'seek-forward': {
      const delta = action === 'seek-back' ? -SEEK_STEP_SEC : SEEK_STEP_SEC;
      player.currentTime(seekTarget(player.currentTime() ?? 0, delta, player.duration()));
      player.userActive(true);
      return;
    }
    case 'toggle-fullscreen':
      (player.isFullscreen() ? player.exitFullscreen() : player.requestFullscreen())?.catch(() => undefined);
      return;
    case 'toggle-mute':
      player.muted(!player.muted());
      player.userActive(true);
      return;
  }
}

export function useKeyboardShortcuts(player: Player | null): void {
  useEffect(() => {
    if (!player) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || player.isDisposed() || !player.controls()) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        targetTag: target?.tagName.toLowerCase() ?? 'body',
        targetRole: target?.getAttribute('role') ?? null,
        targetEditable: target ? acceptsText(target) : false,
      });
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      perform(player, action);
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [player]);
}
