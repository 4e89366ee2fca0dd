// Makes any entry storable before it is queued: a value PostgreSQL would refuse (a NUL byte, an
// over-long user agent, an invalid date) must never poison a whole batch and stall the trail.
import type { AccessLogEntry } from './audit-entry.js';

export const FIELD_LIMITS = {
  reason: 200,
  userId: 64,
  sessionId: 64,
  videoId: 64,
  resource: 512,
  ip: 64,
  userAgent: 512,
  requestId: 64,
} as const;

const ACTION = /^[a-z]+([._][a-z]+)*$/;

function clean(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const given = String(value);
  // eslint-disable-next-line no-control-regex
  const text = given.includes('\u0000') ? given.replace(/\u0000/g, '') : given;
  return text.length > max ? text.slice(0, max) : text;
}

export function normaliseEntry(entry: AccessLogEntry): AccessLogEntry {
  const at = entry.at instanceof Date && !Number.isNaN(entry.at.getTime()) ? entry.at : new Date();
  const action =
    typeof entry.action === 'string' && entry.action.length <= 40 && ACTION.test(entry.action)
      ? entry.action
      : 'unknown';
  return {
    at,
    action: action as AccessLogEntry['action'],
    outcome: entry.outcome === 'granted' ? 'granted' : 'denied',
    reason: clean(entry.reason, FIELD_LIMITS.reason),
    userId: clean(entry.userId, FIELD_LIMITS.userId),
    sessionId: clean(entry.sessionId, FIELD_LIMITS.sessionId),
    videoId: clean(entry.videoId, FIELD_LIMITS.videoId),
    resource: clean(entry.resource, FIELD_LIMITS.resource),
    ip: clean(entry.ip, FIELD_LIMITS.ip),
    userAgent: clean(entry.userAgent, FIELD_LIMITS.userAgent),
    requestId: clean(entry.requestId, FIELD_LIMITS.requestId),
  };
}
