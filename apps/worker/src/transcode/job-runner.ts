// Takes jobs from the queue with the configured concurrency and hands each to the one handler
// of its kind (the map is checked by the compiler: a missing or extra handler does not build).
// A job that fails for the last time is recorded as TranscodeFailed; on SIGTERM the current
// jobs get a grace period to finish, then are interrupted and left for a retry.
import { InjectQueue } from '@nestjs/bull';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '@reelguard/config';
import {
  TRANSCODE_QUEUE,
  type JobHandlerMap,
  type JobPayload,
  type JobStatus,
  type TranscodeJob,
} from '@reelguard/jobs';
import { TranscodeService } from './transcode.service.js';

const SHUTDOWN_GRACE_MS = 20_000;

@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly running = new Map<string, AbortController>();
  private readonly handlers: JobHandlerMap;
  private current = new Set<Promise<unknown>>();

  constructor(
    @InjectQueue(TRANSCODE_QUEUE) private readonly queue: Queue<TranscodeJob>,
    @Inject(TranscodeService) private readonly transcodes: TranscodeService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.handlers = {
      transcode: (job) => this.withAbort(job, (signal, attempt) => this.transcodes.run(job, attempt, signal)),
    };
  }

  private attempts = new Map<string, number>();

  onApplicationBootstrap(): void {
    void this.queue.process(this.config.TRANSCODE_CONCURRENCY, (job: Job<JobPayload>) => this.handle(job));
    this.queue.on('failed', (job: Job<JobPayload>, error: Error) => void this.onFailed(job, error));
    this.queue.on('error', (error: Error) => this.logger.warn(`queue error: ${error.message}`));
  }

  private async handle(job: Job<JobPayload>): Promise<JobStatus> {
    this.attempts.set(String(job.id), job.attemptsMade + 1);
    const work = this.handlers[job.data.kind](job.data);
    this.current.add(work);
    try {
      const status = await work;
      this.logger.log(`job ${job.id} (${job.data.kind} of ${job.data.videoId}): ${status}`);
      return status;
    } finally {
      this.current.delete(work);
      this.attempts.delete(String(job.id));
    }
  }

  private async withAbort(
    job: TranscodeJob,
    work: (signal: AbortSignal, attempt: number) => Promise<JobStatus>,
  ): Promise<JobStatus> {
    const controller = new AbortController();
    this.running.set(job.requestEventId, controller);
    try {
      return await work(controller.signal, this.attempts.get(job.requestEventId) ?? 1);
    } finally {
      this.running.delete(job.requestEventId);
    }
  }

  private async onFailed(job: Job<JobPayload>, error: Error): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    this.logger.warn(`job ${job.id} attempt ${job.attemptsMade}/${attempts} failed: ${error.message}`);
    if (job.attemptsMade < attempts) return;
    await this.transcodes.giveUp(
      job.data,
      `Transcoding failed ${attempts} times (last error: ${error.message.slice(0, 200)}); request it again later.`,
      true,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.pause(true, true).catch(() => undefined);
    const finished = Promise.allSettled([...this.current]);
    const timer = setTimeout(() => {
      for (const controller of this.running.values()) controller.abort();
    }, SHUTDOWN_GRACE_MS);
    await finished;
    clearTimeout(timer);
    await this.queue.close().catch(() => undefined);
  }
}
