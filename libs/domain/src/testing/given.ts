// A small given/when/then language for the Video aggregate's tests: given past events, when a
// decision is made, then exactly these events are emitted, or this error is thrown. Uses
// node:assert so it runs under any test runner.
import assert, { AssertionError } from 'node:assert/strict';
import { eventToRecord, type AnyVideoEvent } from '../events/event-registry.js';
import { Video } from '../video/video.js';

export const TEST_VIDEO_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

type Attempt = { threw: false } | { threw: true; error: unknown };

export class DecisionOutcome {
  constructor(
    private readonly history: readonly AnyVideoEvent[],
    private readonly video: Video,
    private readonly attempt: Attempt,
  ) {}

  /** Asserts the emitted events (type, version, data, video) and returns the aggregate for state checks. */
  thenEmits(expected: readonly AnyVideoEvent[]): Video {
    if (this.attempt.threw) {
      throw new AssertionError({ message: `Expected events, but the decision threw: ${describe(this.attempt.error)}` });
    }
    const emitted = this.video.getUncommittedEvents();
    assert.deepStrictEqual(emitted.map(eventToRecord), expected.map(eventToRecord));
    // Handlers hold no rules, so replaying history plus the new events must land on the same state.
    const replayed = Video.fromHistory(this.video.id, [...this.history, ...emitted]);
    assert.deepStrictEqual(replayed.toSnapshot(), this.video.toSnapshot(), 'replayed state differs from decided state');
    return this.video;
  }

  thenEmitsNothing(): Video {
    return this.thenEmits([]);
  }

  thenThrows<E extends Error & { readonly code?: string }>(errorClass: ErrorClass<E>, code?: E['code']): E {
    if (!this.attempt.threw) {
      const types = this.video.getUncommittedEvents().map((event) => event.type);
      throw new AssertionError({ message: `Expected ${errorClass.name}, but it emitted [${types.join(', ')}]` });
    }
    const { error } = this.attempt;
    if (!(error instanceof errorClass)) {
      throw new AssertionError({ message: `Expected ${errorClass.name}, got ${describe(error)}` });
    }
    if (code !== undefined) assert.equal(error.code, code);
    return error;
  }
}

export function given(history: readonly AnyVideoEvent[] = [], videoId = history[0]?.videoId ?? TEST_VIDEO_ID) {
  return {
    when(decision: (video: Video) => void): DecisionOutcome {
      const video = Video.fromHistory(videoId, history);
      try {
        decision(video);
        return new DecisionOutcome(history, video, { threw: false });
      } catch (error) {
        return new DecisionOutcome(history, video, { threw: true, error });
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
