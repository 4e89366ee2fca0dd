// Decides and drives one transcode: admission (probe, limits), the ladder, the content key, a
// poster, then one FFmpeg pass whose segments are published while it runs. The video becomes
// `ready` as soon as every rendition can start playing; progress then keeps moving to 100.
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '@reelguard/config';
import {
  FailTranscode,
  MarkVideoReady,
  RecordRenditionReady,
  RecordTranscodeProgress,
  StartTranscode,
  SYSTEM_ACTOR,
  DomainError,
  type CommandContext,
  type Rendition,
} from '@reelguard/domain';
import type { JobStatus, TranscodeJob } from '@reelguard/jobs';
import {
  DEFAULT_SOURCE_LIMITS,
  MASTER_PLAYLIST_NAME,
  MediaToolError,
  POSTER_NAME,
  STORYBOARD_IMAGE_NAME,
  STORYBOARD_TRACK_NAME,
  buildHlsCommand,
  buildMasterPlaylist,
  buildPosterCommand,
  buildStoryboardVtt,
  checkDecodable,
  inspectSource,
  measureBandwidth,
  planLadder,
  planStoryboard,
  runFfmpeg,
  type LadderPlan,
  type SourceLimits,
  type SourceRefusal,
} from '@reelguard/media';
import { ObjectNotFoundError, ObjectStorage } from '@reelguard/storage';
import { ContentKeys, VideoStore } from '@reelguard/videos';
import { HlsPublisher, PLAYLIST_CONTENT_TYPE, hlsKey } from './hls-publisher.js';
import { ProgressReporter } from './progress-reporter.js';

/** Thrown for a job the worker should try again (storage down, shutdown); Bull retries it. */
export class RetryableTranscodeError extends Error {}

@Injectable()
export class TranscodeService {
  private readonly logger = new Logger(TranscodeService.name);

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(VideoStore) private readonly videos: VideoStore,
    @Inject(ObjectStorage) private readonly storage: ObjectStorage,
    @Inject(ContentKeys) private readonly keys: ContentKeys,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private context(job: TranscodeJob): CommandContext {
    return { videoId: job.videoId, actor: SYSTEM_ACTOR, correlationId: job.correlationId };
  }

  /** Whether this request still needs work: not deleted, not already finished or failed. */
  async isPending(job: TranscodeJob): Promise<boolean> {
    const history = await this.videos.history(job.videoId);
    if (history.some((e) => e.type === 'VideoDeleted')) return false;
    const request = history.findIndex((e) => e.eventId === job.requestEventId);
    if (request < 0) return false;
    return !history
      .slice(request + 1)
      .some(
        (e) =>
          e.type === 'TranscodeFailed' ||
          e.type === 'TranscodeRequested' ||
          (e.type === 'TranscodeProgressed' && e.data.percent === 100),
      );
  }

