// Shows the storyboard frame for the time under the pointer, above the progress bar.
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type Player from 'video.js/dist/types/player';
import { findStoryboardCue } from '../playback/storyboard-vtt';
import { childElement } from './player-events';
import type { Storyboard } from './useStoryboard';

/** Wider frames are scaled down to this width. */
const MAX_PREVIEW_WIDTH = 192;

interface Hover {
  time: number;
  /** Pointer x within the progress control, px. */
  x: number;
  /** Width of the progress control, px. */
  width: number;
}

export function StoryboardPreview({ player, storyboard }: { player: Player; storyboard: Storyboard }) {
  const [hover, setHover] = useState<Hover | null>(null);
  const [container, setContainer] = useState<HTMLElement | null>(null);

  useEffect(() => {
    const progressControl = childElement(player, 'ControlBar', 'ProgressControl');
    const seekBar = childElement(player, 'ControlBar', 'ProgressControl', 'SeekBar');
    if (!progressControl || !seekBar) return;
    setContainer(progressControl);

    const onMove = (event: MouseEvent) => {
      const duration = player.duration();
      const bar = seekBar.getBoundingClientRect();
      const box = progressControl.getBoundingClientRect();
      if (!duration || !Number.isFinite(duration) || bar.width === 0) return;
      const fraction = Math.min(1, Math.max(0, (event.clientX - bar.left) / bar.width));
      setHover({ time: fraction * duration, x: event.clientX - box.left, width: box.width });
    };
    const onLeave = () => setHover(null);
    progressControl.addEventListener('mousemove', onMove);
    progressControl.addEventListener('mouseleave', onLeave);
    return () => {
      progressControl.removeEventListener('mousemove', onMove);
      progressControl.removeEventListener('mouseleave', onLeave);
      setContainer(null);
    };
  }, [player]);

  const cue = hover ? findStoryboardCue(storyboard.cues, hover.time) : null;
  const sprite = cue ? storyboard.sprites.get(cue.image) : undefined;
  if (!container || !hover || !cue || !sprite) return null;

  const region = cue.region;
  const naturalWidth = region?.w ?? MAX_PREVIEW_WIDTH;
  const naturalHeight = region?.h ?? Math.round((MAX_PREVIEW_WIDTH * 9) / 16);
  const scale = Math.min(1, MAX_PREVIEW_WIDTH / naturalWidth);
  const width = Math.round(naturalWidth * scale);
  const left = Math.min(Math.max(hover.x - width / 2, 0), Math.max(0, hover.width - width));

  return createPortal(
    <div
      className="storyboard-preview"
      style={{ left, width, height: Math.round(naturalHeight * scale) }}
      aria-hidden="true"
      data-testid="storyboard-preview"
    >
      <div
        className="storyboard-preview__frame"
        style={{
          width: naturalWidth,
          height: naturalHeight,
          transform: scale < 1 ? `scale(${scale})` : undefined,
          backgroundImage: `url("${sprite}")`,
          backgroundPosition: region ? `-${region.x}px -${region.y}px` : 'center',
          backgroundSize: region ? undefined : 'cover',
        }}
      />
    </div>,
    container,
  );
}
