// The errors the Video aggregate refuses commands with. Each carries a stable `code` that callers
// map to a response (transition and existence refusals are conflicts, validation is bad input),
// and a message a person can act on.

export type TransitionErrorCode = 'VIDEO_NOT_READY' | 'VIDEO_DELETED' | 'VIDEO_EXISTS' | 'INVALID_TRANSITION';
export type DomainErrorCode = TransitionErrorCode | 'VIDEO_NOT_FOUND' | 'VALIDATION_FAILED';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

/** The command is well-formed but the video's current state does not allow it. */
export class IllegalTransitionError extends DomainError {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly code: TransitionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The stream has no `VideoUploaded`: there is no video to act on. */
export class VideoNotFoundError extends DomainError {
  override readonly name = 'VideoNotFoundError';
  readonly code = 'VIDEO_NOT_FOUND';
  constructor(readonly videoId: string) {
    super(`Video ${videoId} does not exist.`);
  }
}

/** A value in the command is unusable whatever the video's state (bad title, negative percent…). */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
