// Turns API JSON (typed `unknown` at the boundary) into the dashboard's records. Tolerant of
// the small naming differences a route may have (`sessionId` or `id`, nested `user`/`video`), so
// one renamed field shows as a blank cell rather than breaking a whole screen.
import type {
  AccessLogEntry,
  FailedJob,
  JobCounts,
  PlaybackSession,
  Rendition,
  Role,
  User,
  Video,
  VideoEvent,
  VideoStatus,
} from './apiTypes';
import { ROLES, VIDEO_STATUSES } from './apiTypes';

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json => (value !== null && typeof value === 'object' ? (value as Json) : {});
const str = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const first = (...values: unknown[]): string | null => {
  for (const value of values) {
    const text = str(value);
    if (text !== null && text !== '') return text;
  }
  return null;
};

export function toRendition(raw: unknown): Rendition {
  const r = asObject(raw);
  return {
    name: str(r.name) ?? '',
    width: num(r.width) ?? 0,
    height: num(r.height) ?? 0,
    bandwidth: num(r.bandwidth) ?? 0,
  };
}

export function toVideo(raw: unknown): Video {
  const v = asObject(raw);
  const status = str(v.status);
  return {
    id: str(v.id) ?? '',
    title: str(v.title) ?? '',
    description: str(v.description),
    status: VIDEO_STATUSES.includes(status as VideoStatus) ? (status as VideoStatus) : 'uploaded',
    progress: Math.min(100, Math.max(0, num(v.progress) ?? 0)),
    published: v.published === true,
    durationSec: num(v.durationSec),
    renditions: Array.isArray(v.renditions) ? v.renditions.map(toRendition) : [],
    posterUrl: str(v.posterUrl),
    storyboardUrl: first(v.storyboardUrl, v.thumbnailsUrl),
    error: str(v.error),
    createdAt: str(v.createdAt) ?? '',
    updatedAt: str(v.updatedAt) ?? '',
  };
}

export function toVideoEvent(raw: unknown): VideoEvent {
  const e = asObject(raw);
  const actor = e.actor;
  return {
    version: num(e.version) ?? 0,
    type: str(e.type) ?? 'Unknown',
    occurredAt: str(e.occurredAt) ?? '',
    actor: typeof actor === 'object' && actor !== null ? first(asObject(actor).email, asObject(actor).id) : str(actor),
    data: e.data ?? null,
  };
}

export function toUser(raw: unknown): User {
  const u = asObject(raw);
  const role = str(u.role);
  return {
    id: str(u.id) ?? '',
    email: str(u.email) ?? '',
    role: ROLES.includes(role as Role) ? (role as Role) : 'viewer',
    disabled: u.disabled === true,
    createdAt: str(u.createdAt) ?? undefined,
  };
}

export function toSession(raw: unknown): PlaybackSession {
  const s = asObject(raw);
  const user = asObject(s.user);
  const video = asObject(s.video);
  return {
    id: first(s.id, s.sessionId) ?? '',
    userId: first(s.userId, user.id),
    userEmail: first(s.userEmail, user.email),
    videoId: first(s.videoId, video.id),
    videoTitle: first(s.videoTitle, video.title),
    startedAt: first(s.startedAt, s.createdAt),
    lastSeenAt: first(s.lastSeenAt, s.lastHeartbeatAt, s.lastSeen),
    expiresAt: first(s.expiresAt),
    ip: first(s.ip),
  };
}

export function toAccessLog(raw: unknown): AccessLogEntry {
  const a = asObject(raw);
  return {
    id: first(a.id) ?? '',
    at: str(a.at) ?? '',
    action: str(a.action) ?? '',
    outcome: a.outcome === 'denied' ? 'denied' : 'granted',
    reason: str(a.reason),
    userId: str(a.userId),
    sessionId: str(a.sessionId),
    videoId: str(a.videoId),
    resource: str(a.resource),
    ip: str(a.ip),
    userAgent: str(a.userAgent),
  };
}

export function toJobCounts(raw: unknown): JobCounts {
  const c = asObject(raw);
  return {
    waiting: num(c.waiting) ?? 0,
    active: num(c.active) ?? 0,
    failed: num(c.failed) ?? 0,
    completed: num(c.completed) ?? 0,
    delayed: num(c.delayed) ?? 0,
  };
}

export function toFailedJob(raw: unknown): FailedJob {
  const j = asObject(raw);
  const data = asObject(j.data);
  return {
    id: first(j.id) ?? '',
    videoId: first(j.videoId, data.videoId),
    failedReason: str(j.failedReason),
    attemptsMade: num(j.attemptsMade) ?? 0,
    finishedOn: num(j.finishedOn) ?? str(j.finishedOn),
  };
}

export function asArray(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const wrapped = asObject(body);
  if (Array.isArray(wrapped.items)) return wrapped.items;
  if (Array.isArray(wrapped.data)) return wrapped.data;
  return [];
}
