// The audit trail in the API: AuditSink bound app-wide to the batched PostgreSQL writer, admin
// actions and sign-ins recorded, and the read-only auditor routes.
import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AppConfig } from '@reelguard/config';
import { AccessLogQueries, AuditDatabase, AuditWriterModule, DigestVerifier } from '@reelguard/audit';
import { AuthModule } from '../auth/auth.module.js';
import { AdminAuditInterceptor } from './admin-audit.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { LoginAuditor } from './login-audit.js';

@Module({
  imports: [AuditWriterModule, AuthModule],
  controllers: [AuditController],
  providers: [
    {
      provide: AccessLogQueries,
      useFactory: (db: AuditDatabase) => new AccessLogQueries(db.pool),
      inject: [AuditDatabase],
    },
    {
      provide: DigestVerifier,
      useFactory: (db: AuditDatabase, config: AppConfig) =>
        new DigestVerifier(db.pool, { hmacKey: config.AUDIT_HMAC_KEY, retentionDays: config.AUDIT_RETENTION_DAYS }),
      inject: [AuditDatabase, AppConfig],
    },
    AuditService,
    LoginAuditor,
    { provide: APP_INTERCEPTOR, useClass: AdminAuditInterceptor },
  ],
})
export class AuditApiModule {}
