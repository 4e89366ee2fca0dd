// The writer for a Nest application: binds AuditSink to the batched PostgreSQL writer for the
// whole app, and drains it on shutdown. `beforeApplicationShutdown` flushes what the requests
// handled so far produced; `onApplicationShutdown` runs after the HTTP server has closed, so it
// also catches entries of the last requests, then closes the audit pool.
import {
  type BeforeApplicationShutdown,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '@reelguard/config';
import { AccessLogStore } from './access-log-store.js';
import { AuditDatabase } from './audit-database.js';
import { AuditSink } from './audit-entry.js';
import { AuditWriter } from './audit-writer.js';

const DRAIN_TIMEOUT_MS = 15_000;

/** Drops every entry: what AuditSink is bound to when AUDIT_TRAIL_ENABLED is false. */
class DiscardingAuditSink extends AuditSink {
  record(): void {}
}

@Injectable()
class AuditWriterLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('AuditTrail');

  constructor(
    @Inject(AuditWriter) private readonly writer: AuditWriter,
    @Inject(AuditDatabase) private readonly database: AuditDatabase,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.writer.flush(DRAIN_TIMEOUT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    const stats = await this.writer.close(DRAIN_TIMEOUT_MS);
    if (stats.lost > 0) this.logger.error(`${stats.lost} audit entries could not be written before shutdown`);
    await this.database.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: AuditDatabase,
      useFactory: (config: AppConfig) =>
        new AuditDatabase(config.DATABASE_URL, { applicationName: 'reelguard-audit', max: 4 }),
      inject: [AppConfig],
    },
    {
      provide: AuditWriter,
      useFactory: (database: AuditDatabase, config: AppConfig) => {
        const logger = new Logger('AuditTrail');
        return new AuditWriter(new AccessLogStore(database.writePool), {
          maxBuffered: config.AUDIT_BUFFER_MAX,
          batchSize: config.AUDIT_BATCH_MAX,
          flushIntervalMs: config.AUDIT_FLUSH_MS,
          onError: (message) => logger.warn(message),
        });
      },
      inject: [AuditDatabase, AppConfig],
    },
    {
      // AUDIT_TRAIL_ENABLED=false (benchmarks only) discards entries; the writer then stays idle.
      provide: AuditSink,
      useFactory: (writer: AuditWriter, config: AppConfig): AuditSink => {
        if (config.AUDIT_TRAIL_ENABLED) return writer;
        new Logger('AuditTrail').warn('AUDIT_TRAIL_ENABLED=false: audit entries are discarded (benchmarking only)');
        return new DiscardingAuditSink();
      },
      inject: [AuditWriter, AppConfig],
    },
    AuditWriterLifecycle,
  ],
  exports: [AuditDatabase, AuditWriter, AuditSink],
})
export class AuditWriterModule {}
