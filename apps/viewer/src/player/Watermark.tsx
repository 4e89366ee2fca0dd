// A semi-transparent watermark over the picture with the viewer's email and the session id,
// moving to a new random spot every few seconds (it lives inside the player, so it stays in
// fullscreen too).
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { nextWatermarkPosition } from '../playback/watermark-position';

const MOVE_EVERY_MS = 5_000;

export function Watermark({ container, email, sessionId }: { container: Element; email: string; sessionId: string }) {
  const [position, setPosition] = useState(() => nextWatermarkPosition(Math.random));

  useEffect(() => {
    const handle = setInterval(
      () => setPosition((previous) => nextWatermarkPosition(Math.random, previous)),
      MOVE_EVERY_MS,
    );
    return () => clearInterval(handle);
  }, []);

  return createPortal(
    <div
      className="watermark"
      style={{ left: `${position.leftPercent}%`, top: `${position.topPercent}%` }}
      aria-hidden="true"
      data-testid="watermark"
    >
      <span>{email}</span>
      <span>{sessionId}</span>
    </div>,
    container,
  );
}
