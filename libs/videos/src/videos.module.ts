// The video lifecycle for Nest apps: CQRS bus, the eleven command handlers, the store and the
// queries. Errors thrown by event subscribers are logged instead of vanishing.
import { Inject, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CqrsModule, UnhandledExceptionBus } from '@nestjs/cqrs';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppConfig } from '@reelguard/config';
import { EventStore } from '@reelguard/persistence';
import { VIDEO_COMMAND_HANDLERS } from './handlers.js';
import { VideoProjector } from './video-projector.js';
import { VideoQueries } from './video-queries.js';
import { VideoStore } from './video-store.js';
import { ContentKeys, masterKeysFrom } from './content-keys.js';

class UnhandledEventErrors implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EventSubscribers');
  private subscription?: Subscription;

  constructor(@Inject(UnhandledExceptionBus) private readonly bus: UnhandledExceptionBus) {}

  onModuleInit(): void {
    this.subscription = this.bus.subscribe(({ cause, exception }) => {
      this.logger.error(
        `event subscriber failed on ${(cause as { constructor: { name: string } }).constructor.name}: ${String(exception)}`,
      );
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}

@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    VideoProjector,
    {
      provide: VideoStore,
      useFactory: (events: EventStore, projector: VideoProjector) => new VideoStore(events, projector),
      inject: [EventStore, VideoProjector],
    },
    {
      provide: VideoQueries,
      useFactory: (ds: DataSource, events: EventStore) => new VideoQueries(ds, events),
      inject: [DataSource, EventStore],
    },
    {
      provide: UnhandledEventErrors,
      useFactory: (bus: UnhandledExceptionBus) => new UnhandledEventErrors(bus),
      inject: [UnhandledExceptionBus],
    },
    {
      provide: ContentKeys,
      useFactory: (ds: DataSource, config: AppConfig) => new ContentKeys(ds, masterKeysFrom(config)),
      inject: [DataSource, AppConfig],
    },
    ...VIDEO_COMMAND_HANDLERS,
  ],
  exports: [CqrsModule, VideoStore, VideoQueries, ContentKeys],
})
export class VideosModule {}
