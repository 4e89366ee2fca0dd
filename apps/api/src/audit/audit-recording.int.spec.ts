// Every sign-in and every admin action produces exactly one audit entry with the right fields,
// through the real API, with the real writer behind AuditSink.
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditDatabase, AuditSink, AuditWriter } from '@reelguard/audit';
import { MarkVideoReady, StartTranscode, SYSTEM_ACTOR } from '@reelguard/domain';
import { generateTestVideo, type GeneratedMedia } from '@reelguard/testing';
import { ADMIN, startApi, type ApiHarness } from '../../test/harness.js';

interface Row {
  action: string;
  outcome: string;
  reason: string | null;
  user_id: string | null;
  session_id: string | null;
  video_id: string | null;
  resource: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
}

describe('what the API records in the audit trail', () => {
  let api: ApiHarness;
  let adminToken: string;
  let adminId: string;
  let clip: GeneratedMedia;

  beforeAll(async () => {
    api = await startApi({ LOGIN_MAX_FAILURES: '2' });
    const res = await api.http.post('/auth/login').send(ADMIN);
    adminToken = res.body.accessToken;
    adminId = res.body.user.id;
    clip = await generateTestVideo({ durationSec: 1, width: 160, height: 90 });
  });
  afterAll(async () => {
    await clip.remove();
    await api.close();
  });

  /** The entries of one request, found by the request id we sent, after the writer has flushed. */
  async function entriesOf(requestId: string): Promise<Row[]> {
    await api.app.get(AuditWriter).flush();
    const { rows } = await api.app
      .get(AuditDatabase)
      .pool.query<Row>('SELECT * FROM access_logs WHERE request_id = $1', [requestId]);
    return rows;
  }

  const rid = (label: string) => `${label}-${randomUUID()}`;
  const UA = 'AuditTest/1.0 (+"quoted", commas)';

  it('binds AuditSink to the batched PostgreSQL writer for the whole application', () => {
    expect(api.app.get(AuditSink)).toBeInstanceOf(AuditWriter);
  });

  it('records each sign-in once: granted, wrong password, unknown account, rate limited', async () => {
    const viewer = await api.createUser('viewer');
    const cases = [
      {
        body: { email: viewer.email, password: viewer.password },
        status: 200,
        outcome: 'granted',
        reason: null,
        user: viewer.id,
      },
      {
        body: { email: viewer.email, password: 'wrong-wrong-wrong' },
        status: 401,
        outcome: 'denied',
        reason: 'bad_password',
        user: viewer.id,
      },
      {
        body: { email: 'ghost@reelguard.test', password: 'whatever-whatever' },
        status: 401,
        outcome: 'denied',
        reason: 'unknown_user',
        user: null,
      },
      {
        body: { email: viewer.email, password: 'wrong-again-wrong' },
        status: 401,
        outcome: 'denied',
        reason: 'bad_password',
        user: viewer.id,
      },
      {
        body: { email: viewer.email, password: viewer.password },
        status: 429,
        outcome: 'denied',
        reason: 'too_many_failures',
        user: null,
      },
    ];
    for (const c of cases) {
      const id = rid('login');
      const res = await api.http.post('/auth/login').set('X-Request-Id', id).set('User-Agent', UA).send(c.body);
      expect(res.status).toBe(c.status);
      const rows = await entriesOf(id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'login',
        outcome: c.outcome,
        reason: c.reason,
        user_id: c.user,
        resource: c.body.email,
        user_agent: UA,
        request_id: id,
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
      });
      expect(JSON.stringify(rows[0])).not.toContain(c.body.password);
    }
  });

  it("records each request the guard turns away once, by route, never with the caller's token", async () => {
    const viewer = await api.createUser('viewer');
    const disabled = await api.createUser('viewer');
    await api.http
      .patch(`/users/${disabled.id}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ disabled: true })
      .expect(200);
    const forged = `${viewer.token.slice(0, -4)}AAAA`;
    const cases = [
      { auth: null, path: '/videos', status: 401, reason: 'unauthenticated', user: null, route: 'GET /videos' },
      {
        auth: 'Basic abc',
        path: '/users',
        status: 401,
        reason: 'malformed_authorization',
        user: null,
        route: 'GET /users',
      },
      {
        auth: `Bearer ${forged}`,
        path: '/videos',
        status: 401,
        reason: 'token_invalid',
        user: null,
        route: 'GET /videos',
      },
      {
        auth: `Bearer ${disabled.token}`,
        path: '/videos',
        status: 401,
        reason: 'account_inactive',
        user: disabled.id,
        route: 'GET /videos',
      },
      {
        auth: `Bearer ${viewer.token}`,
        path: '/audit/access-logs?limit=5',
        status: 403,
        reason: 'role_forbidden',
        user: viewer.id,
        route: 'GET /audit/access-logs',
      },
      {
        auth: `Bearer ${viewer.token}`,
        path: '/videos/abcDEF_123-x/events',
        status: 403,
        reason: 'role_forbidden',
        user: viewer.id,
        route: 'GET /videos/:id/events',
        video: 'abcDEF_123-x',
      },
    ];
    for (const c of cases) {
      const id = rid('guard');
      const req = api.http.get(c.path).set('X-Request-Id', id).set('User-Agent', UA);
      if (c.auth) void req.set('Authorization', c.auth);
      expect((await req).status).toBe(c.status);
      const rows = await entriesOf(id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'access',
        outcome: 'denied',
        reason: c.reason,
        user_id: c.user,
        video_id: c.video ?? null,
        resource: c.route,
        user_agent: UA,
        request_id: id,
      });
      expect(JSON.stringify(rows[0])).not.toContain(viewer.token.slice(-20));
    }
  });

  it('records user creation and changes by the admin who made them', async () => {
    const create = rid('user-create');
    const email = `audited-${Date.now()}@reelguard.test`;
    const res = await api.http
      .post('/users')
      .set('Authorization', `Bearer ${adminToken}`)
      .set('X-Request-Id', create)
      .send({ email, password: 'a-long-enough-password-1', role: 'viewer' });
    expect(res.status).toBe(201);
    expect(await entriesOf(create)).toEqual([
      expect.objectContaining({
        action: 'user.create',
        outcome: 'granted',
        user_id: adminId,
        resource: `user:${res.body.id}`,
      }),
    ]);

    const duplicate = rid('user-dup');
    await api.http
      .post('/users')
      .set('Authorization', `Bearer ${adminToken}`)
      .set('X-Request-Id', duplicate)
      .send({ email, password: 'a-long-enough-password-1', role: 'viewer' })
      .expect(409);
    expect(await entriesOf(duplicate)).toEqual([
      expect.objectContaining({ action: 'user.create', outcome: 'denied', reason: 'conflict', resource: null }),
    ]);

    const update = rid('user-update');
    await api.http
      .patch(`/users/${res.body.id}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .set('X-Request-Id', update)
      .send({ disabled: true })
      .expect(200);
    expect(await entriesOf(update)).toEqual([
      expect.objectContaining({
        action: 'user.update',
        outcome: 'granted',
        user_id: adminId,
        resource: `user:${res.body.id}`,
      }),
    ]);

    const invalid = rid('user-invalid');
    await api.http
      .patch(`/users/${res.body.id}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .set('X-Request-Id', invalid)
      .send({ role: 'root' })
      .expect(400);
    expect(await entriesOf(invalid)).toEqual([
      expect.objectContaining({ action: 'user.update', outcome: 'denied', reason: 'invalid_request' }),
    ]);
  });

  it('records uploads, metadata changes, publishing, unpublishing and deletion once each', async () => {
    const auth = { Authorization: `Bearer ${adminToken}` };
    const upload = rid('upload');
    const up = await api.http
      .post('/videos/upload')
      .set(auth)
      .set('X-Request-Id', upload)
      .attach('file', clip.path, 'clip.mp4');
    expect(up.status).toBe(202);
    const videoId = up.body.id as string;
    expect(await entriesOf(upload)).toEqual([
      expect.objectContaining({
        action: 'video.upload',
        outcome: 'granted',
        user_id: adminId,
        video_id: videoId,
        reason: null,
      }),
    ]);

    const refusedUpload = rid('upload-refused');
    await api.http
      .post('/videos/upload')
      .set(auth)
      .set('X-Request-Id', refusedUpload)
      .attach('file', Buffer.from('plain text, not a video\n'.repeat(40)), 'x.mp4')
      .expect(415);
    expect(await entriesOf(refusedUpload)).toEqual([
      expect.objectContaining({
        action: 'video.upload',
        outcome: 'denied',
        reason: 'unsupported_media',
        video_id: null,
      }),
    ]);

    const early = rid('publish-early');
    await api.http.post(`/videos/${videoId}/publish`).set(auth).set('X-Request-Id', early).expect(409);
    expect(await entriesOf(early)).toEqual([
      expect.objectContaining({
        action: 'video.publish',
        outcome: 'denied',
        reason: 'video_not_ready',
        video_id: videoId,
      }),
    ]);

    const commands = api.app.get(CommandBus);
    const system = { videoId, actor: SYSTEM_ACTOR, correlationId: 'audit-test' };
    await commands.execute(new StartTranscode(system, 1));
    await commands.execute(
      new MarkVideoReady(system, {
        durationSec: 1,
        renditions: [{ name: '90p', width: 160, height: 90, bandwidth: 200_000 }],
      }),
    );

    const steps: [string, () => Promise<{ status: number }>, string, number][] = [
      [
        'patch',
        () => api.http.patch(`/videos/${videoId}`).set(auth).set('X-Request-Id', ids.patch!).send({ title: 'Renamed' }),
        'video.update',
        200,
      ],
      [
        'publish',
        () => api.http.post(`/videos/${videoId}/publish`).set(auth).set('X-Request-Id', ids.publish!),
        'video.publish',
        200,
      ],
      [
        'unpublish',
        () => api.http.post(`/videos/${videoId}/unpublish`).set(auth).set('X-Request-Id', ids.unpublish!),
        'video.unpublish',
        200,
      ],
      [
        'delete',
        () => api.http.delete(`/videos/${videoId}`).set(auth).set('X-Request-Id', ids.delete!),
        'video.delete',
        204,
      ],
    ];
    const ids: Record<string, string> = Object.fromEntries(steps.map(([name]) => [name, rid(name)]));
    for (const [name, send, action, status] of steps) {
      expect((await send()).status, name).toBe(status);
      expect(await entriesOf(ids[name]!), name).toEqual([
        expect.objectContaining({
          action,
          outcome: 'granted',
          reason: null,
          user_id: adminId,
          video_id: videoId,
          request_id: ids[name],
        }),
      ]);
    }

    const gone = rid('delete-again');
    await api.http.delete(`/videos/${videoId}`).set(auth).set('X-Request-Id', gone).expect(404);
    expect(await entriesOf(gone)).toEqual([
      expect.objectContaining({ action: 'video.delete', outcome: 'denied', reason: 'not_found', video_id: videoId }),
    ]);
  });

  it('records nothing for reads', async () => {
    const read = rid('read');
    await api.http.get('/videos').set('Authorization', `Bearer ${adminToken}`).set('X-Request-Id', read).expect(200);
    expect(await entriesOf(read)).toEqual([]);
  });

  describe('who may read the trail', () => {
    const routes = [
      '/audit/access-logs',
      '/audit/access-logs/export?format=ndjson&videoId=nothing-matches-this-id',
      '/audit/verify',
      '/audit/stats',
    ];

    it('refuses a caller without a token (401) and a viewer (403)', async () => {
      const viewer = await api.createUser('viewer');
      for (const route of routes) {
        expect((await api.http.get(route)).status, route).toBe(401);
        const res = await api.http.get(route).set('Authorization', `Bearer ${viewer.token}`);
        expect(res.status, route).toBe(403);
        expect(res.body).toEqual({
          statusCode: 403,
          error: 'Forbidden',
          message: expect.stringMatching(/auditor or admin/),
        });
      }
    });

    it('lets auditors and admins read, and offers no route that changes the trail', async () => {
      const auditor = await api.createUser('auditor');
      for (const token of [auditor.token, adminToken]) {
        for (const route of routes)
          expect((await api.http.get(route).set('Authorization', `Bearer ${token}`)).status, route).toBe(200);
      }
      for (const method of ['post', 'patch', 'delete', 'put'] as const) {
        const res = await api.http[method]('/audit/access-logs').set('Authorization', `Bearer ${adminToken}`);
        expect([404, 405], method).toContain(res.status);
      }
    });
  });
});
