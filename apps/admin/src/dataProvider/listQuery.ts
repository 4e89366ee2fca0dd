// Query-string building for the two list styles the API speaks: ra-data-simple-rest's
// `filter/range/sort` with a `Content-Range` total (videos, users, sessions), and the audit
// trail's plain filters with keyset cursors (`limit`, `cursor` → `{items, nextCursor}`).
import type { AuditFilter } from './apiTypes';
import type { QueryParams } from './httpClient';

export interface ListRequest {
  pagination?: { page: number; perPage: number };
  sort?: { field: string; order: 'ASC' | 'DESC' | string };
  filter?: Record<string, unknown>;
}

export const DEFAULT_PER_PAGE = 25;
export const AUDIT_LIMIT_MIN = 1;
export const AUDIT_LIMIT_MAX = 1000;

/** Drops filter entries that mean "no filter" (empty inputs), keeping `false` and `0`. */
export function cleanFilter(filter: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  );
}

/** `?filter={}&range=[0,24]&sort=["createdAt","DESC"]`, as ra-data-simple-rest sends it. */
export function simpleRestQuery({ pagination, sort, filter }: ListRequest): QueryParams {
  const page = Math.max(1, pagination?.page ?? 1);
  const perPage = Math.max(1, pagination?.perPage ?? DEFAULT_PER_PAGE);
  const start = (page - 1) * perPage;
  const query: QueryParams = {
    filter: JSON.stringify(cleanFilter(filter)),
    range: JSON.stringify([start, start + perPage - 1]),
  };
  if (sort?.field) query.sort = JSON.stringify([sort.field, sort.order === 'ASC' ? 'ASC' : 'DESC']);
  return query;
}

export interface ContentRange {
  start: number | null;
  end: number | null;
  total: number | null;
}

// Parses `videos 0-24/319`, `videos */0` (empty) and `videos 0-24/*` (unknown total).
export function parseContentRange(header: string | null): ContentRange | null {
  if (!header) return null;
  const match = /^\s*[\w-]*\s*(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/.exec(header);
  if (!match) return null;
  const [, start, end, total] = match;
  return {
    start: start === undefined ? null : Number(start),
    end: end === undefined ? null : Number(end),
    total: total === '*' || total === undefined ? null : Number(total),
  };
}

/** The records of a list body: a bare array, or `{items|data, total}` from a route that wraps it. */
export function readListBody(body: unknown): { items: unknown[]; total: number | null } {
  if (Array.isArray(body)) return { items: body, total: null };
  if (body !== null && typeof body === 'object') {
    const wrapped = body as { items?: unknown; data?: unknown; total?: unknown };
    const items = Array.isArray(wrapped.items) ? wrapped.items : Array.isArray(wrapped.data) ? wrapped.data : null;
    if (items) return { items, total: typeof wrapped.total === 'number' ? wrapped.total : null };
  }
  throw new Error('The API answered a list request with something that is not a list.');
}

/** Total for a simple-rest list: Content-Range, then X-Total-Count, then what the body says. */
export function listTotal(headers: Headers, bodyTotal: number | null, start: number, received: number): number {
  const range = parseContentRange(headers.get('content-range'));
  if (range && range.total !== null) return range.total;
  const counted = Number(headers.get('x-total-count'));
  if (headers.has('x-total-count') && Number.isFinite(counted)) return counted;
  return bodyTotal ?? start + received;
}

/** Any date the UI holds (ISO, `datetime-local`, Date) as an ISO 8601 instant; junk is passed on for the API to refuse. */
export function toIsoInstant(value: string | Date | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value instanceof Date) return value.toISOString();
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}

export function clampAuditLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 100;
  return Math.min(AUDIT_LIMIT_MAX, Math.max(AUDIT_LIMIT_MIN, Math.trunc(limit)));
}

/** Filters of the audit routes as query parameters (shared by the list, export and stats). */
export function auditFilterQuery(filter: AuditFilter = {}): QueryParams {
  return {
    videoId: filter.videoId?.trim(),
    userId: filter.userId?.trim(),
    sessionId: filter.sessionId?.trim(),
    action: filter.action,
    outcome: filter.outcome,
    from: toIsoInstant(filter.from),
    to: toIsoInstant(filter.to),
  };
}

export function auditListQuery(
  filter: AuditFilter,
  limit: number | undefined,
  cursor: string | null | undefined,
): QueryParams {
  return { ...auditFilterQuery(filter), limit: clampAuditLimit(limit), cursor: cursor ?? undefined };
}
