// The current hash route as React state, plus navigation that writes the hash.
import { useCallback, useSyncExternalStore } from 'react';
import { hrefFor, parseRoute, type Route } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

export function useHashRoute(): { route: Route; navigate: (to: Route, options?: { replace?: boolean }) => void } {
  const hash = useSyncExternalStore(subscribe, readHash, () => '');
  const navigate = useCallback((to: Route, options: { replace?: boolean } = {}) => {
    const href = hrefFor(to);
    if (options.replace) {
      window.location.replace(href);
    } else {
      window.location.hash = href;
    }
  }, []);
  return { route: parseRoute(hash), navigate };
}
