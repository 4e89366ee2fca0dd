// The transcode queue for admins: counts, failed jobs with a readable reason, and retry. What a
// retry does is decided by planRetry from the video's history (see retry-plan.ts).
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RequestTranscode } from '@reelguard/domain';
import { VideoStore } from '@reelguard/videos';
import type { AuthUser } from '../auth/decorators.js';
import { publicFailureReason } from './failure-reason.js';
import { planRetry } from './retry-plan.js';
import { TranscodeQueue, type QueueCounts, type QueuedJob } from './transcode-queue.js';

/** Job ids are the TranscodeRequested event ids (UUIDs); Bull's own numeric ids also pass. */
const JOB_ID = /^[A-Za-z0-9-]{1,64}$/;
const FAILED_LIST_LIMIT = 100;

export interface FailedJobResponse {
  id: string;
  videoId: string | null;
  failedReason: string | null;
  attemptsMade: number;
  finishedOn: string | null;
}

export interface RetryResponse {
  id: string;
  videoId: string;
  /** `requeued`: the same job waits again; `requested`: the video was asked for a new transcode. */
  outcome: 'requeued' | 'requested';
}

export function toFailedJobResponse(job: QueuedJob): FailedJobResponse {
  return {
    id: job.id,
    videoId: typeof job.data?.videoId === 'string' ? job.data.videoId : null,
    failedReason: publicFailureReason(job.failedReason),
    attemptsMade: job.attemptsMade,
    finishedOn: job.finishedOn === null ? null : new Date(job.finishedOn).toISOString(),
  };
}

@Injectable()
export class JobsService {
  constructor(
    @Inject(TranscodeQueue) private readonly queue: TranscodeQueue,
    @Inject(VideoStore) private readonly videos: VideoStore,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  counts(): Promise<QueueCounts> {
    return this.queue.counts();
  }

  async failed(): Promise<FailedJobResponse[]> {
    return (await this.queue.failed(FAILED_LIST_LIMIT)).map(toFailedJobResponse);
  }

  async retry(user: AuthUser, id: string, correlationId: string): Promise<RetryResponse> {
    if (!JOB_ID.test(id)) throw new BadRequestException('A job id is 1 to 64 letters, digits or dashes.');
    const job = await this.queue.find(id);
    if (!job) throw new NotFoundException('No such transcode job (finished jobs are kept for a while only).');
    if (job.state !== 'failed') {
      throw new ConflictException(`This job is ${job.state}, not failed; only failed jobs can be retried.`);
    }
    const videoId = job.data.videoId;
    const history = await this.videos.history(videoId);
    const plan = planRetry(
      job.data.requestEventId,
      history.map((e) => ({ type: e.type, eventId: e.eventId, data: e.data })),
    );
    switch (plan.kind) {
      case 'refuse':
        throw new ConflictException(plan.message);
      case 'requeue':
        await this.queue.requeue(id);
        return { id, videoId, outcome: 'requeued' };
      case 'request-again':
        await this.commands.execute(new RequestTranscode({ videoId, actor: user.id, correlationId }));
        // The new request is relayed as a new job; the spent one would only be skipped.
        await this.queue.remove(id);
        return { id, videoId, outcome: 'requested' };
    }
  }
}
