// The API's composition root.
import { type MiddlewareConsumer, Module, type NestModule, type DynamicModule } from '@nestjs/common';
import type { Config } from '@reelguard/config';
import { AuditApiModule } from './audit/audit-api.module.js';
import { AuthModule } from './auth/auth.module.js';
import { HealthController } from './health/health.controller.js';
import { JobsModule } from './jobs/jobs.module.js';
import { InfrastructureModule } from '@reelguard/runtime';
import { Metrics, MetricsController, MetricsMiddleware } from './metrics/metrics.js';
import { StreamingModule } from './streaming/streaming.module.js';
import { VideosApiModule } from './videos/videos-api.module.js';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config, 'reelguard-api'),
        AuthModule,
        VideosApiModule,
        AuditApiModule,
        StreamingModule,
        JobsModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [Metrics, MetricsMiddleware],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(MetricsMiddleware).forRoutes('*path');
  }
}
