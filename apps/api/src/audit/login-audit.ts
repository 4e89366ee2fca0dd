// Sign-ins in the audit trail: every attempt, granted or denied (unknown account, wrong
// password, disabled, rate limited), is one entry. The attempted e-mail goes in `resource`, so
// auditors can see which account was targeted even when it does not exist; never the password.
// Requests the global guard turns away (no or a bad token, a disabled account, the wrong role)
// are `access` entries, so "who was refused" covers every route, not only playback.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditSink, type AccessLogEntry } from '@reelguard/audit';
import { AuthService, type AccessRefusal, type LoginListener } from '../auth/auth.service.js';

type LoginEvent = Parameters<LoginListener>[0];

export function loginEntry(event: LoginEvent, at = new Date()): AccessLogEntry {
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
    ...event.client,
  };
}

/** A request the global guard refused: the route pattern goes in `resource`, never the raw URL. */
export function refusalEntry(refusal: AccessRefusal, at = new Date()): AccessLogEntry {
  return {
    at,
    action: 'access',
    outcome: 'denied',
    reason: refusal.reason,
    userId: refusal.userId,
    sessionId: null,
    videoId: refusal.videoId,
    resource: refusal.route,
    ...refusal.client,
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
    this.auth.onRefusal((refusal) => this.sink.record(refusalEntry(refusal)));
  }
}
