// Publishing and unpublishing: only playable videos go public, and repeating either is harmless.
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../errors.js';
import { VideoDeleted } from '../events/video-deleted.js';
import { VideoPublished } from '../events/video-published.js';
import { VideoUnpublished } from '../events/video-unpublished.js';
import { given, TEST_VIDEO_ID } from '../testing/given.js';
import { deleted, failed, playableRunning, published, requested } from '../testing/video-histories.js';

describe('publishVideo / unpublishVideo', () => {
  it('publishes a video as soon as it is playable, even while the ladder is still encoding', () => {
    const video = given(playableRunning())
      .when((v) => v.publishVideo())
      .thenEmits([new VideoPublished(TEST_VIDEO_ID, {})]);
    expect(video.toSnapshot()).toMatchObject({ published: true, status: 'ready', progress: 40 });
  });

  it('treats publishing a published video as done, recording nothing', () => {
    given(published())
      .when((v) => v.publishVideo())
      .thenEmitsNothing();
  });

  it.each([
    ['processing', requested],
    ['failed', failed],
  ])('refuses to publish a %s video, saying what to wait for', (status, history) => {
    const error = given(history())
      .when((v) => v.publishVideo())
      .thenThrows(IllegalTransitionError, 'VIDEO_NOT_READY');
    expect(error.message).toContain(`is ${status}`);
    expect(error.message).toContain('once it is ready');
  });

  it('unpublishes a published video and treats unpublishing an unpublished one as done', () => {
    const video = given(published())
      .when((v) => v.unpublishVideo())
      .thenEmits([new VideoUnpublished(TEST_VIDEO_ID, {})]);
    expect(video.toSnapshot().published).toBe(false);
    given(playableRunning())
      .when((v) => v.unpublishVideo())
      .thenEmitsNothing();
  });

  it('deleting a published video also takes it off the catalogue', () => {
    const video = given(published())
      .when((v) => v.delete())
      .thenEmits([new VideoDeleted(TEST_VIDEO_ID, {})]);
    expect(video.toSnapshot()).toMatchObject({ deleted: true, published: false });
  });

  it('refuses a second delete', () => {
    const error = given(deleted())
      .when((v) => v.delete())
      .thenThrows(IllegalTransitionError, 'VIDEO_DELETED');
    expect(error.message).toContain('was deleted');
  });
});
