// Every lifecycle decision from every state: what is emitted, ignored or refused, and with which code.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import type { AnyVideoEvent } from '../events/event-registry.js';
import { TEST_VIDEO_ID } from '../testing/given.js';
import * as histories from '../testing/video-histories.js';
import { Video } from './video.js';

const actions: Record<string, (video: Video) => void> = {
  upload: (video) => video.recordUpload(histories.SAMPLE_UPLOAD),
  request: (video) => video.requestTranscode(),
  start: (video) => video.startTranscode(2),
  progress: (video) => video.recordTranscodeProgress(50),
  complete: (video) => video.recordTranscodeProgress(100),
  rendition: (video) => video.recordRenditionReady({ name: '480p', width: 854, height: 480, bandwidth: 1_400_000 }),
  ready: (video) => video.markReady({ durationSec: 20, renditions: [histories.R360] }),
  fail: (video) => video.failTranscode('Encoder crashed.', true),
  publish: (video) => video.publishVideo(),
  unpublish: (video) => video.unpublishVideo(),
  metadata: (video) => video.changeMetadata({ title: 'A new title' }),
  delete: (video) => video.delete(),
};
type Action = keyof typeof actions;

// Outcomes: the event emitted, the error code refused with, or NONE (accepted, nothing to record).
const UPL = 'VideoUploaded';
const REQ = 'TranscodeRequested';
const STA = 'TranscodeStarted';
const PRO = 'TranscodeProgressed';
const REN = 'RenditionReady';
const RDY = 'VideoReady';
const FAI = 'TranscodeFailed';
const PUB = 'VideoPublished';
const UNP = 'VideoUnpublished';
const MET = 'VideoMetadataChanged';
const DEL = 'VideoDeleted';
const NOT_FOUND = 'VIDEO_NOT_FOUND';
const EXISTS = 'VIDEO_EXISTS';
const INVALID = 'INVALID_TRANSITION';
const NOT_READY = 'VIDEO_NOT_READY';
const DELETED = 'VIDEO_DELETED';
const NONE = '—';

type Row = [state: string, history: () => AnyVideoEvent[], ...outcomes: string[]];
const columns = Object.keys(actions) as Action[];

// prettier-ignore
const matrix: Row[] = [
  //                                                        upload  request    start      progress   complete   rendition  ready      fail       publish    unpublish  metadata   delete
  ['no video',                  () => [],                   UPL,    NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
  ['uploaded',                  histories.uploaded,         EXISTS, REQ,       INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   NOT_READY, NONE,      MET,       DEL],
  ['requested',                 histories.requested,        EXISTS, INVALID,   STA,       INVALID,   INVALID,   INVALID,   INVALID,   FAI,       NOT_READY, NONE,      MET,       DEL],
  ['running',                   histories.running,          EXISTS, INVALID,   STA,       PRO,       NOT_READY, REN,       RDY,       FAI,       NOT_READY, NONE,      MET,       DEL],
  ['playable, ladder encoding', histories.playableRunning,  EXISTS, INVALID,   STA,       PRO,       PRO,       REN,       RDY,       FAI,       PUB,       NONE,      MET,       DEL],
  ['completed',                 histories.completed,        EXISTS, INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   PUB,       NONE,      MET,       DEL],
  ['failed',                    histories.failed,           EXISTS, REQ,       INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   NOT_READY, NONE,      MET,       DEL],
  ['failed after playable',     histories.failedAfterReady, EXISTS, REQ,       INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   PUB,       NONE,      MET,       DEL],
  ['published',                 histories.published,        EXISTS, INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   NONE,      UNP,       MET,       DEL],
  ['unpublished',               histories.unpublished,      EXISTS, INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   INVALID,   PUB,       NONE,      MET,       DEL],
  ['deleted',                   histories.deleted,          EXISTS, DELETED,   DELETED,   DELETED,   DELETED,   DELETED,   DELETED,   DELETED,   DELETED,   DELETED,   DELETED,   DELETED],
];

function outcomeOf(history: AnyVideoEvent[], action: Action): string {
  const video = Video.fromHistory(TEST_VIDEO_ID, history);
  try {
    actions[action]!(video);
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  const emitted = video.getUncommittedEvents();
  expect(emitted.length).toBeLessThanOrEqual(1);
  // Handlers hold no rules: replaying the new event must reproduce the decided state.
  expect(Video.fromHistory(TEST_VIDEO_ID, [...history, ...emitted]).toSnapshot()).toEqual(video.toSnapshot());
  return emitted[0]?.type ?? '—';
}

describe('Video lifecycle transitions', () => {
  it('has one expected outcome per action in every row', () => {
    for (const [, , ...outcomes] of matrix) expect(outcomes).toHaveLength(columns.length);
  });

  for (const [state, history, ...outcomes] of matrix) {
    describe(`from ${state}`, () => {
      columns.forEach((action, column) => {
        it(`${action} → ${outcomes[column]}`, () => {
          expect(outcomeOf(history(), action)).toBe(outcomes[column]);
        });
      });
    });
  }
});
