// decide/execute as command handlers use them, and the version bookkeeping for optimistic appends.
import { Command } from '@nestjs/cqrs';
import { describe, expect, it } from 'vitest';
import { ChangeVideoMetadata } from './commands/change-video-metadata.js';
import { DeleteVideo } from './commands/delete-video.js';
import { FailTranscode } from './commands/fail-transcode.js';
import { MarkVideoReady } from './commands/mark-video-ready.js';
import { PublishVideo } from './commands/publish-video.js';
import { RecordRenditionReady } from './commands/record-rendition-ready.js';
import { RecordTranscodeProgress } from './commands/record-transcode-progress.js';
import { RecordUpload } from './commands/record-upload.js';
import { RequestTranscode } from './commands/request-transcode.js';
import { StartTranscode } from './commands/start-transcode.js';
import { UnpublishVideo } from './commands/unpublish-video.js';
import { SYSTEM_ACTOR, type CommandContext } from './commands/video-command.js';
import { decide, execute, type AnyVideoCommand } from './decide.js';
import { IllegalTransitionError, VideoNotFoundError } from './errors.js';
import { eventToRecord, type AnyVideoEvent } from './events/event-registry.js';
import { TEST_VIDEO_ID } from './testing/given.js';
import { completed, playableRunning, R360, requested, SAMPLE_UPLOAD, uploaded } from './testing/video-histories.js';
import { Video } from './video/video.js';

const admin: CommandContext = { videoId: TEST_VIDEO_ID, actor: 'user-1', correlationId: 'corr-1' };
const worker: CommandContext = { ...admin, actor: SYSTEM_ACTOR };
const types = (events: AnyVideoEvent[]): string[] => events.map((event) => event.type);

describe('decide', () => {
  it('records an upload and its transcode request in one decision, so the outbox never sees one alone', () => {
    const events = decide([], new RecordUpload(admin, SAMPLE_UPLOAD));
    expect(types(events)).toEqual(['VideoUploaded', 'TranscodeRequested']);
    expect(eventToRecord(events[1]!).data).toEqual({ sourceKey: SAMPLE_UPLOAD.sourceKey });
  });

  it.each<[string, AnyVideoEvent[], AnyVideoCommand, string[]]>([
    ['RequestTranscode', uploaded(), new RequestTranscode(admin), ['TranscodeRequested']],
    ['StartTranscode', requested(), new StartTranscode(worker, 1), ['TranscodeStarted']],
    ['RecordTranscodeProgress', playableRunning(), new RecordTranscodeProgress(worker, 100), ['TranscodeProgressed']],
    [
      'RecordRenditionReady',
      playableRunning(),
      new RecordRenditionReady(worker, { ...R360, name: '240p' }),
      ['RenditionReady'],
    ],
    [
      'MarkVideoReady',
      playableRunning(),
      new MarkVideoReady(worker, { durationSec: 3, renditions: [R360] }),
      ['VideoReady'],
    ],
    ['FailTranscode', requested(), new FailTranscode(worker, 'No space left.', true), ['TranscodeFailed']],
    ['PublishVideo', completed(), new PublishVideo(admin), ['VideoPublished']],
    ['UnpublishVideo', completed(), new UnpublishVideo(admin), []],
    [
      'ChangeVideoMetadata',
      uploaded(),
      new ChangeVideoMetadata(admin, { description: 'New' }),
      ['VideoMetadataChanged'],
    ],
    ['DeleteVideo', uploaded(), new DeleteVideo(admin), ['VideoDeleted']],
  ])('routes %s to its decision', (_name, history, command, expected) => {
    expect(types(decide(history, command))).toEqual(expected);
  });

  it('does not change the history it was given', () => {
    const history = completed();
    const before = history.map(eventToRecord);
    decide(history, new PublishVideo(admin));
    expect(history.map(eventToRecord)).toEqual(before);
  });

  it('throws the domain error for a refused command and a not-found error for an empty stream', () => {
    expect(() => decide(uploaded(), new PublishVideo(admin))).toThrow(IllegalTransitionError);
    expect(() => decide([], new DeleteVideo(admin))).toThrow(VideoNotFoundError);
  });

  it('refuses a command addressed to another video', () => {
    const video = Video.fromHistory(TEST_VIDEO_ID, completed());
    expect(() => execute(video, new PublishVideo({ ...admin, videoId: 'BBBBBBBBBBBBBBBBBBBBBB' }))).toThrow(
      /sent to video/,
    );
  });
});

describe('commands', () => {
  it('are @nestjs/cqrs Commands carrying video, actor and correlation id (the event metadata)', () => {
    const command = new ChangeVideoMetadata(admin, { title: 'x' });
    expect(command).toBeInstanceOf(Command);
    expect(command).toMatchObject({ type: 'ChangeVideoMetadata', videoId: TEST_VIDEO_ID, changes: { title: 'x' } });
    expect(command.metadata).toEqual({ actor: 'user-1', correlationId: 'corr-1' });
  });
});

describe('stream versions', () => {
  it('tell the expected version for the append, and move on commit', () => {
    const video = Video.fromHistory(TEST_VIDEO_ID, completed());
    const stored = completed().length;
    expect(video.persistedVersion).toBe(stored);
    video.publishVideo();
    video.changeMetadata({ title: 'Renamed' });
    expect(video.persistedVersion).toBe(stored);
    expect(video.version).toBe(stored + 2);
    video.commit();
    expect(video.getUncommittedEvents()).toHaveLength(0);
    expect(video.persistedVersion).toBe(stored + 2);
    expect(video.version).toBe(stored + 2);
  });

  it('start at zero for a new video', () => {
    const video = new Video(TEST_VIDEO_ID);
    expect([video.persistedVersion, video.version, video.toSnapshot().exists]).toEqual([0, 0, false]);
  });
});
