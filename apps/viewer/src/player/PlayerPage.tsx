// The watch page (its own chunk, with video.js): loads the video's details, then shows the
// player with the title and description below it.
import { useEffect, useState } from 'react';
import { isApiError } from '../api/errors';
import type { Video } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { endMessages } from '../playback/types';
import { describeDuration, formatDuration } from '../shared/format-duration';
import { VideoPlayer } from './VideoPlayer';
import './player.css';

type PageState = { status: 'loading' } | { status: 'ready'; video: Video } | { status: 'error'; message: string };

export default function PlayerPage({ videoId }: { videoId: string }) {
  const { api, auth } = useAuth();
  const [page, setPage] = useState<PageState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setPage({ status: 'loading' });
    api
      .getVideo(videoId, controller.signal)
      .then((video) => {
        if (!controller.signal.aborted) setPage({ status: 'ready', video });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message = isApiError(error, 404)
          ? endMessages.unavailable
          : error instanceof Error
            ? error.message
            : 'This video could not be loaded.';
        setPage({ status: 'error', message });
      });
    return () => controller.abort();
  }, [api, videoId, attempt]);

  useEffect(() => {
    if (page.status === 'ready') document.title = `${page.video.title} · Reelguard`;
  }, [page]);

  return (
    <main id="main" className="page page--player">
      <p className="back">
        <a href="#/" data-testid="back-to-catalogue">
          <span aria-hidden="true">← </span>Catalogue
        </a>
      </p>

      {page.status === 'loading' && (
        <div className="player-frame player-frame--placeholder">
          <p className="status" role="status">
            Loading video…
          </p>
        </div>
      )}

      {page.status === 'error' && (
        <div className="notice" role="alert" data-testid="video-unavailable">
          <p>{page.message}</p>
          {page.message !== endMessages.unavailable && (
            <button type="button" className="button" onClick={() => setAttempt((value) => value + 1)}>
              Try again
            </button>
          )}
        </div>
      )}

      {page.status === 'ready' && auth && (
        <>
          <VideoPlayer video={page.video} viewerEmail={auth.user.email} />
          <section className="video-info" aria-labelledby="video-title">
            <h1 id="video-title" data-testid="video-title">
              {page.video.title}
            </h1>
            {page.video.durationSec ? (
              <p className="video-info__meta">
                <span aria-hidden="true">{formatDuration(page.video.durationSec)}</span>
                <span className="visually-hidden">Duration {describeDuration(page.video.durationSec)}</span>
              </p>
            ) : null}
            {page.video.description && (
              <p className="video-info__description" data-testid="video-description">
                {page.video.description}
              </p>
            )}
          </section>
        </>
      )}
    </main>
  );
}
