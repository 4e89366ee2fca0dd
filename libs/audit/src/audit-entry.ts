// What one audit-trail entry says: who did or was refused what, when, from where. Every
// decision of the guarded streaming module and every admin action becomes one entry.
export const AUDIT_ACTIONS = [
  'login',
  /** A request refused by the API's guard: no or a bad access token, a disabled account, the wrong role. */
  'access',
  'playback.start',
  'playback.heartbeat',
  'manifest',
  'playlist',
  'segment',
  'key',
  'artwork',
  'session.revoke',
  'video.upload',
  'video.update',
  'video.publish',
  'video.unpublish',
  'video.delete',
  'user.create',
  'user.update',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditOutcome = 'granted' | 'denied';

export interface AccessLogEntry {
  at: Date;
  action: AuditAction;
  outcome: AuditOutcome;
  /** Why: a stable reason code for denials (e.g. `token_expired`), or null. */
  reason: string | null;
  userId: string | null;
  sessionId: string | null;
  videoId: string | null;
  /** The resource name or route the decision was about, e.g. `720p_00012.m4s`. */
  resource: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/**
 * Where entries go. A class so Nest can inject it by type; the API binds the batched
 * PostgreSQL writer to it. `record` must not throw on the request path: it queues, and when
 * the queue is full it waits (back-pressure) rather than dropping the entry.
 */
export abstract class AuditSink {
  abstract record(entry: AccessLogEntry): void | Promise<void>;
}

/** Keeps entries in memory: for unit tests of code that audits. */
export class MemoryAuditSink extends AuditSink {
  readonly entries: AccessLogEntry[] = [];
  record(entry: AccessLogEntry): void {
    this.entries.push(entry);
  }
}
