// The transcode queue as the API sees it: Bull behind a small class, so the service deciding
// about retries never touches Redis commands. Read-only apart from the two moves a retry needs.
import { InjectQueue } from '@nestjs/bull';
import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { JobStatus as BullJobState, Queue } from 'bull';
import { TRANSCODE_QUEUE, type TranscodeJob } from '@reelguard/jobs';

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface QueuedJob {
  id: string;
  state: BullJobState | 'stuck';
  data: TranscodeJob;
  failedReason: string | null;
  attemptsMade: number;
  finishedOn: number | null;
}

/** Bull waits for Redis indefinitely; an admin screen should hear about it instead. */
const REDIS_WAIT_MS = 5000;

function withinTime<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableException('The job queue (Redis) is not answering; try again shortly.')),
      REDIS_WAIT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class TranscodeQueue {
  constructor(@InjectQueue(TRANSCODE_QUEUE) private readonly queue: Queue<TranscodeJob>) {}

  async counts(): Promise<QueueCounts> {
    const counts = await withinTime(this.queue.getJobCounts());
    return {
      waiting: counts.waiting,
      active: counts.active,
      delayed: counts.delayed,
      failed: counts.failed,
      completed: counts.completed,
    };
  }

  /** The newest failed jobs first. */
  async failed(limit: number): Promise<QueuedJob[]> {
    const jobs = await withinTime(this.queue.getFailed(0, limit - 1));
    return jobs.filter(Boolean).map((job) => ({
      id: String(job.id),
      state: 'failed',
      data: job.data,
      failedReason: job.failedReason ?? null,
      attemptsMade: job.attemptsMade,
      finishedOn: job.finishedOn ?? null,
    }));
  }

  async find(id: string): Promise<QueuedJob | null> {
    const job = await withinTime(this.queue.getJob(id));
    if (!job) return null;
    return {
      id: String(job.id),
      state: await withinTime(job.getState()),
      data: job.data,
      failedReason: job.failedReason ?? null,
      attemptsMade: job.attemptsMade,
      finishedOn: job.finishedOn ?? null,
    };
  }

  /** Moves a failed job back to waiting (Bull refuses when it is no longer failed). */
  async requeue(id: string): Promise<void> {
    const job = await this.queue.getJob(id);
    if (!job) throw new Error(`job ${id} vanished`);
    await job.retry();
  }

  async remove(id: string): Promise<void> {
    const job = await this.queue.getJob(id);
    await job?.remove();
  }
}
