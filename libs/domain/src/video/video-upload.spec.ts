// Recording an upload: what a new video starts as, how upload details are cleaned, what is refused.
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, ValidationError } from '../errors.js';
import { VideoUploaded } from '../events/video-uploaded.js';
import { given, TEST_VIDEO_ID } from '../testing/given.js';
import { SAMPLE_UPLOAD, uploaded } from '../testing/video-histories.js';
import { defaultTitleFor } from './metadata-rules.js';

describe('recordUpload', () => {
  it('opens the stream with VideoUploaded and leaves the video uploaded, unpublished, at 0 %', () => {
    const video = given([])
      .when((v) => v.recordUpload(SAMPLE_UPLOAD))
      .thenEmits([new VideoUploaded(TEST_VIDEO_ID, SAMPLE_UPLOAD)]);
    expect(video.toSnapshot()).toMatchObject({
      exists: true,
      status: 'uploaded',
      progress: 0,
      published: false,
      title: SAMPLE_UPLOAD.title,
    });
  });

  it('trims the title, defaults the description, strips folders and controls from the file name', () => {
    given([])
      .when((v) =>
        v.recordUpload({
          ...SAMPLE_UPLOAD,
          title: '  Harbour at dawn \n',
          description: undefined,
          originalFilename: 'C:\\clips\\harbour\u0000.mp4',
          contentType: ' Video/MP4 ',
        }),
      )
      .thenEmits([
        new VideoUploaded(TEST_VIDEO_ID, {
          ...SAMPLE_UPLOAD,
          description: '',
          originalFilename: 'harbour .mp4',
          contentType: 'video/mp4',
        }),
      ]);
  });

  it('falls back to neutral values for a missing file name and content type', () => {
    given([])
      .when((v) => v.recordUpload({ ...SAMPLE_UPLOAD, originalFilename: '/', contentType: '' }))
      .thenEmits([
        new VideoUploaded(TEST_VIDEO_ID, {
          ...SAMPLE_UPLOAD,
          originalFilename: 'upload',
          contentType: 'application/octet-stream',
        }),
      ]);
  });

  it('refuses to reopen an existing stream', () => {
    const error = given(uploaded())
      .when((v) => v.recordUpload(SAMPLE_UPLOAD))
      .thenThrows(IllegalTransitionError, 'VIDEO_EXISTS');
    expect(error.message).toContain('new id');
  });

  it.each([
    ['title', { title: '   ' }],
    ['title', { title: 'x'.repeat(201) }],
    ['sourceKey', { sourceKey: '' }],
    ['sourceKey', { sourceKey: 'uploads/a\nb' }],
    ['sourceBytes', { sourceBytes: 0 }],
    ['sourceBytes', { sourceBytes: 1.5 }],
    ['description', { description: 'x'.repeat(5001) }],
  ])('refuses a bad %s with a ValidationError naming it', (field, override) => {
    const error = given([])
      .when((v) => v.recordUpload({ ...SAMPLE_UPLOAD, ...override }))
      .thenThrows(ValidationError, 'VALIDATION_FAILED');
    expect(error.field).toBe(field);
  });
});

describe('defaultTitleFor', () => {
  it.each([
    ['holiday_2024-clip.final.mp4', 'holiday 2024-clip final'],
    ['C:/Users/ana/Sea.MOV', 'Sea'],
    ['.mp4', 'Untitled video'],
    ['', 'Untitled video'],
  ])('%j → %j', (filename, title) => {
    expect(defaultTitleFor(filename)).toBe(title);
  });

  it('keeps within the title limit', () => {
    expect([...defaultTitleFor(`${'é'.repeat(300)}.mp4`)]).toHaveLength(200);
  });
});
