// Turns the query string of the audit routes into typed filters, or a 400 that names the
// parameter and what it accepts. Everything is checked: an unknown parameter (including
// operator-style keys such as userId[$ne]), a repeated one, a malformed id, date, action,
// outcome, limit or cursor. Nothing unchecked reaches a query.
import { BadRequestException } from '@nestjs/common';
import {
  AUDIT_ACTIONS,
  decodeCursor,
  type AccessLogFilter,
  type ExportFormat,
  type PageCursor,
  type StatsBucket,
} from '@reelguard/audit';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const MAX_STATS_BUCKETS = 1000;

const FILTERS = ['videoId', 'userId', 'sessionId', 'action', 'outcome', 'from', 'to'] as const;
const VIDEO_ID = /^[A-Za-z0-9_-]{16,64}$/;
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Date, or date-time with optional seconds, fraction and offset. A space where the offset's
// sign belongs is a '+' that the query string decoded as a space.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+\- ](\d{2}):?(\d{2}))?)?$/i;

type Query = Record<string, unknown>;

function bad(message: string): never {
  throw new BadRequestException(message);
}

function quoteName(name: string): string {
  return JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
}

function refuseUnknown(query: Query, allowed: readonly string[]): void {
  for (const key of Object.keys(query)) {
    if (allowed.includes(key)) continue;
    if (/[[\]$]/.test(key))
      bad(
        `Query operators such as ${quoteName(key)} are not supported: give each filter once, as a plain value (for example userId=<uuid>).`,
      );
    bad(`Unknown query parameter ${quoteName(key)}: the accepted ones are ${allowed.join(', ')}.`);
  }
}

function text(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') bad(`${name} must be given once, as a plain value.`);
  return value;
}

/** An ISO 8601 date or date-time (UTC when it has no offset), checked field by field. */
export function parseInstant(name: string, raw: string): Date {
  const m = ISO.exec(raw);
  const fail = () =>
    bad(`${name} must be an ISO 8601 date or date-time, for example 2025-01-31 or 2025-01-31T12:00:00Z.`);
  if (!m) return fail();
  const [year, month, day, hour = 0, minute = 0, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) =>
    v === undefined ? undefined : Number(v),
  ) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (
    year! < 1970 ||
    month! < 1 ||
    month! > 12 ||
    day! < 1 ||
    day! > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return fail();
  let offsetMinutes = 0;
  if (m[8] && m[8].toUpperCase() !== 'Z') {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return fail();
    offsetMinutes = (m[8].startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return new Date(Date.UTC(year!, month! - 1, day!, hour, minute, second, ms) - offsetMinutes * 60_000);
}

function instant(query: Query, name: string): Date | undefined {
  const raw = text(query, name);
  return raw === undefined ? undefined : parseInstant(name, raw);
}

function filterOf(query: Query): AccessLogFilter {
  const filter: AccessLogFilter = {};
  const videoId = text(query, 'videoId');
  if (videoId !== undefined)
    filter.videoId = VIDEO_ID.test(videoId)
      ? videoId
      : bad('videoId must be a video id: 16 to 64 letters, digits, "_" or "-".');
  const userId = text(query, 'userId');
  if (userId !== undefined)
    filter.userId = USER_ID.test(userId)
      ? userId.toLowerCase()
      : bad('userId must be a user id, a UUID such as 0b7c6f1e-2f0a-4c8e-9a57-3c1d2e4f5a6b.');
  const sessionId = text(query, 'sessionId');
  if (sessionId !== undefined)
    filter.sessionId = SESSION_ID.test(sessionId)
      ? sessionId
      : bad('sessionId must be a playback session id: 16 to 64 letters, digits, "_" or "-".');
  const action = text(query, 'action');
  if (action !== undefined) {
    filter.action = (AUDIT_ACTIONS as readonly string[]).includes(action)
      ? action
      : bad(`action must be one of ${AUDIT_ACTIONS.join(', ')}.`);
  }
  const outcome = text(query, 'outcome');
  if (outcome !== undefined)
    filter.outcome =
      outcome === 'granted' || outcome === 'denied' ? outcome : bad('outcome must be granted or denied.');
  filter.from = instant(query, 'from');
  filter.to = instant(query, 'to');
  if (filter.from && filter.to && filter.from >= filter.to) bad('from must be earlier than to.');
  if (!filter.from) delete filter.from;
  if (!filter.to) delete filter.to;
  return filter;
}

export interface ListParams {
  filter: AccessLogFilter;
  limit: number;
  cursor: PageCursor | null;
}

/** `limit` out of 1–1000 is clamped into it; one that is not a whole number is refused. */
export function parseListQuery(query: Query): ListParams {
  refuseUnknown(query, [...FILTERS, 'limit', 'cursor']);
  const rawLimit = text(query, 'limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^-?\d{1,12}$/.test(rawLimit)) bad(`limit must be a whole number from 1 to ${MAX_LIMIT}.`);
    limit = Math.min(MAX_LIMIT, Math.max(1, Number(rawLimit)));
  }
  const rawCursor = text(query, 'cursor');
  let cursor: PageCursor | null = null;
  if (rawCursor !== undefined && rawCursor !== '') {
    cursor =
      decodeCursor(rawCursor) ??
      bad(
        'cursor is not one this API issued: pass the nextCursor of the previous page unchanged, or leave it out to start from the newest entry.',
      );
  }
  return { filter: filterOf(query), limit, cursor };
}

export function parseExportQuery(query: Query): { filter: AccessLogFilter; format: ExportFormat } {
  refuseUnknown(query, [...FILTERS, 'format']);
  const format = text(query, 'format') ?? 'csv';
  if (format !== 'csv' && format !== 'ndjson') bad('format must be csv or ndjson.');
  return { filter: filterOf(query), format };
}

export function parseVerifyQuery(query: Query): { from?: Date; to?: Date } {
  refuseUnknown(query, ['from', 'to']);
  const from = instant(query, 'from');
  const to = instant(query, 'to');
  if (from && to && from >= to) bad('from must be earlier than to.');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Defaults: the last 24 hours by hour, or the last 30 days by day. */
export interface StatsParams {
  from: Date;
  to: Date;
  bucket: StatsBucket;
  /** the list's filters other than the range: the chart counts what the list shows */
  filter: Omit<AccessLogFilter, 'from' | 'to'>;
}

export function parseStatsQuery(query: Query, now = new Date()): StatsParams {
  refuseUnknown(query, [...FILTERS, 'bucket']);
  const bucket = text(query, 'bucket') ?? 'hour';
  if (bucket !== 'hour' && bucket !== 'day') bad('bucket must be hour or day.');
  const { from: givenFrom, to: givenTo, ...filter } = filterOf(query);
  const size = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const to = givenTo ?? now;
  const from = givenFrom ?? new Date(to.getTime() - (bucket === 'hour' ? 24 : 30) * size);
  if (from >= to) bad('from must be earlier than to.');
  const buckets = Math.ceil((to.getTime() - from.getTime()) / size) + 1;
  if (buckets > MAX_STATS_BUCKETS) {
    bad(
      `That range spans about ${buckets} ${bucket} buckets; ask for at most ${MAX_STATS_BUCKETS}${bucket === 'hour' ? ' (use bucket=day for long ranges)' : ''}.`,
    );
  }
  return { from, to, bucket, filter };
}
