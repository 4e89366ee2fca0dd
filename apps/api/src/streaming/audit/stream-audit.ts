// Hands each decision of the streaming module to the audit trail, with who asked and from
// where. Recording never fails a request: a sink that throws is logged; a sink that applies
// back-pressure (returns a promise) is awaited.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StreamRequest } from '../serving/stream-request.js';
import { AuditSink, type AccessLogEntry, type AuditAction } from '@reelguard/audit';

export interface StreamDecision {
  action: AuditAction;
  outcome: 'granted' | 'denied';
  reason?: string | null;
  userId?: string | null;
  sessionId?: string | null;
  videoId?: string | null;
  resource?: string | null;
}

const MAX_TEXT = 256;

// Unicode's control characters (\p{Cc}): C0, DEL and C1.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Attacker-chosen text (a bad resource name, a user agent) is cut and stripped of controls. */
function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const text = CONTROL.test(value) ? value.replace(CONTROLS, '?') : value;
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

@Injectable()
export class StreamAudit {
  private readonly logger = new Logger(StreamAudit.name);

  constructor(@Inject(AuditSink) private readonly sink: AuditSink) {}

  async record(req: StreamRequest | null, decision: StreamDecision): Promise<void> {
    const entry: AccessLogEntry = {
      at: new Date(),
      action: decision.action,
      outcome: decision.outcome,
      reason: decision.reason ?? null,
      userId: decision.userId ?? null,
      sessionId: decision.sessionId ?? null,
      videoId: clean(decision.videoId),
      resource: clean(decision.resource),
      ip: req?.ip ?? null,
      userAgent: clean(req?.headers['user-agent']),
      requestId: req ? clean(String(req.id ?? '')) : null,
    };
    try {
      const pending = this.sink.record(entry);
      if (pending) await pending;
    } catch (error) {
      this.logger.error(`audit entry for ${decision.action} could not be recorded: ${(error as Error).message}`);
    }
  }
}
