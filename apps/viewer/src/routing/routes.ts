// The viewer's client-side routes, kept in the URL hash (`/#/watch/:id`) so they can never
// collide with the API's own paths (`/videos/…`, `/auth/…`) served from the same origin.

export type Route =
  { name: 'catalogue' } | { name: 'watch'; videoId: string } | { name: 'sign-in' } | { name: 'not-found' };

/** Parses `#/watch/abc`, `#/sign-in`, `#/` (or an empty hash) into a route. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.length === 0 || (segments.length === 1 && segments[0] === 'catalogue')) return { name: 'catalogue' };
  if (segments.length === 1 && segments[0] === 'sign-in') return { name: 'sign-in' };
  if (segments.length === 2 && segments[0] === 'watch' && segments[1]) {
    try {
      const videoId = decodeURIComponent(segments[1]);
      if (videoId !== '') return { name: 'watch', videoId };
    } catch {
      // A malformed escape is simply not a route we know.
    }
  }
  return { name: 'not-found' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'catalogue':
      return '#/';
    case 'watch':
      return `#/watch/${encodeURIComponent(route.videoId)}`;
    case 'sign-in':
      return '#/sign-in';
    case 'not-found':
      return '#/';
  }
}
