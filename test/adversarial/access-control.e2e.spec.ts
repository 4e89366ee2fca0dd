// Who may do what, against the running platform: every admin route as a viewer and as an
// auditor, every audit route as a viewer, other people's sessions, mass assignment, method
// override headers, HEAD/OPTIONS/TRACE on protected routes. After each attempt the target is
// checked unchanged, not only the status code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectErrorBody,
  expectHealthy,
  expectNoLeak,
  getVideo,
  play,
  publishedClip,
  raw,
  signedInUser,
  startRig,
  upload,
  type Rig,
  type SignedIn,
  type VideoView,
} from './support.js';

let rig: Rig;
let viewer: SignedIn;
let auditor: SignedIn;
let video: VideoView;

beforeAll(async () => {
  rig = await startRig();
  viewer = await signedInUser(rig, 'viewer');
  auditor = await signedInUser(rig, 'auditor');
  video = await publishedClip(rig);
}, 300_000);
afterAll(async () => {
  await rig?.stop();
});

const json = (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  raw(rig.url, path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function expectVideoUnchanged(): Promise<void> {
  const now = await getVideo(rig, video.id);
  expect(now.status).toBe(200);
  expect(now.body).toMatchObject({ id: video.id, title: video.title, published: true, status: 'ready' });
}

async function userCount(): Promise<number> {
  const res = await rig.platform.api<unknown[]>('/users?range=[0,999]', { token: rig.adminToken });
  return res.body.length;
}

const adminRoutes = (): [string, string, unknown?][] => [
  ['PATCH', `/videos/${video.id}`, { title: 'taken over' }],
  ['POST', `/videos/${video.id}/publish`],
  ['POST', `/videos/${video.id}/unpublish`],
  ['DELETE', `/videos/${video.id}`],
  ['GET', '/users'],
  ['POST', '/users', { email: 'intruder@reelguard.test', password: 'intruder-password-long', role: 'admin' }],
  ['GET', `/users/${viewer.id}`],
  ['PATCH', `/users/${viewer.id}`, { role: 'admin' }],
  ['GET', '/playback-sessions'],
];

describe('admin routes', () => {
  it.each(['viewer', 'auditor'] as const)('are 403 for a %s, and nothing changes', async (role) => {
    const who = role === 'viewer' ? viewer : auditor;
    const usersBefore = await userCount();
    for (const [method, path, body] of adminRoutes()) {
      const res = await json(who.token, method, path, body);
      expectErrorBody(res, rig, 403);
      expect(res.body).toMatch(/admin role/);
    }
    const uploadTry = await upload(rig, Buffer.from('not even a video'), 'x.mp4', {}, who.token);
    expect(uploadTry.status).toBe(403);
    await expectVideoUnchanged();
    expect(await userCount()).toBe(usersBefore);
    const me = await json(who.token, 'GET', '/auth/me');
    expect(JSON.parse(me.body)).toMatchObject({ role });
  });

  it('the video’s event history is 403 for a viewer (auditors and admins only)', async () => {
    expectErrorBody(await json(viewer.token, 'GET', `/videos/${video.id}/events`), rig, 403);
    expect((await json(auditor.token, 'GET', `/videos/${video.id}/events`)).status).toBe(200);
  });
});

describe('audit routes', () => {
  const auditRoutes = ['/audit/access-logs', '/audit/access-logs/export?format=csv', '/audit/verify', '/audit/stats'];

  it('are 403 for a viewer and 401 without a token, with no trail data in the body', async () => {
    for (const path of auditRoutes) {
      const refused = await json(viewer.token, 'GET', path);
      expectErrorBody(refused, rig, 403);
      expect(refused.body).not.toMatch(/items|granted|denied|checked/);
      expectErrorBody(await raw(rig.url, path), rig, 401);
    }
    expect((await json(auditor.token, 'GET', '/audit/access-logs?limit=1')).status).toBe(200);
  });

  it('offer no way to change or delete the trail, whoever asks', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await json(rig.adminToken, method, '/audit/access-logs', { reason: 'erased' });
      expect([404, 405]).toContain(res.status);
      expectNoLeak(res.body, rig);
    }
  });
});

describe('another user’s playback session', () => {
  it('cannot be heartbeaten nor ended by someone else (404, as for no such session); it stays alive', async () => {
    const owner = await signedInUser(rig, 'viewer');
    const session = await play(rig, owner.token, video.id);
    for (const who of [viewer, auditor]) {
      expectErrorBody(await json(who.token, 'POST', `/playback-sessions/${session.sessionId}/heartbeat`), rig, 404);
      expectErrorBody(await json(who.token, 'DELETE', `/playback-sessions/${session.sessionId}`), rig, 404);
    }
    expect((await fetch(`${rig.url}${session.urls.get('key')!}`)).status).toBe(200);
    expect((await json(owner.token, 'POST', `/playback-sessions/${session.sessionId}/heartbeat`)).status).toBe(200);
  });
});

