// The Video aggregate: the one place that decides which lifecycle changes are allowed. Each
// command method checks the rules and applies an event; each `on<Event>` handler only folds that
// event into state, so replaying the stream rebuilds exactly the state that made the decisions.
import { AggregateRoot } from '@nestjs/cqrs';
import { IllegalTransitionError, VideoNotFoundError } from '../errors.js';
import type { AnyVideoEvent } from '../events/event-registry.js';
import { RenditionReady } from '../events/rendition-ready.js';
import { TranscodeFailed } from '../events/transcode-failed.js';
import { TranscodeProgressed } from '../events/transcode-progressed.js';
import { TranscodeRequested } from '../events/transcode-requested.js';
import { TranscodeStarted } from '../events/transcode-started.js';
import type { Rendition } from '../events/video-event.js';
import { VideoDeleted } from '../events/video-deleted.js';
import { VideoMetadataChanged } from '../events/video-metadata-changed.js';
import { VideoPublished } from '../events/video-published.js';
import { VideoReady } from '../events/video-ready.js';
import { VideoUnpublished } from '../events/video-unpublished.js';
import { VideoUploaded } from '../events/video-uploaded.js';
import {
  normaliseMetadataChanges,
  normaliseUploadDetails,
  type MetadataChanges,
  type UploadDetails,
} from './metadata-rules.js';
import {
  cleanFailureReason,
  validateAttempt,
  validatePercent,
  validateReadyOutput,
  validateRendition,
  type ReadyOutput,
} from './transcode-rules.js';
import {
  INITIAL_VIDEO_FIELDS,
  statusOf,
  withRendition,
  type TranscodePhase,
  type VideoFields,
  type VideoSnapshot,
  type VideoStatus,
} from './video-state.js';

export class Video extends AggregateRoot<AnyVideoEvent> {
  private fields: VideoFields = INITIAL_VIDEO_FIELDS;
  private persistedEvents = 0;

  constructor(readonly id: string) {
    super();
  }

  static fromHistory(id: string, history: readonly AnyVideoEvent[]): Video {
    const video = new Video(id);
    video.loadFromHistory([...history]);
    return video;
  }

  get status(): VideoStatus {
    return statusOf(this.fields);
  }

  /** Stream version already in the store: the expected version when appending the new events. */
  get persistedVersion(): number {
    return this.persistedEvents;
  }

  /** Stream version including events applied but not yet saved. */
  get version(): number {
    return this.persistedEvents + this.getUncommittedEvents().length;
  }

  toSnapshot(): VideoSnapshot {
    return { id: this.id, status: this.status, ...this.fields };
  }

  override loadFromHistory(history: AnyVideoEvent[]): void {
    const stranger = history.find((event) => event.videoId !== this.id);
    if (stranger)
      throw new Error(`Event ${stranger.type} of video ${stranger.videoId} replayed into video ${this.id}.`);
    super.loadFromHistory(history);
    this.persistedEvents += history.length;
  }

  /** Marks the applied events as saved. Copy `getUncommittedEvents()` first: this empties it. */
  override commit(): void {
    this.persistedEvents += this.getUncommittedEvents().length;
    super.commit();
  }

  // ---- decisions -------------------------------------------------------------------------

  recordUpload(details: UploadDetails): void {
    if (this.fields.exists) {
      throw new IllegalTransitionError('VIDEO_EXISTS', `Video ${this.id} already exists; upload under a new id.`);
    }
    this.apply(new VideoUploaded(this.id, normaliseUploadDetails(details)));
  }

  /** From a fresh upload or after a failure (any failure: `retryable` is advice, not a rule). */
  requestTranscode(): void {
    this.assertLive();
    this.assertPhase(['idle', 'failed'], 'request a transcode');
    this.apply(new TranscodeRequested(this.id, { sourceKey: this.fields.sourceKey }));
  }

  /** A queue retry of the same request starts again; the attempt number is informative. */
  startTranscode(attempt: number): void {
    this.assertLive();
    const checked = validateAttempt(attempt);
    this.assertPhase(['requested', 'running'], 'start transcoding');
    this.apply(new TranscodeStarted(this.id, { attempt: checked }));
  }

  /**
   * Progress only moves forward within a request (a retried attempt catches up silently), so a
   * report not above the current value records nothing. 100 means complete and needs a playable video.
   */
  recordTranscodeProgress(percent: number): void {
    this.assertLive();
    const checked = validatePercent(percent);
    this.assertPhase(['running'], 'record progress');
    if (checked <= this.fields.progress) return;
    if (checked === 100 && !this.fields.playable) {
      throw new IllegalTransitionError(
        'VIDEO_NOT_READY',
        'A transcode cannot complete before the video is playable; mark it ready first.',
      );
    }
    this.apply(new TranscodeProgressed(this.id, { percent: checked }));
  }

  recordRenditionReady(rendition: Rendition): void {
    this.assertLive();
    const checked = validateRendition(rendition);
    this.assertPhase(['running'], 'add a rendition');
    this.apply(new RenditionReady(this.id, checked));
  }

