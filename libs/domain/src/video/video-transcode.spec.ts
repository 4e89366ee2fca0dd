// The transcode lifecycle in detail: progress, renditions, playability, completion and failure.
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, ValidationError } from '../errors.js';
import { RenditionReady } from '../events/rendition-ready.js';
import { TranscodeFailed } from '../events/transcode-failed.js';
import { TranscodeProgressed } from '../events/transcode-progressed.js';
import { TranscodeRequested } from '../events/transcode-requested.js';
import { TranscodeStarted } from '../events/transcode-started.js';
import { VideoReady } from '../events/video-ready.js';
import { given, TEST_VIDEO_ID } from '../testing/given.js';
import {
  completed,
  failed,
  failedAfterReady,
  playableRunning,
  R1080,
  R360,
  R720,
  requested,
  running,
  SAMPLE_UPLOAD,
  uploaded,
} from '../testing/video-histories.js';

const id = TEST_VIDEO_ID;

describe('requesting and starting a transcode', () => {
  it('moves an upload to processing and carries the source key for the job', () => {
    const video = given(uploaded())
      .when((v) => v.requestTranscode())
      .thenEmits([new TranscodeRequested(id, { sourceKey: SAMPLE_UPLOAD.sourceKey })]);
    expect(video.status).toBe('processing');
  });

  it('re-requests a failed video (even a non-retryable failure): processing again, error and progress cleared', () => {
    const before = given(failed())
      .when(() => undefined)
      .thenEmitsNothing();
    expect(before.toSnapshot()).toMatchObject({
      status: 'failed',
      error: { reason: 'Not a video file.', retryable: false },
    });
    const video = given(failed())
      .when((v) => v.requestTranscode())
      .thenEmits([new TranscodeRequested(id, { sourceKey: SAMPLE_UPLOAD.sourceKey })]);
    expect(video.toSnapshot()).toMatchObject({ status: 'processing', error: null, progress: 0, attempt: 0 });
  });

  it('keeps a video that was already playable ready while it is transcoded again', () => {
    const video = given(failedAfterReady())
      .when((v) => v.requestTranscode())
      .thenEmits([new TranscodeRequested(id, { sourceKey: SAMPLE_UPLOAD.sourceKey })]);
    expect(video.toSnapshot()).toMatchObject({ status: 'ready', transcodePhase: 'requested', renditions: [R360] });
  });

  it('records the attempt of each queue run, a retry included', () => {
    const video = given(running())
      .when((v) => v.startTranscode(2))
      .thenEmits([new TranscodeStarted(id, { attempt: 2 })]);
    expect(video.toSnapshot()).toMatchObject({ attempt: 2, transcodePhase: 'running', status: 'processing' });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses attempt %s', (attempt) => {
    given(requested())
      .when((v) => v.startTranscode(attempt))
      .thenThrows(ValidationError, 'VALIDATION_FAILED');
  });
});

describe('progress', () => {
  it('moves forward and ignores reports that are not higher (a retried attempt catches up silently)', () => {
    const history = [...running(), new TranscodeProgressed(id, { percent: 30 })];
    given(history)
      .when((v) => v.recordTranscodeProgress(30))
      .thenEmitsNothing();
    given(history)
      .when((v) => v.recordTranscodeProgress(12))
      .thenEmitsNothing();
    const video = given(history)
      .when((v) => v.recordTranscodeProgress(31))
      .thenEmits([new TranscodeProgressed(id, { percent: 31 })]);
    expect(video.toSnapshot().progress).toBe(31);
  });

  it.each([-1, 101, 50.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses percent %s', (percent) => {
    given(running())
      .when((v) => v.recordTranscodeProgress(percent))
      .thenThrows(ValidationError, 'VALIDATION_FAILED');
  });

  it('reaching 100 completes the transcode of a playable video', () => {
    const video = given(playableRunning())
      .when((v) => v.recordTranscodeProgress(100))
      .thenEmits([new TranscodeProgressed(id, { percent: 100 })]);
    expect(video.toSnapshot()).toMatchObject({ status: 'ready', progress: 100, transcodePhase: 'completed' });
  });

  it('refuses to complete before the video is playable, saying what is missing', () => {
    const error = given(running())
      .when((v) => v.recordTranscodeProgress(100))
      .thenThrows(IllegalTransitionError, 'VIDEO_NOT_READY');
    expect(error.message).toContain('mark it ready first');
  });

  it('refuses any worker report once the transcode is complete (a duplicate job stops there)', () => {
    const error = given(completed())
      .when((v) => v.startTranscode(1))
      .thenThrows(IllegalTransitionError, 'INVALID_TRANSITION');
    expect(error.message).toContain('its transcode is completed');
  });
});

