// Sign-ins in the audit trail: every attempt, granted or denied (unknown account, wrong
// password, disabled, rate limited), is one entry. The attempted e-mail goes in `resource`, so
// auditors can see which account was targeted even when it does not exist; never the password.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditSink, type AccessLogEntry } from '@reelguard/audit';
import { AuthService, type LoginListener } from '../auth/auth.service.js';
import { currentRequestMetadata } from './request-context.js';

type LoginEvent = Parameters<LoginListener>[0];

export function loginEntry(event: LoginEvent, at = new Date()): AccessLogEntry {
  const meta = currentRequestMetadata();
  return {
    at,
    action: 'login',
    outcome: event.outcome === 'granted' ? 'granted' : 'denied',
    reason:
      event.outcome === 'granted'
        ? null
        : (event.reason ?? (event.outcome === 'limited' ? 'too_many_failures' : 'bad_credentials')),
    userId: event.userId ?? null,
    sessionId: null,
    videoId: null,
    resource: event.email,
    ip: event.ip || meta.ip,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
  };
}

@Injectable()
export class LoginAuditor implements OnModuleInit {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(AuditSink) private readonly sink: AuditSink,
  ) {}

  onModuleInit(): void {
    this.auth.onLogin((event) => this.sink.record(loginEntry(event)));
  }
}