describe('mass assignment', () => {
  it.each<[string, string, () => string, Record<string, unknown>, string]>([
    ['published on a video', 'PATCH', () => `/videos/${video.id}`, { title: 'x', published: false }, 'published'],
    ['status on a video', 'PATCH', () => `/videos/${video.id}`, { status: 'failed' }, 'status'],
    ['id on a video', 'PATCH', () => `/videos/${video.id}`, { id: 'another-id-0000000000' }, 'id'],
    ['renditions on a video', 'PATCH', () => `/videos/${video.id}`, { renditions: [] }, 'renditions'],
    [
      'id on a new user',
      'POST',
      () => '/users',
      {
        email: 'm1@reelguard.test',
        password: 'a-long-password-1',
        role: 'viewer',
        id: '00000000-0000-4000-8000-000000000000',
      },
      'id',
    ],
    [
      'disabled on a new user',
      'POST',
      () => '/users',
      { email: 'm2@reelguard.test', password: 'a-long-password-2', role: 'viewer', disabled: false, passwordHash: 'x' },
      'disabled',
    ],
    ['email on a user update', 'PATCH', () => `/users/${viewer.id}`, { email: 'stolen@reelguard.test' }, 'email'],
  ])('refuses %s: 400 naming the field, nothing changed', async (_case, method, path, body, field) => {
    const usersBefore = await userCount();
    const res = await json(rig.adminToken, method, path(), body);
    expectErrorBody(res, rig, 400);
    expect(JSON.parse(res.body).message).toContain(field);
    await expectVideoUnchanged();
    expect(await userCount()).toBe(usersBefore);
  });

  it('refuses a role in the sign-in body (400) and never hands out that role', async () => {
    const res = await raw(rig.url, '/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: viewer.email, password: viewer.password, role: 'admin' }),
    });
    expectErrorBody(res, rig, 400);
    expect(res.body).toContain('role');
  });

  it('refuses a published field in an upload (400), storing nothing', async () => {
    const keysBefore = (await rig.storage.keys()).length;
    const res = await upload(rig, Buffer.from('0000'), 'x.mp4', { published: 'true' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/published/);
    expect((await rig.storage.keys()).length).toBe(keysBefore);
  });
});

describe('method override and unusual methods', () => {
  it('ignores X-HTTP-Method-Override and _method: a viewer’s GET stays a GET, an admin’s POST finds no DELETE', async () => {
    const viewerGet = await json(viewer.token, 'GET', `/videos/${video.id}?_method=DELETE`, undefined, {
      'x-http-method-override': 'DELETE',
      'x-method-override': 'DELETE',
    });
    expect(viewerGet.status).toBe(200);
    expect(JSON.parse(viewerGet.body)).toMatchObject({ id: video.id });
    const adminPost = await json(
      rig.adminToken,
      'POST',
      `/videos/${video.id}?_method=DELETE`,
      {},
      {
        'x-http-method-override': 'DELETE',
      },
    );
    expect(adminPost.status).toBe(404);
    const viewerPost = await json(viewer.token, 'POST', `/videos/${video.id}/unpublish?_method=GET`, undefined, {
      'x-http-method-override': 'GET',
    });
    expectErrorBody(viewerPost, rig, 403);
    await expectVideoUnchanged();
  });

  it('guards HEAD like GET: 401 without a token, 403 for the wrong role, and no body either way', async () => {
    for (const path of ['/users', '/playback-sessions', '/audit/access-logs']) {
      const anonymous = await raw(rig.url, path, { method: 'HEAD' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toBe('');
      const wrongRole = await raw(rig.url, path, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${viewer.token}` },
      });
      expect(wrongRole.status).toBe(403);
      expect(wrongRole.body).toBe('');
    }
  });

  it('answers OPTIONS on protected routes with no data and no CORS grant for an unknown origin', async () => {
    for (const path of ['/users', `/videos/${video.id}`, '/audit/access-logs']) {
      const res = await raw(rig.url, path, {
        method: 'OPTIONS',
        headers: { origin: 'https://attacker.example', 'access-control-request-method': 'GET' },
      });
      expect(res.status).toBeLessThan(500);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.body).not.toMatch(/email|items|renditions/);
    }
  });

  it('does not echo a TRACE request (no cross-site tracing of the Authorization header)', async () => {
    const res = await raw(rig.url, '/users', {
      method: 'TRACE',
      headers: { authorization: `Bearer ${rig.adminToken}` },
    });
    expect([404, 405]).toContain(res.status);
    expect(res.body).not.toContain(rig.adminToken);
    await expectHealthy(rig);
  });
});
