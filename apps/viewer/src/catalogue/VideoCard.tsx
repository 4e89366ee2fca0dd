// One catalogue entry: poster (fetched with the token once near the viewport), title, duration.
import { useRef } from 'react';
import type { ApiClient } from '../api/client';
import type { Video } from '../api/types';
import { hrefFor } from '../routing/routes';
import { describeDuration, formatDuration } from '../shared/format-duration';
import { useInView } from '../shared/useInView';
import { useProtectedObjectUrl } from '../shared/useProtectedObjectUrl';

export function VideoCard({ api, video }: { api: ApiClient; video: Video }) {
  const cardRef = useRef<HTMLAnchorElement>(null);
  const visible = useInView(cardRef);
  const poster = useProtectedObjectUrl(api, video.posterUrl, visible);
  const duration = formatDuration(video.durationSec);

  return (
    <li className="video-card">
      <a
        ref={cardRef}
        className="video-card__link"
        href={hrefFor({ name: 'watch', videoId: video.id })}
        data-testid="video-card"
        data-video-id={video.id}
      >
        <span className="video-card__poster">
          {poster ? (
            <img src={poster} alt="" decoding="async" />
          ) : (
            <span className="video-card__placeholder" aria-hidden="true" />
          )}
          {duration && (
            <span className="video-card__duration">
              <span aria-hidden="true">{duration}</span>
              <span className="visually-hidden">{`, ${describeDuration(video.durationSec)}`}</span>
            </span>
          )}
        </span>
        <span className="video-card__title" data-testid="video-card-title">
          {video.title}
        </span>
      </a>
    </li>
  );
}
