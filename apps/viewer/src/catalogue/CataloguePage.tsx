// The catalogue: a search box (debounced) over a grid of published videos, with loading,
// empty and error states.
import { useId, useState } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { useVideoSearch } from './useVideoSearch';
import { VideoCard } from './VideoCard';

const SEARCH_DEBOUNCE_MS = 300;

export function CataloguePage() {
  const { api } = useAuth();
  const [query, setQuery] = useState('');
  const term = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);
  const { state, retry, loadMore } = useVideoSearch(api, term);
  const resultsId = useId();

  return (
    <main id="main" className="page page--catalogue">
      <div className="catalogue__top">
        <h1>Catalogue</h1>
        <form className="search" role="search" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor="catalogue-search" className="visually-hidden">
            Search videos
          </label>
          <input
            id="catalogue-search"
            type="search"
            placeholder="Search videos"
            autoComplete="off"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            aria-controls={resultsId}
            data-testid="catalogue-search"
          />
        </form>
      </div>

      <section id={resultsId} aria-label="Videos" aria-busy={state.status === 'loading'}>
        {state.status === 'loading' && (
          <>
            <p className="visually-hidden" role="status" data-testid="catalogue-loading">
              Loading videos…
            </p>
            <ul className="video-grid" aria-hidden="true">
              {Array.from({ length: 8 }, (_, index) => (
                <li key={index} className="video-card video-card--skeleton" />
              ))}
            </ul>
          </>
        )}

        {state.status === 'error' && (
          <div className="notice" role="alert" data-testid="catalogue-error">
            <p>{state.message}</p>
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
          </div>
        )}

        {state.status === 'ready' && state.items.length === 0 && (
          <div className="notice" role="status" data-testid="catalogue-empty">
            {term ? (
              <>
                <p>No videos match “{term}”.</p>
                <button type="button" className="button" onClick={() => setQuery('')}>
                  Clear search
                </button>
              </>
            ) : (
              <p>There are no videos to watch yet. Check back later.</p>
            )}
          </div>
        )}

        {state.status === 'ready' && state.items.length > 0 && (
          <>
            <p className="catalogue__count" role="status" data-testid="catalogue-count">
              {state.total === 1 ? '1 video' : `${state.total} videos`}
              {term ? ` matching “${term}”` : ''}
            </p>
            <ul className="video-grid" data-testid="catalogue-grid">
              {state.items.map((video) => (
                <VideoCard key={video.id} api={api} video={video} />
              ))}
            </ul>
            {state.items.length < state.total && (
              <div className="catalogue__more">
                {state.moreError && (
                  <p className="form-error" role="alert">
                    {state.moreError}
                  </p>
                )}
                <button
                  type="button"
                  className="button"
                  onClick={loadMore}
                  disabled={state.loadingMore}
                  data-testid="catalogue-load-more"
                >
                  {state.loadingMore ? 'Loading…' : 'Show more'}
                </button>
              </div>
            )}
          </>
        )}
      </section>
    </main>
  );
}
