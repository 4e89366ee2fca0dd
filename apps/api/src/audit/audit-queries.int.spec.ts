// The auditor's list route over a few thousand known entries: every filter and every page
// returns exactly the expected rows in order, and malformed or hostile parameters are refused
// with 400 before anything reaches the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditDatabase, AuditSink, AuditWriter, type AccessLogItem } from '@reelguard/audit';
import { startApi, type ApiHarness } from '../../test/harness.js';
import {
  DAY,
  SESSIONS,
  USERS,
  VIDEOS,
  seedAuditTrail,
  seedStart,
  walkPages,
  type Seeded,
  type SeededTrail,
} from '../../test/audit-trail-fixture.js';

const COUNT = 3000;

describe('paging and filtering the audit trail', () => {
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
  const expected = (keep: (e: Seeded) => boolean) => trail.expected(keep);
  const walk = (query: Record<string, string>, limit: number) => walkPages(api, token, query, limit);
  const inSeedRange = (e: Seeded) => e.at >= t0;
  const range = { from: t0.toISOString(), to: new Date(t0.getTime() + 40 * DAY).toISOString() };

  it.each([
    ['videoId', { videoId: VIDEOS[1]! }, (e: Seeded) => e.videoId === VIDEOS[1]],
    [
      'userId and outcome',
      { userId: USERS[2]!, outcome: 'denied' },
      (e: Seeded) => e.userId === USERS[2] && e.outcome === 'denied',
    ],
    ['sessionId', { sessionId: SESSIONS[3]! }, (e: Seeded) => e.sessionId === SESSIONS[3]],
    ['action', { action: 'key', ...range }, (e: Seeded) => e.action === 'key'],
    [
      'a time range',
      { from: new Date(t0.getTime() + DAY).toISOString(), to: new Date(t0.getTime() + 2 * DAY).toISOString() },
      (e: Seeded) => e.at.getTime() >= t0.getTime() + DAY && e.at.getTime() < t0.getTime() + 2 * DAY,
    ],
    [
      'everything combined',
      {
        videoId: VIDEOS[0]!,
        userId: USERS[0]!,
        action: 'segment',
        outcome: 'granted',
        from: new Date(t0.getTime() + 3 * DAY).toISOString(),
        to: new Date(t0.getTime() + 9 * DAY).toISOString(),
      },
      (e: Seeded) =>
        e.videoId === VIDEOS[0] &&
        e.userId === USERS[0] &&
        e.action === 'segment' &&
        e.outcome === 'granted' &&
        e.at.getTime() >= t0.getTime() + 3 * DAY &&
        e.at.getTime() < t0.getTime() + 9 * DAY,
    ],
    ['the whole seeded range', range, inSeedRange],
  ])('returns exactly the rows filtered by %s, newest first, across pages', async (_name, query, keep) => {
    const want = expected(keep);
    expect(want.length).toBeGreaterThan(0);
    const paged = await walk(query, 37);
    expect(paged.ids).toEqual(want);
    expect(paged.pages).toBe(Math.max(1, Math.ceil(want.length / 37)));
    expect((await walk(query, 1000)).ids).toEqual(want);
  });

  it('answers items in the documented shape', async () => {
    const res = await get('/audit/access-logs', { videoId: VIDEOS[2]!, limit: '1' });
    const last = seeded
      .filter((e) => e.videoId === VIDEOS[2])
      .sort((a, b) => b.at.getTime() - a.at.getTime() || b.index - a.index)[0]!;
    expect(res.body.items).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        at: last.at.toISOString(),
        action: last.action,
        outcome: last.outcome,
        reason: last.reason,
        userId: last.userId,
        sessionId: last.sessionId,
        videoId: last.videoId,
        resource: last.resource,
        ip: last.ip,
        userAgent: last.userAgent,
        requestId: last.requestId,
      },
    ]);
    expect(typeof res.body.nextCursor).toBe('string');
  });

  it('keeps later pages stable while new entries arrive', async () => {
    const query = { videoId: VIDEOS[0]! };
    const first = await get('/audit/access-logs', { ...query, limit: '50' });
    const sink = api.app.get(AuditSink);
    for (let i = 0; i < 20; i += 1) await sink.record({ ...seeded[0]!, at: new Date(), requestId: `late-${i}` });
    await api.app.get(AuditWriter).flush();
    const second = await get('/audit/access-logs', { ...query, limit: '50', cursor: first.body.nextCursor });
    const want = expected((e) => e.videoId === VIDEOS[0]);
    expect([...first.body.items, ...second.body.items].map((i: AccessLogItem) => i.requestId)).toEqual(
      want.slice(0, 100),
    );
  });

  it('clamps limit into 1–1000 and refuses one that is not a whole number', async () => {
    expect((await get('/audit/access-logs', { ...range, limit: '0' })).body.items).toHaveLength(1);
    expect((await get('/audit/access-logs', { ...range, limit: '-5' })).body.items).toHaveLength(1);
    expect((await get('/audit/access-logs', { ...range, limit: '5000' })).body.items).toHaveLength(1000);
    expect((await get('/audit/access-logs', range)).body.items).toHaveLength(100);
    for (const limit of ['abc', '1.5', '10;', '']) {
      const res = await get('/audit/access-logs', { limit });
      expect(res.status, limit).toBe(400);
      expect(res.body.message).toMatch(/limit must be a whole number/);
    }
  });

  describe('hostile and malformed parameters', () => {
    const attempts: [string, string, RegExp][] = [
      ['videoId', "' OR 1=1 --", /videoId must be a video id/],
      ['videoId', 'abc', /videoId must be a video id/],
      ['userId', "1' OR '1'='1", /userId must be a user id/],
      ['userId', '11111111-1111-4111-8111-11111111111z', /userId must be a user id/],
      ['sessionId', 'x; DROP TABLE access_logs; --', /sessionId must be a playback session id/],
      ['sessionId', 'sessAAAAAAAAAAAAAAAA\u0000AA', /sessionId must be a playback session id/],
      ['action', "login' OR 'a'='a", /action must be one of login, /],
      ['action', 'LOGIN', /action must be one of/],
      ['outcome', 'granted OR 1=1', /outcome must be granted or denied/],
      ['from', "2025-01-01'; DELETE FROM access_logs; --", /from must be an ISO 8601 date/],
      ['from', '2025-02-30', /from must be an ISO 8601 date/],
      ['to', 'yesterday', /to must be an ISO 8601 date/],
      ['to', '2025-13-01T00:00:00Z', /to must be an ISO 8601 date/],
      ['cursor', 'eyJhIjoxfQ', /cursor is not one this API issued/],
      [
        'cursor',
        Buffer.from(JSON.stringify([1, '0) OR (1=1', '1'])).toString('base64url'),
        /cursor is not one this API issued/,
      ],
      ['limit', '1 UNION SELECT 1', /limit must be a whole number/],
    ];

    it.each(attempts)(
      'refuses %s=%j with 400 and a message that says what is accepted',
      async (name, value, message) => {
        const res = await get('/audit/access-logs', { [name]: value });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
        if (name !== 'limit' && name !== 'cursor') {
          const exported = await get('/audit/access-logs/export', { [name]: value });
          expect(exported.status).toBe(400);
        }
      },
    );

    it.each([
      ['userId[$ne]=x', /Query operators such as "userId\[\$ne\]" are not supported/],
      ['videoId[$gt]=', /Query operators/],
      [
        'userId=11111111-1111-4111-8111-111111111111&userId=22222222-2222-4222-8222-222222222222',
        /userId must be given once/,
      ],
      ['orderBy=id', /Unknown query parameter "orderBy"/],
      ['offset=100', /Unknown query parameter "offset"/],
      ['from=2025-02-01&to=2025-01-01', /from must be earlier than to/],
    ])('refuses the query string %s', async (qs, message) => {
      const res = await api.http.get(`/audit/access-logs?${qs}`).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    });

    it('leaves the table whole after all of it', async () => {
      const { rows } = await api.app
        .get(AuditDatabase)
        .pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM access_logs WHERE request_id LIKE 'seed-%'`);
      expect(rows[0]!.n).toBe(COUNT);
    });

    it('accepts offsets in the forms people type, including a + the query string turned into a space', async () => {
      const at = seeded[300]!.at;
      const local = new Date(at.getTime() + 2 * 3_600_000).toISOString().slice(0, 19);
      const exact = await api.http
        .get(`/audit/access-logs?from=${local}+02:00&to=${local}%2B02:00&limit=5`)
        .set('Authorization', `Bearer ${token}`);
      expect(exact.status).toBe(400); // from == to
      const res = await api.http
        .get(`/audit/access-logs?from=${local}+02:00&limit=1000&videoId=${seeded[300]!.videoId}`)
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.body.items.at(-1).at).toBe(at.toISOString());
    });
  });
});