  /** Also accepted when already playable: a re-run refreshes duration, poster and storyboard. */
  markReady(output: ReadyOutput): void {
    this.assertLive();
    const checked = validateReadyOutput(output);
    this.assertPhase(['running'], 'mark the video ready');
    this.apply(new VideoReady(this.id, checked));
  }

  failTranscode(reason: string, retryable: boolean): void {
    this.assertLive();
    this.assertPhase(['requested', 'running'], 'record a transcode failure');
    this.apply(new TranscodeFailed(this.id, { reason: cleanFailureReason(reason), retryable: retryable === true }));
  }

  /**
   * Idempotent: publishing a published video records nothing (a double click is not a conflict).
   * Not named `publish`: AggregateRoot's `publish(event)` is the event-bus hook EventPublisher replaces.
   */
  publishVideo(): void {
    this.assertLive();
    if (this.fields.published) return;
    if (!this.fields.playable) {
      throw new IllegalTransitionError(
        'VIDEO_NOT_READY',
        `Video ${this.id} is ${this.status}; it can be published once it is ready.`,
      );
    }
    this.apply(new VideoPublished(this.id, {}));
  }

  /** Idempotent like `publishVideo`: only a published video records VideoUnpublished. */
  unpublishVideo(): void {
    this.assertLive();
    if (!this.fields.published) return;
    this.apply(new VideoUnpublished(this.id, {}));
  }

  /** Records only the fields that actually change; a patch that changes nothing records nothing. */
  changeMetadata(changes: MetadataChanges): void {
    this.assertLive();
    const { title, description } = normaliseMetadataChanges(changes);
    const changed = {
      ...(title !== undefined && title !== this.fields.title && { title }),
      ...(description !== undefined && description !== this.fields.description && { description }),
    };
    if (Object.keys(changed).length === 0) return;
    this.apply(new VideoMetadataChanged(this.id, changed));
  }

  delete(): void {
    this.assertLive();
    this.apply(new VideoDeleted(this.id, {}));
  }

  private assertLive(): void {
    if (!this.fields.exists) throw new VideoNotFoundError(this.id);
    if (this.fields.deleted) {
      throw new IllegalTransitionError('VIDEO_DELETED', `Video ${this.id} was deleted; nothing more can happen to it.`);
    }
  }

  private assertPhase(allowed: readonly TranscodePhase[], action: string): void {
    const phase = this.fields.transcodePhase;
    if (!allowed.includes(phase)) {
      throw new IllegalTransitionError(
        'INVALID_TRANSITION',
        `Cannot ${action} for video ${this.id}: its transcode is ${phase}.`,
      );
    }
  }

  // ---- state changes (also run on replay; no rules here) ------------------------------------

  private change(next: Partial<VideoFields>): void {
    this.fields = { ...this.fields, ...next };
  }

  protected onVideoUploaded({ data }: VideoUploaded): void {
    this.change({ exists: true, title: data.title, description: data.description, sourceKey: data.sourceKey });
  }

  protected onTranscodeRequested(_event: TranscodeRequested): void {
    this.change({ transcodePhase: 'requested', attempt: 0, progress: 0, error: null });
  }

  protected onTranscodeStarted({ data }: TranscodeStarted): void {
    this.change({ transcodePhase: 'running', attempt: data.attempt });
  }

  protected onTranscodeProgressed({ data }: TranscodeProgressed): void {
    this.change({ progress: data.percent, ...(data.percent === 100 && { transcodePhase: 'completed' }) });
  }

  protected onRenditionReady({ data }: RenditionReady): void {
    this.change({ renditions: withRendition(this.fields.renditions, data) });
  }

  protected onVideoReady({ data }: VideoReady): void {
    this.change({
      playable: true,
      durationSec: data.durationSec,
      renditions: data.renditions.reduce(withRendition, this.fields.renditions),
      posterKey: data.posterKey ?? this.fields.posterKey,
      storyboard: data.storyboard ?? this.fields.storyboard,
    });
  }

  protected onTranscodeFailed({ data }: TranscodeFailed): void {
    this.change({ transcodePhase: 'failed', error: { reason: data.reason, retryable: data.retryable } });
  }

  protected onVideoPublished(_event: VideoPublished): void {
    this.change({ published: true });
  }

  protected onVideoUnpublished(_event: VideoUnpublished): void {
    this.change({ published: false });
  }

  protected onVideoMetadataChanged({ data }: VideoMetadataChanged): void {
    this.change({
      ...(data.title !== undefined && { title: data.title }),
      ...(data.description !== undefined && { description: data.description }),
    });
  }

  protected onVideoDeleted(_event: VideoDeleted): void {
    this.change({ deleted: true, published: false });
  }

  // ---- routing ------------------------------------------------------------------------------

  /** Routes by the stable `type` rather than the class name, which bundlers may rename. */
  protected override getEventName(event: AnyVideoEvent): string {
    return event.type;
  }

  /** A missing handler would silently drop state on replay; fail loudly instead. */
  protected override getEventHandler(event: AnyVideoEvent): ReturnType<AggregateRoot['getEventHandler']> {
    const handler = super.getEventHandler(event);
    if (typeof handler !== 'function') throw new Error(`Video has no handler for event ${event.type}.`);
    return handler;
  }
}
