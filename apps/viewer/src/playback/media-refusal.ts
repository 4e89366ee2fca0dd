// What a media response (playlist, key, segment) status means for the playback session.
//  - 401/403: the token or its session is no longer accepted → open a new session and resume.
//  - 404/410: the video (or its session) is gone → try once more; a 404 on start is final.
//  - 429: the session is pulling too fast; a new session would not help, so leave it to the
//         player's own retry and, should the player fail, to the bounded error recovery.
//  - anything else (2xx, aborted requests reported as 0, 5xx) is the player's business.

export type MediaRefusal = 'session-refused' | 'gone' | 'throttled' | 'none';

export function classifyMediaResponse(status: number): MediaRefusal {
  switch (status) {
    case 401:
    case 403:
      return 'session-refused';
    case 404:
    case 410:
      return 'gone';
    case 429:
      return 'throttled';
    default:
      return 'none';
  }
}
