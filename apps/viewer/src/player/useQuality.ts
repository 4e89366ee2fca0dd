// Reads the renditions VHS offers once a source has loaded and applies the viewer's choice,
// again after every reload (a session refresh brings new playlists).
import { useCallback, useEffect, useRef, useState } from 'react';
import type Player from 'video.js/dist/types/player';
import {
  AUTO_QUALITY,
  applyQuality,
  qualityOptions,
  type QualityChoice,
  type QualityOption,
} from '../playback/quality';
import { onPlayer } from './player-events';
import { vhsRepresentationsOf } from './vhs';

export function useQuality(player: Player | null) {
  const [options, setOptions] = useState<QualityOption[]>([]);
  const [choice, setChoice] = useState<QualityChoice>(AUTO_QUALITY);
  const [playingHeight, setPlayingHeight] = useState(0);
  const choiceRef = useRef<QualityChoice>(AUTO_QUALITY);

  const apply = useCallback(
    (wanted: QualityChoice) => {
      const representations = player ? vhsRepresentationsOf(player) : null;
      if (!representations) return;
      setOptions(qualityOptions(representations));
      const applied = applyQuality(representations, wanted);
      choiceRef.current = applied;
      setChoice(applied);
    },
    [player],
  );

  useEffect(() => {
    if (!player) return;
    const unsubscribers = [
      onPlayer(player, 'loadedmetadata', () => apply(choiceRef.current)),
      onPlayer(player, ['resize', 'loadeddata'], () => setPlayingHeight(player.videoHeight())),
    ];
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [player, apply]);

  return { options, choice, playingHeight, select: apply };
}