  async run(job: TranscodeJob, attempt: number, signal: AbortSignal): Promise<JobStatus> {
    if (!(await this.isPending(job))) return 'skipped';
    try {
      await this.commands.execute(new StartTranscode(this.context(job), attempt));
    } catch (error) {
      if (error instanceof DomainError) return 'skipped';
      throw error;
    }
    // One folder per job: a run killed outright cannot clean up, so its retry clears what it left.
    const workDir = join(this.config.WORK_DIR, `reelguard-transcode-${job.requestEventId.replace(/[^\w-]/g, '_')}`);
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    try {
      return await this.transcode(job, workDir, signal);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** Whether this request's video is already playable: a run that died after VideoReady recorded it. */
  private async readyRecorded(job: TranscodeJob): Promise<boolean> {
    const history = await this.videos.history(job.videoId);
    const request = history.findIndex((e) => e.eventId === job.requestEventId);
    return request >= 0 && history.slice(request + 1).some((e) => e.type === 'VideoReady');
  }

  /** Records the failure of a job Bull will not retry any more; the outputs are removed. */
  async giveUp(job: TranscodeJob, reason: string, retryable: boolean): Promise<void> {
    if (!(await this.isPending(job))) return;
    await this.storage.deletePrefix(`videos/${job.videoId}/hls/`).catch(() => undefined);
    await this.commands.execute(new FailTranscode(this.context(job), reason, retryable)).catch((error: unknown) => {
      this.logger.warn(`could not record the failure of ${job.videoId}: ${String(error)}`);
    });
  }

  private limits(): SourceLimits {
    const { MEDIA_MAX_DURATION_SEC, MEDIA_MAX_WIDTH, MEDIA_MAX_HEIGHT, MEDIA_MAX_STREAMS } = this.config;
    return {
      ...DEFAULT_SOURCE_LIMITS,
      maxDurationSec: MEDIA_MAX_DURATION_SEC,
      maxPixels: MEDIA_MAX_WIDTH * MEDIA_MAX_HEIGHT,
      maxDimension: Math.max(MEDIA_MAX_WIDTH, MEDIA_MAX_HEIGHT),
      maxStreams: MEDIA_MAX_STREAMS,
    };
  }

  private async transcode(job: TranscodeJob, workDir: string, signal: AbortSignal): Promise<JobStatus> {
    const sourcePath = join(workDir, 'source');
    try {
      const source = await this.storage.getStream(job.sourceKey);
      await pipeline(source.body, createWriteStream(sourcePath), { signal });
    } catch (error) {
      if (error instanceof ObjectNotFoundError) {
        await this.refuse(job, 'The uploaded file is no longer in storage; upload the video again.');
        return 'refused';
      }
      throw new RetryableTranscodeError(`could not read the source: ${(error as Error).message}`);
    }

    const limits = this.limits();
    const tools = { signal, ffmpegPath: this.config.FFMPEG_PATH, ffprobePath: this.config.FFPROBE_PATH };
    // The decode check runs below, beside the encode, not before it.
    const inspection = await inspectSource(sourcePath, { limits, ...tools, checkDecoding: false });
    if (!inspection.ok) {
      await this.refuse(job, inspection.reason);
      return 'refused';
    }
    const plan = planLadder(inspection.probe);
    const durationSec = plan.durationSec ?? inspection.probe.durationSec ?? 0;
    const key = await this.keys.getOrCreate(job.videoId);
    const outputDir = join(workDir, 'hls');
    await mkdir(outputDir);
    const timeoutMs = this.config.TRANSCODE_TIMEOUT_SEC * 1000;
    // A refused source (or any failure) stops the encode that started beside its checks.
    const stopEncode = new AbortController();
    const encodeSignal = AbortSignal.any([signal, stopEncode.signal]);
    const run = (args: readonly string[], onProgress?: Parameters<typeof runFfmpeg>[1]['onProgress']) =>
      runFfmpeg(args, {
        timeoutMs,
        signal: encodeSignal,
        durationSec,
        onProgress,
        ffmpegPath: this.config.FFMPEG_PATH,
      });

    // The decode check and the poster run beside the encode (they cost about a second each, in
    // a job whose encode takes minutes); the video is made ready only once both have passed.
    const decodeCheck: Promise<SourceRefusal | null> = checkDecodable(sourcePath, inspection.probe, {
      ...tools,
      acceptedFormats: limits.acceptedFormats,
    }).then((refusal) => {
      if (refusal) stopEncode.abort();
      return refusal;
    });
    const posterStored = (async () => {
      await run(
        buildPosterCommand(plan, { inputPath: sourcePath, outputDir: workDir, acceptedFormats: limits.acceptedFormats })
          .args,
      );
      await this.storage.putBuffer(
        hlsKey(job.videoId, POSTER_NAME),
        await readFile(join(workDir, POSTER_NAME)),
        'image/jpeg',
      );
    })();
    const checks = Promise.all([decodeCheck, posterStored]);
    // Awaited where it matters; a failure surfaces there, not as an unhandled rejection.
    checks.catch(() => undefined);
    // What runs in the background of the encode: settled before any failure is recorded, so
    // nothing is still writing to storage or the work folder once the outputs are removed.
    const background: Promise<unknown>[] = [checks];

    try {
      const video = inspection.probe.video!;
      const storyboard =
        durationSec > 0
          ? planStoryboard(durationSec, { width: video.displayWidth, height: video.displayHeight })
          : null;
      if (storyboard) {
        await this.storage.putBuffer(
          hlsKey(job.videoId, STORYBOARD_TRACK_NAME),
          buildStoryboardVtt(storyboard),
          'text/vtt',
        );
      }
      const command = buildHlsCommand(plan, {
        inputPath: sourcePath,
        outputDir,
        segmentDurationSec: this.config.HLS_SEGMENT_SEC,
        firstSegmentDurationSec: this.config.HLS_FIRST_SEGMENT_SEC,
        preset: this.config.FFMPEG_PRESET,
        acceptedFormats: limits.acceptedFormats,
        ...(storyboard ? { storyboard } : {}),
      });
      const publisher = new HlsPublisher({
        storage: this.storage,
        videoId: job.videoId,
        outputDir,
        renditions: plan.renditions.map((r) => r.name),
        key,
      });
      const progress = new ProgressReporter(
        (percent) => this.commands.execute(new RecordTranscodeProgress(this.context(job), percent)),
        this.logger,
      );
      let ready = false;
      const markReady = async () => {
        const [refusal] = await checks;
        if (refusal) return;
        await this.storage.putBuffer(
          hlsKey(job.videoId, MASTER_PLAYLIST_NAME),
          this.master(plan, publisher, false),
          PLAYLIST_CONTENT_TYPE,
        );
        // A retry after a crash finds the video playable already: VideoReady is recorded once per request.
        if (!(await this.readyRecorded(job)))
          await this.commands.execute(
            new MarkVideoReady(this.context(job), {
              durationSec,
              renditions: plan.renditions.map((r): Rendition => ({
                name: r.name,
                width: r.width,
                height: r.height,
                bandwidth: Math.ceil(r.bandwidth),
              })),
              posterKey: hlsKey(job.videoId, POSTER_NAME),
              ...(storyboard
                ? {
                    storyboard: {
                      vttKey: hlsKey(job.videoId, STORYBOARD_TRACK_NAME),
                      intervalSec: storyboard.intervalSec,
                    },
                  }
                : {}),
            }),
          );
        ready = true;
      };

      let encoding = true;
      const encode: Promise<unknown> = run(command.args, (p) => progress.report(Math.floor(p.fraction * 95))).finally(
        () => {
          encoding = false;
        },
      );
      // Publish while FFmpeg writes; the first pass that finds every rendition startable makes the video ready.
      const publishing: Promise<void> = (async () => {
        while (encoding) {
          await publisher.sync(false);
          // FFmpeg prints no progress until every output has begun, and the storyboard sprite
          // begins only at the end: the media published so far tells how far the encode is.
          if (durationSec > 0) progress.report(Math.floor((publisher.publishedSec() / durationSec) * 95));
          if (!ready && publisher.hasPlayableStart(1)) await markReady();
          // Every tenth of a second until the video is playable, so it is published without delay.
          await new Promise((resolve) => setTimeout(resolve, ready ? 400 : 100));
        }
      })();
      background.push(encode, publishing);
      await Promise.all([encode, publishing, checks]);
      const [refusal] = await checks;
      if (refusal) {
        await this.refuse(job, refusal.reason);
        return 'refused';
      }
      await publisher.sync(true);
      if (!ready) await markReady();
      if (storyboard) {
        await this.storage.putBuffer(
          hlsKey(job.videoId, STORYBOARD_IMAGE_NAME),
          await readFile(join(outputDir, STORYBOARD_IMAGE_NAME)),
          'image/jpeg',
        );
      }
      // Measured bandwidths replace the estimates once every segment is known.
      await this.storage.putBuffer(
        hlsKey(job.videoId, MASTER_PLAYLIST_NAME),
        this.master(plan, publisher, true),
        PLAYLIST_CONTENT_TYPE,
      );
      await progress.flush();
      for (const r of plan.renditions) {
        const measured = measureBandwidth(publisher.segmentsOf(r.name));
        await this.commands.execute(
          new RecordRenditionReady(this.context(job), {
            name: r.name,
            width: r.width,
            height: r.height,
            bandwidth: Math.ceil(measured.peak || r.bandwidth),
          }),
        );
      }
      await this.commands.execute(new RecordTranscodeProgress(this.context(job), 100));
      return 'done';
    } catch (error) {
      stopEncode.abort();
      await Promise.allSettled(background);
      // The decode check's verdict explains an encode that failed or was stopped for it.
      const refusal = await decodeCheck.catch(() => null);
      if (refusal && !signal.aborted) {
        await this.refuse(job, refusal.reason);
        return 'refused';
      }
      if (error instanceof MediaToolError && (error.failure === 'exit' || error.failure === 'timeout')) {
        const reason =
          error.failure === 'timeout'
            ? `Transcoding took longer than the limit of ${this.config.TRANSCODE_TIMEOUT_SEC} seconds.`
            : 'The video could not be decoded to the end; the file may be damaged.';
        this.logger.warn(`transcode of ${job.videoId} failed: ${error.message}`);
        await this.refuse(job, reason, false);
        return 'refused';
      }
      if (error instanceof MediaToolError && error.failure === 'aborted')
        throw new RetryableTranscodeError('the transcode was interrupted');
      throw error;
    }
  }

  private master(plan: LadderPlan, publisher: HlsPublisher, measured: boolean): string {
    return buildMasterPlaylist(
      plan.renditions.map((r) => {
        const m = measured ? measureBandwidth(publisher.segmentsOf(r.name)) : null;
        return {
          name: r.name,
          width: r.width,
          height: r.height,
          bandwidth: m && m.peak > 0 ? Math.max(m.peak, m.average) : r.bandwidth,
          averageBandwidth: m && m.average > 0 ? m.average : r.averageBandwidth,
          codecs: r.codecs,
          frameRate: r.frameRate,
        };
      }),
    );
  }

  /** Bad input: the reason is recorded and nothing of the upload stays in storage. */
  private async refuse(job: TranscodeJob, reason: string, removeSource = true): Promise<void> {
    await this.storage.deletePrefix(removeSource ? `videos/${job.videoId}/` : `videos/${job.videoId}/hls/`);
    await this.commands.execute(new FailTranscode(this.context(job), reason, false));
  }
}
