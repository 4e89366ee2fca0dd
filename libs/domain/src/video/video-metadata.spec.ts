// Editing title and description: only real changes are recorded, and bad text is a validation error.
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, ValidationError } from '../errors.js';
import { VideoMetadataChanged } from '../events/video-metadata-changed.js';
import { given, TEST_VIDEO_ID } from '../testing/given.js';
import { deleted, published, SAMPLE_UPLOAD, uploaded } from '../testing/video-histories.js';

describe('changeMetadata', () => {
  it('records only the fields that change, normalised', () => {
    const video = given(published())
      .when((v) =>
        v.changeMetadata({ title: `  ${SAMPLE_UPLOAD.title}  `, description: 'Line one\r\nLine two\t(tab)  ' }),
      )
      .thenEmits([new VideoMetadataChanged(TEST_VIDEO_ID, { description: 'Line one\nLine two\t(tab)' })]);
    expect(video.toSnapshot()).toMatchObject({
      title: SAMPLE_UPLOAD.title,
      description: 'Line one\nLine two\t(tab)',
      published: true,
    });
  });

  it('records nothing for an empty patch or one that changes nothing', () => {
    given(uploaded())
      .when((v) => v.changeMetadata({}))
      .thenEmitsNothing();
    given(uploaded())
      .when((v) => v.changeMetadata({ title: SAMPLE_UPLOAD.title, description: SAMPLE_UPLOAD.description }))
      .thenEmitsNothing();
  });

  it('accepts an empty description and a 200-character title counted in characters, not UTF-16 units', () => {
    const title = '🎬'.repeat(200);
    given(uploaded())
      .when((v) => v.changeMetadata({ title, description: '' }))
      .thenEmits([new VideoMetadataChanged(TEST_VIDEO_ID, { title, description: '' })]);
  });

  it.each([
    ['title', { title: '' }],
    ['title', { title: ' \t ' }],
    ['title', { title: 'a'.repeat(201) }],
    ['title', { title: 'two\nlines' }],
    ['title', { title: 'bell\u0007' }],
    ['title', { title: 'evil\u202Egnp.exe' }],
    ['title', { title: 42 as unknown as string }],
    ['description', { description: 'd'.repeat(5001) }],
    ['description', { description: 'escape \u001b[31m' }],
  ])('refuses a bad %s with a ValidationError, not a transition error', (field, changes) => {
    const error = given(uploaded())
      .when((v) => v.changeMetadata(changes))
      .thenThrows(ValidationError, 'VALIDATION_FAILED');
    expect(error.field).toBe(field);
    expect(error).not.toBeInstanceOf(IllegalTransitionError);
  });

  it('refuses edits to a deleted video even when they are also invalid', () => {
    given(deleted())
      .when((v) => v.changeMetadata({ title: '' }))
      .thenThrows(IllegalTransitionError, 'VIDEO_DELETED');
  });
});
