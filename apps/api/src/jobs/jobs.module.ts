// The transcode queue for the dashboard's Jobs screen. The API only reads the queue and moves
// failed jobs; the worker processes them.
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { AppConfig } from '@reelguard/config';
import { TRANSCODE_QUEUE } from '@reelguard/jobs';
import { bullOptions } from '@reelguard/runtime';
import { VideosModule } from '@reelguard/videos';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';
import { TranscodeQueue } from './transcode-queue.js';

@Module({
  imports: [
    BullModule.forRootAsync({ useFactory: (config: AppConfig) => bullOptions(config), inject: [AppConfig] }),
    BullModule.registerQueue({ name: TRANSCODE_QUEUE }),
    VideosModule,
  ],
  controllers: [JobsController],
  providers: [TranscodeQueue, JobsService],
})
export class JobsModule {}
