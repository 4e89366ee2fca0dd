// The app shell: session, header and the page for the current hash route. The player page is
// a separate chunk (with video.js) fetched only when a video is opened.
import { lazy, Suspense, useEffect, type MouseEvent } from 'react';
import { AuthProvider, useAuth } from './auth/AuthProvider';
import { SignInPage } from './auth/SignInPage';
import { CataloguePage } from './catalogue/CataloguePage';
import { useHashRoute } from './routing/useHashRoute';
import { AppHeader } from './shared/AppHeader';

const PlayerPage = lazy(() => import('./player/PlayerPage'));

function Pages() {
  const { auth } = useAuth();
  const { route, navigate } = useHashRoute();

  useEffect(() => {
    if (auth && route.name === 'sign-in') navigate({ name: 'catalogue' }, { replace: true });
  }, [auth, route.name, navigate]);

  useEffect(() => {
    const titles = { catalogue: 'Catalogue', 'sign-in': 'Sign in', 'not-found': 'Not found', watch: 'Watch' } as const;
    if (!auth) document.title = 'Sign in · Reelguard';
    else if (route.name !== 'watch') document.title = `${titles[route.name]} · Reelguard`;
  }, [auth, route.name]);

  // Signed out, every route shows the sign-in form and keeps its hash, so signing in lands
  // where the viewer was going.
  if (!auth) return <SignInPage />;

  return (
    <>
      <AppHeader />
      {route.name === 'watch' ? (
        <Suspense
          fallback={
            <main id="main" className="page page--player">
              <p className="status" role="status">
                Loading player…
              </p>
            </main>
          }
        >
          <PlayerPage key={route.videoId} videoId={route.videoId} />
        </Suspense>
      ) : route.name === 'not-found' ? (
        <main id="main" className="page">
          <h1>Page not found</h1>
          <p>
            <a href="#/">Back to the catalogue</a>
          </p>
        </main>
      ) : (
        <CataloguePage />
      )}
    </>
  );
}

export function App() {
  return (
    <AuthProvider>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <Pages />
    </AuthProvider>
  );
}

/** The skip link must not change the hash (the router lives there); it only moves focus. */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  const main = document.getElementById('main');
  if (!main) return;
  main.setAttribute('tabindex', '-1');
  main.focus();
}
