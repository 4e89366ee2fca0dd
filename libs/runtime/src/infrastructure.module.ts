// Process-wide providers: typed configuration, PostgreSQL, Redis, object storage, event store.
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig, type Config } from '@reelguard/config';
import { EventStore, dataSourceOptions } from '@reelguard/persistence';
import { ObjectStorage } from '@reelguard/storage';

export function createRedis(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: 2,
    connectTimeout: 3000,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
}

export function createStorage(config: Config): ObjectStorage {
  return new ObjectStorage({
    endpoint: config.S3_ENDPOINT_RESOLVED,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    partSizeBytes: config.S3_UPLOAD_PART_MIB * 1024 * 1024,
    queueSize: config.S3_UPLOAD_QUEUE_SIZE,
  });
}

@Injectable()
class ConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(ObjectStorage) private readonly storage: ObjectStorage,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.storage.destroy();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: Config, appName: string) {
    return {
      module: InfrastructureModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL, { applicationName: appName }))],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Redis, useFactory: () => createRedis(config.REDIS_URL, appName) },
        { provide: ObjectStorage, useFactory: () => createStorage(config) },
        { provide: EventStore, useFactory: (ds: DataSource) => new EventStore(ds), inject: [DataSource] },
        ConnectionCloser,
      ],
      exports: [AppConfig, Redis, ObjectStorage, EventStore],
    };
  }
}

/** Bull options shared by every process that touches the queues. */
export function bullOptions(config: Config) {
  return {
    redis: config.REDIS_URL,
    prefix: `${config.REDIS_PREFIX}:bull`,
    settings: {
      stalledInterval: config.TRANSCODE_STALLED_CHECK_SEC * 1000,
      maxStalledCount: 3,
      lockDuration: config.TRANSCODE_LOCK_SEC * 1000,
    },
  };
}
