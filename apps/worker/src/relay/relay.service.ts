// Runs the outbox relay in a loop: new TranscodeRequested events become jobs within half a
// second, and a Redis that lost everything is reconciled on the next pass.
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { AppConfig } from '@reelguard/config';
import { OutboxRelay, TRANSCODE_QUEUE, type TranscodeJob } from '@reelguard/jobs';
import { EventStore } from '@reelguard/persistence';

@Injectable()
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RelayService.name);
  readonly relay: OutboxRelay;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(EventStore) events: EventStore,
    @InjectQueue(TRANSCODE_QUEUE) queue: Queue<TranscodeJob>,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.relay = new OutboxRelay(dataSource, events, queue, {
      redisPrefix: config.REDIS_PREFIX,
      attempts: config.TRANSCODE_ATTEMPTS,
      backoffMs: 5000,
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => this.schedule(500));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    try {
      const report = await this.relay.runOnce();
      if (report.relayed + report.reconciled > 0)
        this.logger.log(`relayed ${report.relayed} new and ${report.reconciled} reconciled transcode jobs`);
    } catch (error) {
      this.logger.warn(`outbox relay pass failed, retrying: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
