// The auditor's export, chart and verification routes: exports stream exactly the filtered
// rows with CSV escaping that survives hostile user agents, the chart counts per bucket, and
// verification names the digest whose entries a superuser edited.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditDatabase, AuditSink, AuditWriter, DigestSealer, type AccessLogItem } from '@reelguard/audit';
import { startApi, type ApiHarness } from '../../test/harness.js';
import {
  DAY,
  USERS,
  parseCsv,
  seedAuditTrail,
  seedStart,
  textBody,
  walkPages,
  type Seeded,
  type SeededTrail,
} from '../../test/audit-trail-fixture.js';

const COUNT = 2000;

describe('exporting, charting and verifying the audit trail', () => {
  let api: ApiHarness;
  let token: string;
  let trail: SeededTrail;
  let seeded: Seeded[];
  const t0 = seedStart();

  beforeAll(async () => {
    api = await startApi();
    token = (await api.createUser('auditor')).token;
    trail = await seedAuditTrail(api, COUNT);
    seeded = trail.entries;
  });
  afterAll(async () => api.close());

  const get = (path: string, query: Record<string, string> = {}) =>
    api.http.get(path).query(query).set('Authorization', `Bearer ${token}`);
  const walk = (query: Record<string, string>, limit: number) => walkPages(api, token, query, limit);

  describe('export', () => {
    it('streams the whole filtered set as CSV that reads back to the same cells', async () => {
      const sink = api.app.get(AuditSink);
      const nasty = [
        'Evil "Agent", with commas',
        'two\r\nlines',
        '=HYPERLINK("http://x")',
        '+SUM(1)',
        '-1',
        '@cmd',
        'plain',
      ];
      for (const [i, ua] of nasty.entries()) {
        await sink.record({
          ...seeded[0]!,
          videoId: 'videoCSVCSVCSVCSVCSVCSV',
          userAgent: ua,
          requestId: `csv-${i}`,
          at: new Date(t0.getTime() - DAY + i * 1000),
        });
      }
      await api.app.get(AuditWriter).flush();
      const res = await get('/audit/access-logs/export', { format: 'csv', videoId: 'videoCSVCSVCSVCSVCSVCSV' })
        .buffer(true)
        .parse(textBody);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="access-logs-.*\.csv"$/);
      const rows = parseCsv(res.body as string);
      expect(rows[0]).toEqual([
        'id',
        'at',
        'action',
        'outcome',
        'reason',
        'userId',
        'sessionId',
        'videoId',
        'resource',
        'ip',
        'userAgent',
        'requestId',
      ]);
      const agents = rows.slice(1).map((r) => r[10]);
      const neutral = (ua: string) => (/^[=+\-@]/.test(ua) ? `'${ua}` : ua);
      expect(agents).toEqual([...nasty].reverse().map(neutral));
      expect(rows.slice(1).map((r) => r[11])).toEqual(nasty.map((_, i) => `csv-${i}`).reverse());
    });

    it('streams NDJSON with exactly the rows the paged route returns, across export batches', async () => {
      const seededRange = { from: t0.toISOString(), to: new Date(t0.getTime() + 40 * DAY).toISOString() };
      for (const query of [seededRange, { userId: USERS[1]! }]) {
        const res = await get('/audit/access-logs/export', { ...query, format: 'ndjson' })
          .buffer(true)
          .parse(textBody);
        expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
        const lines = (res.body as string)
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as AccessLogItem);
        expect(lines.map((l) => l.requestId)).toEqual((await walk(query, 1000)).ids);
      }
      const all = await get('/audit/access-logs/export', { ...seededRange, format: 'ndjson' })
        .buffer(true)
        .parse(textBody);
      const ids = (all.body as string)
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as AccessLogItem).requestId);
      expect(ids).toEqual(trail.expected(() => true));
      expect(ids).toHaveLength(COUNT);
    });

    it('refuses an unknown format', async () => {
      const res = await get('/audit/access-logs/export', { format: 'xlsx' });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('format must be csv or ndjson.');
    });
  });

  it('counts granted and denied per day for the chart, empty days included', async () => {
    const from = t0.toISOString();
    const to = new Date(t0.getTime() + 5 * DAY).toISOString();
    const res = await get('/audit/stats', { from, to, bucket: 'day' });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(5);
    for (const [d, point] of (res.body as { at: string; granted: number; denied: number }[]).entries()) {
      const start = t0.getTime() + d * DAY;
      const day = seeded.filter((e) => e.at.getTime() >= start && e.at.getTime() < start + DAY);
      expect(point).toEqual({
        at: new Date(start).toISOString(),
        granted: day.filter((e) => e.outcome === 'granted').length,
        denied: day.filter((e) => e.outcome === 'denied').length,
      });
    }
    // The list's filters narrow the counts.
    const segments = await get('/audit/stats', { from, to, bucket: 'day', action: 'segment', userId: USERS[1]! });
    expect(segments.status).toBe(200);
    for (const [d, point] of (segments.body as { granted: number; denied: number }[]).entries()) {
      const start = t0.getTime() + d * DAY;
      const day = seeded.filter(
        (e) =>
          e.at.getTime() >= start && e.at.getTime() < start + DAY && e.action === 'segment' && e.userId === USERS[1],
      );
      expect(point).toMatchObject({
        granted: day.filter((e) => e.outcome === 'granted').length,
        denied: day.filter((e) => e.outcome === 'denied').length,
      });
    }
    const total = (points: { granted: number; denied: number }[]) =>
      points.reduce((sum, p) => sum + p.granted + p.denied, 0);
    expect(total(segments.body)).toBeGreaterThan(0);
    expect(total(segments.body)).toBeLessThan(total(res.body));
    expect((await get('/audit/stats', { action: 'dance' })).status).toBe(400);
    expect((await get('/audit/stats', { from: '2020-01-01', to: '2025-01-01', bucket: 'hour' })).status).toBe(400);
    expect((await get('/audit/stats', { bucket: 'week' })).status).toBe(400);
  });

  it('verifies the sealed trail, and names the digest whose entries a superuser edited', async () => {
    const pool = api.app.get(AuditDatabase).pool;
    const sealer = new DigestSealer(pool, {
      windowSec: api.config.AUDIT_SEAL_WINDOW_SEC,
      hmacKey: api.config.AUDIT_HMAC_KEY,
    });
    await api.app.get(AuditWriter).flush();
    const sealed = await sealer.sealDue(new Date(Date.now() + 5 * 60_000));
    expect(sealed.status).toBe('sealed');
    const ok = await get('/audit/verify');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, checked: 1, unsealed: 0 });
    expect(ok.body.entries).toBeGreaterThanOrEqual(COUNT);

    const attacker = new pg.Client({ connectionString: api.config.DATABASE_URL });
    await attacker.connect();
    await attacker.query('SET session_replication_role = replica');
    await attacker.query(`UPDATE access_logs SET ip = '10.0.0.1' WHERE request_id = 'seed-1234'`);
    await attacker.end();
    const bad = await get('/audit/verify');
    expect(bad.body).toMatchObject({ ok: false, checked: 0, firstMismatch: { seq: 1, reason: 'entries_altered' } });
    expect((await get('/audit/verify', { from: 'nope' })).status).toBe(400);
  });
});
