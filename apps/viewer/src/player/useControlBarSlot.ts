// A container inside video.js's control bar (before the fullscreen button) that React can
// render into, so custom controls sit with the others and stay visible in fullscreen.
import { useEffect, useState } from 'react';
import type Player from 'video.js/dist/types/player';
import { childElement } from './player-events';

export function useControlBarSlot(player: Player | null, className: string): HTMLElement | null {
  const [slot, setSlot] = useState<HTMLElement | null>(null);

  useEffect(() => {
    if (!player) return;
    const controlBar = childElement(player, 'ControlBar');
    if (!controlBar) return;
    const element = document.createElement('div');
    element.className = `vjs-control ${className}`;
    controlBar.insertBefore(element, childElement(player, 'ControlBar', 'FullscreenToggle'));
    setSlot(element);
    return () => {
      setSlot(null);
      element.remove();
    };
  }, [player, className]);

  return slot;
}
