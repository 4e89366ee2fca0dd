// Saves where the viewer is in the video every few seconds, on pause and on leaving, and
// forgets it when the video is watched to the end.
import { useEffect } from 'react';
import type Player from 'video.js/dist/types/player';
import type { PlaybackSessionController } from '../playback/playback-session-controller';
import type { ResumeStore } from '../playback/resume-store';
import { onPlayer } from './player-events';

const SAVE_EVERY_MS = 5_000;

export function useResumePosition(
  player: Player | null,
  controller: PlaybackSessionController | null,
  store: ResumeStore,
  videoId: string,
  durationSec: number | null,
): void {
  useEffect(() => {
    if (!player || !controller) return;
    let lastPosition: number | null = null;
    let lastSavedAt = 0;

    const track = () => {
      if (controller.getState().kind === 'active') lastPosition = controller.playbackPosition();
    };
    const save = () => {
      if (lastPosition !== null) store.save(videoId, lastPosition, durationSec);
      lastSavedAt = Date.now();
    };
    const onTimeUpdate = () => {
      track();
      if (Date.now() - lastSavedAt >= SAVE_EVERY_MS) save();
    };
    const onPause = () => {
      track();
      save();
    };
    const onEnded = () => {
      lastPosition = null;
      store.clear(videoId);
    };

    const unsubscribers = [
      onPlayer(player, 'timeupdate', onTimeUpdate),
      onPlayer(player, 'pause', onPause),
      onPlayer(player, 'ended', onEnded),
    ];
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('pagehide', save);
      for (const unsubscribe of unsubscribers) unsubscribe();
      // The player may already be gone here: save the last position seen, not the player's.
      save();
    };
  }, [player, controller, store, videoId, durationSec]);
}
