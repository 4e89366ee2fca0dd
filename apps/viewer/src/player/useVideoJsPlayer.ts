// Mounts a video.js player inside `hostRef` for the lifetime of the component. video.js owns
// that DOM subtree, so it is created imperatively rather than rendered by React.
import { useEffect, useRef, useState, type RefObject } from 'react';
import type Player from 'video.js/dist/types/player';
import { createPlayer } from './create-player';

/** End-to-end tests read the player from `window` in development or with `?e2e=1`. */
function exposeForTests(): boolean {
  return import.meta.env.DEV || new URLSearchParams(window.location.search).get('e2e') === '1';
}

export function useVideoJsPlayer(hostRef: RefObject<HTMLDivElement | null>, title: string): Player | null {
  const [player, setPlayer] = useState<Player | null>(null);
  // The player lives as long as the page; a new title only relabels it (below).
  const initialTitle = useRef(title);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const created = createPlayer(host, initialTitle.current);
    setPlayer(created);
    if (exposeForTests()) window.__reelguardPlayer = created;
    return () => {
      if (window.__reelguardPlayer === created) delete window.__reelguardPlayer;
      setPlayer(null);
      created.dispose();
    };
  }, [hostRef]);

  useEffect(() => {
    if (player && !player.isDisposed()) player.el().setAttribute('aria-label', `Video player: ${title}`);
  }, [player, title]);

  return player;
}
