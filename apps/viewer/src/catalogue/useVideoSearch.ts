// Loads the catalogue for a search term, a page at a time, ignoring answers to older searches.
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import type { Video } from '../api/types';

export const PAGE_SIZE = 48;

export type SearchState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: Video[]; total: number; loadingMore: boolean; moreError: string | null };

export function useVideoSearch(api: ApiClient, term: string) {
  const [state, setState] = useState<SearchState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    api
      .listVideos({ q: term, from: 0, to: PAGE_SIZE - 1 }, controller.signal)
      .then((page) => {
        if (!controller.signal.aborted) {
          setState({ status: 'ready', items: page.items, total: page.total, loadingMore: false, moreError: null });
        }
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setState({
            status: 'error',
            message: error instanceof Error ? error.message : 'The catalogue could not be loaded.',
          });
        }
      });
    return () => controller.abort();
  }, [api, term, attempt]);

  const retry = useCallback(() => setAttempt((value) => value + 1), []);

  const loadMore = useCallback(() => {
    if (state.status !== 'ready' || state.loadingMore || state.items.length >= state.total) return;
    const from = state.items.length;
    setState({ ...state, loadingMore: true, moreError: null });
    api
      .listVideos({ q: term, from, to: from + PAGE_SIZE - 1 })
      .then((page) =>
        setState((current) =>
          current.status === 'ready'
            ? {
                ...current,
                items: [
                  ...current.items,
                  ...page.items.filter((video) => !current.items.some((known) => known.id === video.id)),
                ],
                total: page.total,
                loadingMore: false,
              }
            : current,
        ),
      )
      .catch((error: unknown) =>
        setState((current) =>
          current.status === 'ready'
            ? {
                ...current,
                loadingMore: false,
                moreError: error instanceof Error ? error.message : 'Could not load more.',
              }
            : current,
        ),
      );
  }, [api, state, term]);

  return { state, retry, loadMore };
}
