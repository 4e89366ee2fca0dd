// Reads the renditions VHS offers once a source has loaded and applies the viewer's choice,
// again after every reload (a session refresh brings new playlists). A choice from the menu
// shows at once: where VHS's own switch misses dropping the old quality's buffer, this does it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type Player from 'video.js/dist/types/player';
import {
  AUTO_QUALITY,
  applyQuality,
  qualityKey,
  qualityOptions,
  switchMissedFlush,
  type QualityChoice,
  type QualityOption,
} from '../playback/quality';
import { onPlayer } from './player-events';
import { VHS_QUALITY_CHANGE_DEBOUNCE_MS, vhsQualitySwitchOf, vhsRepresentationsOf } from './vhs';

export function useQuality(player: Player | null) {
  const [options, setOptions] = useState<QualityOption[]>([]);
  const [choice, setChoice] = useState<QualityChoice>(AUTO_QUALITY);
  const [playingHeight, setPlayingHeight] = useState(0);
  const choiceRef = useRef<QualityChoice>(AUTO_QUALITY);
  const switchCheck = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const apply = useCallback(
    (wanted: QualityChoice) => {
      const representations = player ? vhsRepresentationsOf(player) : null;
      if (!representations) return null;
      setOptions(qualityOptions(representations));
      const applied = applyQuality(representations, wanted);
      choiceRef.current = applied;
      setChoice(applied);
      return { representations, applied };
    },
    [player],
  );

  const select = useCallback(
    (wanted: QualityChoice) => {
      clearTimeout(switchCheck.current);
      const quality = player ? vhsQualitySwitchOf(player) : null;
      const before = quality?.state().current;
      const result = apply(wanted);
      if (!quality || !result || result.applied === AUTO_QUALITY) return;
      const chosen = result.representations
        .filter((rep) => qualityKey(rep) === result.applied)
        .flatMap((rep) => (typeof rep.playlist?.id === 'string' ? [rep.playlist.id] : []));
      // Scheduled after VHS's own debounced reaction to the enabling, so it runs just after it.
      switchCheck.current = setTimeout(() => {
        if (player?.isDisposed() === false && switchMissedFlush(before, chosen, quality.state())) quality.flush();
      }, VHS_QUALITY_CHANGE_DEBOUNCE_MS);
    },
    [player, apply],
  );

  useEffect(() => {
    if (!player) return;
    const unsubscribers = [
      onPlayer(player, 'loadedmetadata', () => apply(choiceRef.current)),
      onPlayer(player, ['resize', 'loadeddata'], () => setPlayingHeight(player.videoHeight())),
    ];
    return () => {
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      clearTimeout(switchCheck.current);
    };
  }, [player, apply]);

  return { options, choice, playingHeight, select };
}
