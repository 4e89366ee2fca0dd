// Shared by the audit route tests: a few thousand known entries written through the real
// AuditSink, the order the API must return them in, a page walker and a CSV reader.
import { AuditSink, AuditWriter, type AccessLogEntry, type AccessLogItem } from '@reelguard/audit';
import type { ApiHarness } from './harness.js';

export const DAY = 86_400_000;
export const USERS = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
];
export const VIDEOS = ['videoAAAAAAAAAAAAAAAAAA', 'videoBBBBBBBBBBBBBBBBBB', 'video-CCCCCCCCCCCCCCCCC'];
export const SESSIONS = [
  'sessAAAAAAAAAAAAAAAAAA',
  'sessBBBBBBBBBBBBBBBBBB',
  'sessCCCCCCCCCCCCCCCCCC',
  'sessDDDDDDDDDDDDDDDDDD',
];
const ACTIONS = ['segment', 'segment', 'segment', 'key', 'playlist', 'manifest', 'playback.start'] as const;

export interface Seeded extends AccessLogEntry {
  index: number;
}

export interface SeededTrail {
  /** The first seeded instant: 20 days before the start of the current month (UTC). */
  t0: Date;
  entries: Seeded[];
  /** Request ids in the order the API must return them: newest first, equal times newest-inserted first. */
  expected(keep: (e: Seeded) => boolean): string[];
}

/** Where seeded entries start: 20 days before the start of the current month (UTC), well before any live entry. */
export function seedStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 20 * DAY);
}

export async function seedAuditTrail(api: ApiHarness, count: number): Promise<SeededTrail> {
  const t0 = seedStart();
  const entries: Seeded[] = [];
  const sink = api.app.get(AuditSink);
  for (let i = 0; i < count; i += 1) {
    // Groups of three share one timestamp, so ties are broken by id (insertion order).
    const entry: Seeded = {
      index: i,
      at: new Date(t0.getTime() + Math.floor(i / 3) * 17 * 60_000),
      action: ACTIONS[i % ACTIONS.length]!,
      outcome: i % 4 === 0 ? 'denied' : 'granted',
      reason: i % 4 === 0 ? 'token_expired' : null,
      userId: USERS[i % USERS.length]!,
      sessionId: SESSIONS[i % SESSIONS.length]!,
      videoId: VIDEOS[i % VIDEOS.length]!,
      resource: `720p_${i}.m4s`,
      ip: `198.51.100.${i % 250}`,
      userAgent: `seed/${i}`,
      requestId: `seed-${i}`,
    };
    entries.push(entry);
    await sink.record(entry);
  }
  await api.app.get(AuditWriter).flush();
  return {
    t0,
    entries,
    expected: (keep) =>
      entries
        .filter(keep)
        .sort((a, b) => b.at.getTime() - a.at.getTime() || b.index - a.index)
        .map((e) => e.requestId!),
  };
}

/** Follows nextCursor to the end; returns the request ids in the order received. */
export async function walkPages(
  api: ApiHarness,
  token: string,
  query: Record<string, string>,
  limit: number,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: { items: AccessLogItem[]; nextCursor: string | null } } = await api.http
      .get('/audit/access-logs')
      .query({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) })
      .set('Authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`page ${pages + 1}: ${res.status} ${JSON.stringify(res.body)}`);
    pages += 1;
    if (res.body.items.length > limit) throw new Error(`page ${pages} holds more than ${limit} items`);
    ids.push(...res.body.items.map((item: AccessLogItem) => item.requestId ?? ''));
    cursor = res.body.nextCursor;
  } while (cursor && pages < 10_000);
  return { ids, pages };
}

/** Collects a streamed response body as text (supertest parser; superagent hands it the raw IncomingMessage). */
export function textBody(res: unknown, done: (error: Error | null, body: string) => void): void {
  const stream = res as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => done(null, text));
}

/** A small RFC 4180 reader, to check that what the export writes reads back as the same cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += c;
    }
  }
  return rows;
}
