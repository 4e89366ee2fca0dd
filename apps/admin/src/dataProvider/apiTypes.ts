// Shapes of the Reelguard HTTP API as the dashboard reads them (see the HTTP contract). Kept
// here, free of React, so the providers and their tests share one definition.

export type Role = 'admin' | 'viewer' | 'auditor';
export const ROLES: readonly Role[] = ['admin', 'viewer', 'auditor'];

export type AuthUser = {
  id: string;
  email: string;
  role: Role;
};

export type LoginResponse = {
  accessToken: string;
  /** Lifetime of the access token in seconds. */
  expiresIn: number;
  user: AuthUser;
};

export type VideoStatus = 'uploaded' | 'processing' | 'ready' | 'failed';
export const VIDEO_STATUSES: readonly VideoStatus[] = ['uploaded', 'processing', 'ready', 'failed'];

export type Rendition = {
  name: string;
  width: number;
  height: number;
  bandwidth: number;
};

export type Video = {
  id: string;
  title: string;
  description: string | null;
  status: VideoStatus;
  progress: number;
  published: boolean;
  durationSec: number | null;
  renditions: Rendition[];
  posterUrl?: string | null;
  /** WebVTT file of the thumbnail storyboard (sprite + `#xywh=` cues), when the API offers one. */
  storyboardUrl?: string | null;
  error?: string | null;
  createdAt: string;
  updatedAt: string;
};

export type VideoEvent = {
  version: number;
  type: string;
  occurredAt: string;
  actor: string | null;
  data: unknown;
};

export type PlaybackStart = {
  sessionId: string;
  manifestUrl: string;
  expiresAt: string;
};

export type HeartbeatResult = {
  expiresAt: string;
};

export type User = {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt?: string;
};

export type PlaybackSession = {
  id: string;
  userId: string | null;
  userEmail: string | null;
  videoId: string | null;
  videoTitle: string | null;
  startedAt: string | null;
  lastSeenAt: string | null;
  expiresAt: string | null;
  ip: string | null;
};

export type AuditOutcome = 'granted' | 'denied';
export const AUDIT_ACTIONS: readonly string[] = [
  'login',
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
];

export type AccessLogEntry = {
  id: string;
  at: string;
  action: string;
  outcome: AuditOutcome;
  reason: string | null;
  userId: string | null;
  sessionId: string | null;
  videoId: string | null;
  resource: string | null;
  ip: string | null;
  userAgent: string | null;
};

export type AccessLogPage = {
  items: AccessLogEntry[];
  nextCursor: string | null;
};

/** Filters of `GET /audit/access-logs` (and its export); `from`/`to` are ISO 8601. */
export type AuditFilter = {
  videoId?: string;
  userId?: string;
  sessionId?: string;
  action?: string;
  outcome?: AuditOutcome | '';
  from?: string;
  to?: string;
};

export type AuditVerifyResult = {
  ok: boolean;
  /** Sealed digests checked. */
  checked: number;
  /** Entries re-hashed, when the API reports it. */
  entries?: number;
  /** End of the last sealed window, when the API reports it. */
  sealedThrough?: string | null;
  /** Entries newer than the last seal, not covered yet. */
  unsealed?: number;
  firstMismatch?: unknown;
};

export type AuditStatsPoint = {
  at: string;
  granted: number;
  denied: number;
};

export type JobCounts = {
  waiting: number;
  active: number;
  failed: number;
  completed: number;
  delayed: number;
};

export type FailedJob = {
  id: string;
  videoId: string | null;
  failedReason: string | null;
  attemptsMade: number;
  finishedOn: number | string | null;
};

/** The error body every API route answers with. */
export type ApiErrorBody = {
  statusCode: number;
  error: string;
  message: string | string[];
};