describe('renditions and playability', () => {
  it('lists a rendition once stored, before the video is playable', () => {
    const video = given(running())
      .when((v) => v.recordRenditionReady(R720))
      .thenEmits([new RenditionReady(id, R720)]);
    expect(video.toSnapshot()).toMatchObject({ renditions: [R720], status: 'processing', playable: false });
  });

  it('replaces a rendition of the same name (a retried job overwrites, never duplicates)', () => {
    const reencoded = { ...R360, bandwidth: 850_000 };
    const video = given(playableRunning())
      .when((v) => v.recordRenditionReady(reencoded))
      .thenEmits([new RenditionReady(id, reencoded)]);
    expect(video.toSnapshot().renditions).toEqual([reencoded]);
  });

  it('becomes ready (playable) with its first renditions while progress is still below 100', () => {
    const output = {
      durationSec: 20.5,
      renditions: [R360],
      posterKey: `videos/${id}/poster.jpg`,
      storyboard: { vttKey: `videos/${id}/storyboard.vtt`, intervalSec: 2 },
    };
    const video = given(running())
      .when((v) => v.markReady(output))
      .thenEmits([new VideoReady(id, output)]);
    expect(video.toSnapshot()).toMatchObject({
      status: 'ready',
      playable: true,
      durationSec: 20.5,
      progress: 0,
      posterKey: output.posterKey,
      storyboard: output.storyboard,
    });
  });

  it('a re-run keeps the poster it does not replace and merges renditions', () => {
    const video = given(playableRunning())
      .when((v) => v.markReady({ durationSec: 20, renditions: [R1080] }))
      .thenEmits([new VideoReady(id, { durationSec: 20, renditions: [R1080] })]);
    expect(video.toSnapshot()).toMatchObject({ renditions: [R360, R1080], posterKey: `videos/${id}/poster.jpg` });
  });

  it.each([
    ['renditions', { durationSec: 20, renditions: [] }],
    ['renditions', { durationSec: 20, renditions: [R360, R360] }],
    ['rendition.name', { durationSec: 20, renditions: [{ ...R360, name: '../360p' }] }],
    ['rendition.height', { durationSec: 20, renditions: [{ ...R360, height: 0 }] }],
    ['durationSec', { durationSec: 0, renditions: [R360] }],
    ['posterKey', { durationSec: 20, renditions: [R360], posterKey: '' }],
    [
      'storyboard.intervalSec',
      { durationSec: 20, renditions: [R360], storyboard: { vttKey: 'k.vtt', intervalSec: -2 } },
    ],
  ])('refuses a ready report with a bad %s', (field, output) => {
    const error = given(running())
      .when((v) => v.markReady(output))
      .thenThrows(ValidationError);
    expect(error.field).toBe(field);
  });

  it.each(['720P', '', 'a/b', 'x'.repeat(33)])('refuses rendition name %j (it becomes a file name)', (name) => {
    given(running())
      .when((v) => v.recordRenditionReady({ ...R720, name }))
      .thenThrows(ValidationError);
  });
});

describe('failure', () => {
  it('marks an unplayable video failed with a readable reason', () => {
    const video = given(running())
      .when((v) => v.failTranscode('  Not a video:\n\u0000 no streams found ', false))
      .thenEmits([new TranscodeFailed(id, { reason: 'Not a video: no streams found', retryable: false })]);
    expect(video.toSnapshot()).toMatchObject({
      status: 'failed',
      transcodePhase: 'failed',
      error: { reason: 'Not a video: no streams found', retryable: false },
    });
  });

  it('may fail before a worker started (e.g. the job could not be run)', () => {
    given(requested())
      .when((v) => v.failTranscode('Queue unavailable.', true))
      .thenEmits([new TranscodeFailed(id, { reason: 'Queue unavailable.', retryable: true })]);
  });

  it('never refuses a failure for its wording: empty or huge reasons are cleaned up', () => {
    given(running())
      .when((v) => v.failTranscode('', true))
      .thenEmits([new TranscodeFailed(id, { reason: 'Transcoding failed.', retryable: true })]);
    const video = given(running())
      .when((v) => v.failTranscode('x'.repeat(10_000), true))
      .thenEmits([new TranscodeFailed(id, { reason: `${'x'.repeat(499)}…`, retryable: true })]);
    expect(video.status).toBe('failed');
  });

  it('leaves a playable video ready (with the error recorded) when the rest of its ladder fails', () => {
    const video = given(playableRunning())
      .when((v) => v.failTranscode('Worker lost.', true))
      .thenEmits([new TranscodeFailed(id, { reason: 'Worker lost.', retryable: true })]);
    expect(video.toSnapshot()).toMatchObject({
      status: 'ready',
      transcodePhase: 'failed',
      error: { reason: 'Worker lost.' },
    });
  });
});
