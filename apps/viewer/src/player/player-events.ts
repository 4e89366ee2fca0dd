// Subscribing to video.js player events from React effects: the returned function is safe to
// call after the player was disposed (cleanup order between effects is not ours to choose).
import type Player from 'video.js/dist/types/player';

export function onPlayer(player: Player, events: string | string[], handler: () => void): () => void {
  if (player.isDisposed()) return () => undefined;
  player.on(events, handler);
  return () => {
    if (!player.isDisposed()) player.off(events, handler);
  };
}

/** The element a video.js child component renders, when it exists. */
export function childElement(player: Player, ...path: string[]): HTMLElement | null {
  if (player.isDisposed()) return null;
  let component: { getChild(name: string): unknown; el(): Element } | undefined = player;
  for (const name of path) {
    const child = component?.getChild(name) as { getChild(name: string): unknown; el(): Element } | undefined;
    component = child;
  }
  const element = component?.el();
  return element instanceof HTMLElement ? element : null;
}
