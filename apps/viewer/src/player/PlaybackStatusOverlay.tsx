// What the viewer sees while a session starts or refreshes (a brief spinner), and when
// playback cannot go on (a clear message with what they can do next).
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { PlaybackState } from '../playback/types';

interface Props {
  container: Element;
  state: PlaybackState;
  onRetry: () => void;
  onSignInAgain: () => void;
}

export function PlaybackStatusOverlay({ container, state, onRetry, onSignInAgain }: Props) {
  const messageRef = useRef<HTMLDivElement>(null);
  const ended = state.kind === 'ended';

  // Move focus to the first action so keyboard users land on what they can do next.
  useEffect(() => {
    if (ended) messageRef.current?.querySelector<HTMLElement>('button, a')?.focus();
  }, [ended]);

  if (state.kind === 'starting' || state.kind === 'refreshing') {
    return createPortal(
      <div className="playback-status" role="status" data-testid="playback-busy">
        <span className="spinner" aria-hidden="true" />
        {state.kind === 'starting' ? 'Starting playback…' : 'Reconnecting…'}
      </div>,
      container,
    );
  }

  if (state.kind !== 'ended') return null;

  return createPortal(
    <div
      ref={messageRef}
      className="playback-message"
      role="alert"
      data-testid="playback-message"
      data-reason={state.reason}
    >
      <p className="playback-message__text">{state.message}</p>
      <div className="playback-message__actions">
        {state.reason === 'signed-out' && (
          <button
            type="button"
            className="button button--primary"
            onClick={onSignInAgain}
            data-testid="playback-sign-in"
          >
            Sign in again
          </button>
        )}
        {state.reason !== 'signed-out' && state.canRetry && (
          <button type="button" className="button button--primary" onClick={onRetry} data-testid="playback-retry">
            Try again
          </button>
        )}
        <a className="button" href="#/" data-testid="playback-back">
          Back to the catalogue
        </a>
      </div>
    </div>,
    container,
  );
}
