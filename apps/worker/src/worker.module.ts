// The worker's composition root: the queue, the outbox relay and the job handlers.
import { BullModule } from '@nestjs/bull';
import { type DynamicModule, Module } from '@nestjs/common';
import type { Config } from '@reelguard/config';
import { TRANSCODE_QUEUE } from '@reelguard/jobs';
import { InfrastructureModule, bullOptions } from '@reelguard/runtime';
import { VideosModule } from '@reelguard/videos';
import { AuditSealingService } from './audit/audit-sealing.service.js';
import { RelayService } from './relay/relay.service.js';
import { JobRunner } from './transcode/job-runner.js';
import { TranscodeService } from './transcode/transcode.service.js';

@Module({})
export class WorkerModule {
  static forRoot(config: Config, options: { relay?: boolean; audit?: boolean } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        InfrastructureModule.forRoot(config, 'reelguard-worker'),
        BullModule.forRoot(bullOptions(config)),
        BullModule.registerQueue({ name: TRANSCODE_QUEUE }),
        VideosModule,
      ],
      providers: [
        TranscodeService,
        JobRunner,
        ...(options.relay === false ? [] : [RelayService]),
        ...(options.audit === false ? [] : [AuditSealingService]),
      ],
    };
  }
}
