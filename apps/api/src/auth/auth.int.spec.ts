import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startApi, type ApiHarness } from '../../test/harness.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function forge(header: object, payload: object, secret: string | null): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  const signature = secret === null ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

describe('auth and users against the real database', () => {
  let api: ApiHarness;
  let adminId: string;

  beforeAll(async () => {
    api = await startApi({ LOGIN_MAX_FAILURES: '3' });
    const res = await api.http.post('/auth/login').send(ADMIN);
    adminId = res.body.user.id;
  });
  afterAll(async () => api.close());

  const claims = (overrides: object = {}) => ({
    sub: adminId,
    role: 'admin',
    typ: 'access',
    iss: api.config.JWT_ISSUER,
    aud: api.config.JWT_AUDIENCE,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 600,
    ...overrides,
  });

  it('signs in the first admin and answers /auth/me', async () => {
    const login = await api.http.post('/auth/login').send(ADMIN);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ expiresIn: 3600, user: { email: ADMIN.email, role: 'admin' } });
    const me = await api.http.get('/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: adminId, email: ADMIN.email, role: 'admin' });
  });

  it('gives the same 401 for a wrong password and an unknown e-mail', async () => {
    const wrong = await api.http.post('/auth/login').send({ email: ADMIN.email, password: 'not-the-password' });
    const unknown = await api.http
      .post('/auth/login')
      .send({ email: 'nobody@reelguard.test', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Wrong e-mail or password.' });
  });

  it('limits repeated failures with 429, even for the right password', async () => {
    const email = 'limited@reelguard.test';
    const user = await api.createUser('viewer', email);
    for (let i = 0; i < 3; i += 1) {
      expect((await api.http.post('/auth/login').send({ email, password: 'guess-guess-guess' })).status).toBe(401);
    }
    const limited = await api.http.post('/auth/login').send({ email, password: user.password });
    expect(limited.status).toBe(429);
    expect(limited.body.message).toMatch(/try again in \d+ seconds/);
  });

  it('refuses a missing, malformed, expired, foreign-key or alg:none token', async () => {
    const me = (auth?: string) => {
      const req = api.http.get('/auth/me');
      return auth === undefined ? req : req.set('Authorization', auth);
    };
    expect((await me()).status).toBe(401);
    expect((await me('Basic abc')).status).toBe(401);
    expect((await me('Bearer not-a-token-at-all')).status).toBe(401);
    const expired = forge(
      { alg: 'HS256', typ: 'JWT' },
      claims({ exp: Math.floor(Date.now() / 1000) - 60 }),
      api.config.JWT_SECRET,
    );
    expect((await me(`Bearer ${expired}`)).status).toBe(401);
    const otherKey = forge({ alg: 'HS256', typ: 'JWT' }, claims(), 'another-environment-secret-of-32-chars!!');
    expect((await me(`Bearer ${otherKey}`)).status).toBe(401);
    const none = forge({ alg: 'none', typ: 'JWT' }, claims(), null);
    expect((await me(`Bearer ${none}`)).status).toBe(401);
    const wrongAudience = forge({ alg: 'HS256', typ: 'JWT' }, claims({ aud: 'someone-else' }), api.config.JWT_SECRET);
    expect((await me(`Bearer ${wrongAudience}`)).status).toBe(401);
    const noExp = forge({ alg: 'HS256', typ: 'JWT' }, { ...claims(), exp: undefined }, api.config.JWT_SECRET);
    expect((await me(`Bearer ${noExp}`)).status).toBe(401);
    // The control: the same forging with the right key is accepted, so the refusals above mean something.
    const good = forge({ alg: 'HS256', typ: 'JWT' }, claims(), api.config.JWT_SECRET);
    expect((await me(`Bearer ${good}`)).status).toBe(200);
  });

  it('keeps viewers and auditors out of admin routes', async () => {
    const viewer = await api.createUser('viewer');
    const auditor = await api.createUser('auditor');
    for (const who of [viewer, auditor]) {
      const list = await api.http.get('/users').set('Authorization', `Bearer ${who.token}`);
      expect(list.status).toBe(403);
      expect(list.body.message).toMatch(/admin role/);
      const create = await api.http
        .post('/users')
        .set('Authorization', `Bearer ${who.token}`)
        .send({ email: 'x@reelguard.test', password: 'long-enough-password', role: 'admin' });
      expect(create.status).toBe(403);
    }
  });

  it('creates users, refusing duplicates, weak passwords, bad roles and extra fields', async () => {
    const token = await api.adminToken();
    const post = (body: object) => api.http.post('/users').set('Authorization', `Bearer ${token}`).send(body);
    const created = await post({ email: 'New.Viewer@reelguard.test', password: 'a-strong-password-1', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'new.viewer@reelguard.test', role: 'viewer' });
    expect(created.body).not.toHaveProperty('passwordHash');
    expect(
      (await post({ email: 'new.viewer@reelguard.test', password: 'a-strong-password-1', role: 'viewer' })).status,
    ).toBe(409);
    const weak = await post({ email: 'weak@reelguard.test', password: 'short', role: 'viewer' });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/at least 12 characters/);
    expect((await post({ email: 'role@reelguard.test', password: 'a-strong-password-1', role: 'root' })).status).toBe(
      400,
    );
    const extra = await post({
      email: 'extra@reelguard.test',
      password: 'a-strong-password-1',
      role: 'viewer',
      id: 'mine',
    });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toMatch(/id is not an accepted field/);
    const list = await api.http.get('/users?range=[0,1]&sort=["email","ASC"]').set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    expect(list.headers['content-range']).toMatch(/^users 0-1\/\d+$/);
  });

  it('stops a disabled account at once, even with a token issued before', async () => {
    const viewer = await api.createUser('viewer');
    const admin = await api.adminToken();
    const disable = await api.http
      .patch(`/users/${viewer.id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ disabled: true });
    expect(disable.status).toBe(200);
    expect((await api.http.get('/auth/me').set('Authorization', `Bearer ${viewer.token}`)).status).toBe(401);
    expect((await api.http.post('/auth/login').send({ email: viewer.email, password: viewer.password })).status).toBe(
      401,
    );
  });

  it('serves health, metrics and the OpenAPI document without a token', async () => {
    const health = await api.http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok', storage: 'ok' } });
    const metrics = await api.http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('reelguard_http_request_duration_seconds');
    const docs = await api.http.get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/auth/login', '/users', '/health']));
  });

  it('sends security headers and echoes only allowed CORS origins', async () => {
    const allowed = await api.http.get('/health').set('Origin', 'http://127.0.0.1:3000');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');
    expect(allowed.headers.vary).toMatch(/Origin/);
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    expect(allowed.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    for (const origin of ['null', 'http://127.0.0.1:3000.evil.test', 'https://127.0.0.1:3000', 'http://evil.test']) {
      const res = await api.http.get('/health').set('Origin', origin);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});
