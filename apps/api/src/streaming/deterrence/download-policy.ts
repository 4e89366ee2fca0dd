// The download-deterrence rule, pure: a session may pull media seconds up to a start-up
// allowance plus a multiple of the wall-clock time since it started. Beyond that budget it is
// slowed for a band of media seconds, then refused until the clock catches up.
export interface DownloadLimits {
  /** Media seconds free of the speed limit (players buffer 30–60 s ahead at start). */
  readonly allowanceSec: number;
  /** Multiple of real time allowed beyond the allowance. */
  readonly maxSpeed: number;
  /** Media seconds over budget that are still served, slowed. */
  readonly throttleBandSec: number;
  /** How long each slowed response is held back. */
  readonly throttleDelayMs: number;
}

export type DownloadVerdict =
  | { readonly kind: 'serve' }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'refuse'; readonly retryAfterSec: number };

const SERVE: DownloadVerdict = { kind: 'serve' };

/** The media seconds a session may have pulled `elapsedSec` after it started. */
export function downloadBudgetSec(limits: DownloadLimits, elapsedSec: number): number {
  return limits.allowanceSec + limits.maxSpeed * Math.max(0, elapsedSec);
}

/**
 * @param servedSec media seconds the session will have pulled if this request is served
 * @param elapsedSec wall-clock seconds since the session started
 */
export function judgeDownload(limits: DownloadLimits, servedSec: number, elapsedSec: number): DownloadVerdict {
  const excess = servedSec - downloadBudgetSec(limits, elapsedSec);
  if (excess <= 0) return SERVE;
  // A fixed delay, not one that exactly pays the excess back: a client that keeps pulling
  // faster than the limit keeps gaining on its budget and reaches the refusal, as it should.
  if (excess <= limits.throttleBandSec) return { kind: 'slow', delayMs: limits.throttleDelayMs };
  return { kind: 'refuse', retryAfterSec: Math.max(1, Math.ceil((excess - limits.throttleBandSec) / limits.maxSpeed)) };
}
