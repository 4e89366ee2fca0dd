// Preview player for the show page (loaded on demand: video.js is large). It opens a real
// playback session, plays its manifest with video.js's own HLS engine (VHS, forced even where
// the browser claims native HLS so the request path is the same everywhere), heartbeats the
// session every 30 s while mounted, and ends it on the way out. A session the API refuses
// (expired, revoked) is replaced by a fresh one that resumes where playback was.
import { Alert, Box, Typography } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import videojs from 'video.js';
import 'video.js/dist/video-js.css';
import { errorMessage, useReelguardDataProvider } from '../../common/useReelguard';
import { ApiError } from '../../dataProvider/httpClient';

type Player = ReturnType<typeof videojs>;

export const HEARTBEAT_MS = 30_000;
/** Fresh sessions tried in a row without playback progressing before the preview gives up. */
const MAX_SESSION_RENEWALS = 3;

const PLAYER_OPTIONS = {
  controls: true,
  autoplay: 'muted',
  muted: true,
  preload: 'auto',
  fluid: true,
  aspectRatio: '16:9',
  html5: {
    vhs: { overrideNative: true },
    nativeAudioTracks: false,
    nativeVideoTracks: false,
  },
};

export interface PreviewPlayerProps {
  videoId: string;
  title: string;
}

export default function PreviewPlayer({ videoId, title }: PreviewPlayerProps) {
  const dataProvider = useReelguardDataProvider();
  const containerRef = useRef<HTMLDivElement>(null);
  const playerRef = useRef<Player | null>(null);
  const elementRef = useRef<HTMLElement | null>(null);
  const resumeAtRef = useRef(0);
  const renewalsRef = useRef(0);
  const [generation, setGeneration] = useState(0);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const renewSession = (reason: string) => {
    const player = playerRef.current;
    if (player) resumeAtRef.current = player.currentTime() ?? resumeAtRef.current;
    if (renewalsRef.current >= MAX_SESSION_RENEWALS) {
      setProblem(reason);
      return;
    }
    renewalsRef.current += 1;
    setGeneration((value) => value + 1);
  };
  const renewRef = useRef(renewSession);
  renewRef.current = renewSession;

  // The player itself lives as long as the component (a title change must not rebuild it).
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const element = document.createElement('video-js');
    element.classList.add('vjs-big-play-centered');
    element.setAttribute('playsinline', '');
    container.appendChild(element);
    elementRef.current = element;
    const player = videojs(element, PLAYER_OPTIONS);
    playerRef.current = player;
    player.on('timeupdate', () => {
      renewalsRef.current = 0;
    });
    player.on('error', () => renewRef.current('Playback was refused. The session may have been revoked.'));
    return () => {
      playerRef.current = null;
      elementRef.current = null;
      player.dispose();
    };
  }, []);

  useEffect(() => {
    elementRef.current?.setAttribute('aria-label', `Preview of ${title}`);
  }, [title]);

  // One playback session per generation; a new generation replaces a refused one.
  useEffect(() => {
    let cancelled = false;
    let openedSession: string | null = null;
    setSessionId(null);
    void dataProvider
      .startPlayback(videoId)
      .then(({ data }) => {
        if (cancelled) {
          void dataProvider.endPlayback(data.sessionId).catch(() => undefined);
          return;
        }
        openedSession = data.sessionId;
        setProblem(null);
        setSessionId(data.sessionId);
        const player = playerRef.current;
        if (!player) return;
        const resumeAt = resumeAtRef.current;
        player.error(null);
        player.src({ src: data.manifestUrl, type: 'application/x-mpegURL' });
        if (resumeAt > 0) player.one('loadedmetadata', () => player.currentTime(resumeAt));
      })
      .catch((error: unknown) => {
        if (!cancelled) setProblem(errorMessage(error, 'The preview could not start.'));
      });
    return () => {
      cancelled = true;
      if (openedSession) void dataProvider.endPlayback(openedSession).catch(() => undefined);
    };
  }, [dataProvider, videoId, generation]);

  // Keep the session alive while the preview is on screen.
  useEffect(() => {
    if (!sessionId) return;
    const timer = window.setInterval(() => {
      void dataProvider.heartbeat(sessionId).catch((error: unknown) => {
        const status = error instanceof ApiError ? error.status : 0;
        if (status === 404 || status === 410 || status === 403) renewRef.current('The playback session ended.');
      });
    }, HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [dataProvider, sessionId]);

  return (
    <Box data-testid="preview-player" data-session-id={sessionId ?? ''}>
      <Box ref={containerRef} sx={{ bgcolor: 'common.black', borderRadius: 1, overflow: 'hidden' }} />
      {problem ? (
        <Alert severity="warning" sx={{ mt: 1 }} data-testid="preview-error">
          {problem}
        </Alert>
      ) : !sessionId ? (
        <Typography variant="caption" color="text.secondary">
          Opening a playback session…
        </Typography>
      ) : null}
    </Box>
  );
}
