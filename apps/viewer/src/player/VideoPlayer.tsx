// The player for one video: video.js with the session controller, quality menu, storyboard
// previews, keyboard shortcuts, resume position and the moving watermark.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Video } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { createResumeStore } from '../playback/resume-store';
import { browserStorage } from '../shared/storage';
import { useProtectedObjectUrl } from '../shared/useProtectedObjectUrl';
import { PlaybackStatusOverlay } from './PlaybackStatusOverlay';
import { QualityMenu } from './QualityMenu';
import { StoryboardPreview } from './StoryboardPreview';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { usePlaybackSession } from './usePlaybackSession';
import { useResumePosition } from './useResumePosition';
import { useStoryboard } from './useStoryboard';
import { useVideoJsPlayer } from './useVideoJsPlayer';
import { Watermark } from './Watermark';

export function VideoPlayer({ video, viewerEmail }: { video: Video; viewerEmail: string }) {
  const { api, signOut, onSignOut } = useAuth();
  const hostRef = useRef<HTMLDivElement>(null);
  const player = useVideoJsPlayer(hostRef, video.title);
  const resumeStore = useMemo(() => createResumeStore(browserStorage()), []);
  const resumeAt = useCallback(
    () => resumeStore.get(video.id, video.durationSec),
    [resumeStore, video.id, video.durationSec],
  );
  const { controller, state } = usePlaybackSession(player, video.id, api, resumeAt, onSignOut);
  const poster = useProtectedObjectUrl(api, video.posterUrl);
  const storyboard = useStoryboard(api, video.storyboardUrl);
  const [watermarkSession, setWatermarkSession] = useState<string | null>(null);

  useResumePosition(player, controller, resumeStore, video.id, video.durationSec);
  useKeyboardShortcuts(player);

  useEffect(() => {
    if (player && poster && !player.isDisposed()) player.poster(poster);
  }, [player, poster]);

  // Keep showing the last session's id while a refresh opens the next one.
  useEffect(() => {
    if (state.kind === 'active') setWatermarkSession(state.sessionId);
  }, [state]);

  const retry = useCallback(() => void controller?.retry(), [controller]);
  const playerElement = player && !player.isDisposed() ? player.el() : null;

  return (
    <div className="player-frame" data-testid="player" data-playback-state={state.kind}>
      <div ref={hostRef} className="player-host" />
      {player && playerElement && (
        <>
          <QualityMenu player={player} />
          {storyboard && <StoryboardPreview player={player} storyboard={storyboard} />}
          {watermarkSession && <Watermark container={playerElement} email={viewerEmail} sessionId={watermarkSession} />}
          <PlaybackStatusOverlay container={playerElement} state={state} onRetry={retry} onSignInAgain={signOut} />
        </>
      )}
    </div>
  );
}
