// Runs a PlaybackSessionController for the player on this page: starts it at the remembered
// position, feeds it the player's media responses and errors, heartbeats again when the page
// comes back into view, and ends the session when the viewer leaves or signs out.
import { useEffect, useRef, useState } from 'react';
import type Player from 'video.js/dist/types/player';
import type { ApiClient } from '../api/client';
import { PlaybackSessionController } from '../playback/playback-session-controller';
import type { PlaybackState } from '../playback/types';
import { VideoJsPlayerPort } from './video-js-player-port';

export function usePlaybackSession(
  player: Player | null,
  videoId: string,
  api: ApiClient,
  resumeAt: () => number,
  onSignOut: (listener: () => void) => () => void,
) {
  const [controller, setController] = useState<PlaybackSessionController | null>(null);
  const [state, setState] = useState<PlaybackState>({ kind: 'idle' });
  const resumeAtRef = useRef(resumeAt);

  useEffect(() => {
    resumeAtRef.current = resumeAt;
  }, [resumeAt]);

  useEffect(() => {
    if (!player) return;
    const port = new VideoJsPlayerPort(player);
    const session = new PlaybackSessionController({ videoId, api, player: port });
    port.attach({
      onMediaResponse: (status, loadId) => session.handleMediaResponse(status, loadId),
      onPlayerError: (loadId) => session.handlePlayerError(loadId),
      onLoaded: (loadId) => session.handleLoaded(loadId),
    });
    const unsubscribe = session.subscribe(setState);
    setController(session);
    void session.start(resumeAtRef.current());

    const onVisibilityChange = () => {
      if (document.visibilityState === 'visible') session.heartbeatNow();
    };
    const onPageHide = () => session.dispose();
    // Signing out ends the session while the access token still authorises that.
    const offSignOut = onSignOut(() => session.dispose());
    // Coming back from the back/forward cache, the session was ended on the way out.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) window.location.reload();
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);

    return () => {
      offSignOut();
      document.removeEventListener('visibilitychange', onVisibilityChange);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
      unsubscribe();
      port.dispose();
      session.dispose();
      setController(null);
      setState({ kind: 'idle' });
    };
  }, [player, videoId, api, onSignOut]);

  return { controller, state };
}
