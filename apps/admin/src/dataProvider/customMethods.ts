// The dashboard's calls beyond CRUD: video lifecycle commands, playback sessions for the
// preview, the audit trail's verification, statistics and export, the transcode queue, and
// authenticated downloads. Each returns `{data}` like react-admin's own methods, so a call that
// ends in a sign-out resolves the same way they do.
import type {
  AuditFilter,
  AuditStatsPoint,
  AuditVerifyResult,
  FailedJob,
  HeartbeatResult,
  JobCounts,
  PlaybackStart,
  Video,
  VideoEvent,
  VideoStatus,
} from './apiTypes';
import { VIDEO_STATUSES } from './apiTypes';
import { ApiError, type HttpClient } from './httpClient';
import { auditFilterQuery, listTotal, readListBody, toIsoInstant } from './listQuery';
import { asArray, toFailedJob, toJobCounts, toVideo, toVideoEvent } from './normalize';

export type ExportFormat = 'csv' | 'ndjson';
export type VideoCounts = Record<VideoStatus | 'published', number>;

export interface TimeRange {
  from?: string;
  to?: string;
}

export interface ReelguardMethods {
  publish(id: string): Promise<{ data: Video }>;
  unpublish(id: string): Promise<{ data: Video }>;
  videoEvents(id: string): Promise<{ data: VideoEvent[] }>;
  startPlayback(videoId: string): Promise<{ data: PlaybackStart }>;
  heartbeat(sessionId: string): Promise<{ data: HeartbeatResult }>;
  endPlayback(sessionId: string): Promise<{ data: null }>;
  verifyAudit(range?: TimeRange): Promise<{ data: AuditVerifyResult }>;
  /**
   * Granted and denied entries per bucket among those the filter selects (the list's filters).
   * `data` is null when this API has no statistics route (404): the chart says so instead.
   */
  auditStats(filter?: AuditFilter & { bucket?: 'hour' | 'day' }): Promise<{ data: AuditStatsPoint[] | null }>;
  exportAuditLogs(format: ExportFormat, filter?: AuditFilter): Promise<{ data: Blob }>;
  jobCounts(): Promise<{ data: JobCounts }>;
  failedJobs(): Promise<{ data: FailedJob[] }>;
  retryJob(id: string): Promise<{ data: null }>;
  videoCounts(): Promise<{ data: VideoCounts }>;
  /** An API file (poster, storyboard) fetched with the token, for an object URL. */
  fetchBlob(url: string): Promise<{ data: Blob }>;
}

const videoPath = (id: string, suffix = ''): string => `/videos/${encodeURIComponent(id)}${suffix}`;
const sessionPath = (id: string, suffix = ''): string => `/playback-sessions/${encodeURIComponent(id)}${suffix}`;

function toPlaybackStart(body: unknown): PlaybackStart {
  const b = (body ?? {}) as Partial<Record<keyof PlaybackStart, unknown>>;
  if (typeof b.sessionId !== 'string' || typeof b.manifestUrl !== 'string') {
    throw new ApiError('The API did not return a playback session.', 502, body);
  }
  return {
    sessionId: b.sessionId,
    manifestUrl: b.manifestUrl,
    expiresAt: typeof b.expiresAt === 'string' ? b.expiresAt : '',
  };
}

function toVerifyResult(body: unknown): AuditVerifyResult {
  const b = (body ?? {}) as Record<string, unknown>;
  const result: AuditVerifyResult = { ok: b.ok === true, checked: typeof b.checked === 'number' ? b.checked : 0 };
  if (typeof b.entries === 'number') result.entries = b.entries;
  if (typeof b.unsealed === 'number') result.unsealed = b.unsealed;
  if (typeof b.sealedThrough === 'string' || b.sealedThrough === null) result.sealedThrough = b.sealedThrough;
  if (b.firstMismatch !== undefined && b.firstMismatch !== null) result.firstMismatch = b.firstMismatch;
  return result;
}

function toStatsPoint(raw: unknown): AuditStatsPoint {
  const p = (raw ?? {}) as Record<string, unknown>;
  return {
    at: typeof p.at === 'string' ? p.at : '',
    granted: typeof p.granted === 'number' ? p.granted : 0,
    denied: typeof p.denied === 'number' ? p.denied : 0,
  };
}

export function createCustomMethods(http: HttpClient): ReelguardMethods {
  const countVideos = async (filter: Record<string, unknown>): Promise<number> => {
    const { headers, body } = await http.request('/videos', {
      query: { filter: JSON.stringify(filter), range: JSON.stringify([0, 0]) },
    });
    const { items, total } = readListBody(body);
    return listTotal(headers, total, 0, items.length);
  };

  return {
    async publish(id) {
      const { body } = await http.request(videoPath(id, '/publish'), { method: 'POST' });
      return { data: toVideo(body) };
    },
    async unpublish(id) {
      const { body } = await http.request(videoPath(id, '/unpublish'), { method: 'POST' });
      return { data: toVideo(body) };
    },
    async videoEvents(id) {
      const { body } = await http.request(videoPath(id, '/events'));
      return { data: asArray(body).map(toVideoEvent) };
    },
    async startPlayback(videoId) {
      const { body } = await http.request(videoPath(videoId, '/playback'), { method: 'POST' });
      return { data: toPlaybackStart(body) };
    },
    async heartbeat(sessionId) {
      const { body } = await http.request(sessionPath(sessionId, '/heartbeat'), { method: 'POST' });
      const expiresAt = (body as { expiresAt?: unknown } | null)?.expiresAt;
      return { data: { expiresAt: typeof expiresAt === 'string' ? expiresAt : '' } };
    },
    async endPlayback(sessionId) {
      await http.request(sessionPath(sessionId), { method: 'DELETE' });
      return { data: null };
    },
    async verifyAudit(range = {}) {
      const { body } = await http.request('/audit/verify', {
        query: { from: toIsoInstant(range.from), to: toIsoInstant(range.to) },
      });
      return { data: toVerifyResult(body) };
    },
    async auditStats(filter = {}) {
      try {
        const { body } = await http.request('/audit/stats', {
          query: { ...auditFilterQuery(filter), bucket: filter.bucket ?? 'hour' },
        });
        return { data: asArray(body).map(toStatsPoint) };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return { data: null };
        throw error;
      }
    },
    async exportAuditLogs(format, filter = {}) {
      const data = await http.blob('/audit/access-logs/export', { query: { format, ...auditFilterQuery(filter) } });
      return { data };
    },
    async jobCounts() {
      const { body } = await http.request('/jobs/transcode/counts');
      return { data: toJobCounts(body) };
    },
    async failedJobs() {
      const { body } = await http.request('/jobs/transcode/failed');
      return { data: asArray(body).map(toFailedJob) };
    },
    async retryJob(id) {
      await http.request(`/jobs/transcode/${encodeURIComponent(id)}/retry`, { method: 'POST' });
      return { data: null };
    },
    async videoCounts() {
      const [statusTotals, published] = await Promise.all([
        Promise.all(VIDEO_STATUSES.map((status) => countVideos({ status }))),
        countVideos({ published: true }),
      ]);
      const counts = Object.fromEntries(VIDEO_STATUSES.map((status, index) => [status, statusTotals[index] ?? 0]));
      return { data: { ...counts, published } as VideoCounts };
    },
    async fetchBlob(url) {
      return { data: await http.blob(url) };
    },
  };
}
