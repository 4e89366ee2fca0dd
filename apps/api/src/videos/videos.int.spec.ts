import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ObjectStorage } from '@reelguard/storage';
import { generateTestVideo, type GeneratedMedia } from '@reelguard/testing';
import { startApi, type ApiHarness } from '../../test/harness.js';

describe('uploads and video management against PostgreSQL and S3', () => {
  let api: ApiHarness;
  let admin: string;
  let clip: GeneratedMedia;
  let storage: ObjectStorage;

  beforeAll(async () => {
    api = await startApi({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
    admin = await api.adminToken();
    clip = await generateTestVideo({ durationSec: 1, width: 160, height: 90 });
    storage = api.app.get(ObjectStorage);
  });
  afterAll(async () => {
    await clip.remove();
    await api.close();
  });

  async function state() {
    const ds = api.app.get(DataSource);
    const [{ events }] = await ds.query('SELECT count(*)::int AS events FROM events');
    const [{ videos }] = await ds.query('SELECT count(*)::int AS videos FROM videos');
    const objects = (await storage.list('videos/')).length;
    return { events, videos, objects };
  }

  const upload = () => api.http.post('/videos/upload').set('Authorization', `Bearer ${admin}`);

  it('streams an upload to storage, records it and answers 202', async () => {
    const res = await upload()
      .field('title', 'Launch keynote')
      .field('description', 'Q3')
      .attach('file', clip.path, 'keynote.mp4');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), status: 'uploaded' });
    const id = res.body.id as string;
    const stored = await storage.getBuffer(`videos/${id}/source`);
    expect(stored.equals(readFileSync(clip.path))).toBe(true);

    const video = await api.http.get(`/videos/${id}`).set('Authorization', `Bearer ${admin}`);
    expect(video.status).toBe(200);
    expect(video.body).toMatchObject({
      id,
      title: 'Launch keynote',
      description: 'Q3',
      status: 'processing',
      progress: 0,
      published: false,
    });
    const events = await api.http.get(`/videos/${id}/events`).set('Authorization', `Bearer ${admin}`);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(['VideoUploaded', 'TranscodeRequested']);
    expect(events.body[0]).toMatchObject({ version: 1, actor: expect.any(String), data: { title: 'Launch keynote' } });
    expect(events.body[0].data.sourceKey).toBe(`videos/${id}/source`);
  });

  it('takes a default title from the file name, never a storage key from it', async () => {
    const res = await upload().attach('file', clip.path, '../../etc/My_holiday.mp4');
    expect(res.status).toBe(202);
    const video = await api.http.get(`/videos/${res.body.id}`).set('Authorization', `Bearer ${admin}`);
    expect(video.body.title).toBe('My holiday');
    expect(await storage.head(`videos/${res.body.id}/source`)).not.toBeNull();
  });

  describe('refusals leave nothing behind', () => {
    const cases: [string, () => Promise<{ status: number; body: { message: string } }>, number, RegExp][] = [
      ['missing file field', () => upload().field('title', 'x'), 400, /No file received/],
      ['file in another field', () => upload().attach('video', Buffer.from('abc'), 'a.mp4'), 400, /field named "file"/],
      [
        'two files',
        () => upload().attach('file', clip.path, 'a.mp4').attach('file', clip.path, 'b.mp4'),
        400,
        /exactly one file/,
      ],
      ['an empty file', () => upload().attach('file', Buffer.alloc(0), 'empty.mp4'), 400, /empty/],
      [
        'a text file named .mp4',
        () => upload().attach('file', Buffer.from('hello, this is not a video\n'.repeat(50)), 'x.mp4'),
        415,
        /text, not a video/,
      ],
      [
        'a title of 10,000 characters',
        () => upload().field('title', 'x'.repeat(10_000)).attach('file', clip.path, 'a.mp4'),
        400,
        /at most 200/,
      ],
      [
        'a title with control characters',
        () => upload().field('title', 'bad\u0007title').attach('file', clip.path, 'a.mp4'),
        400,
        /control characters/,
      ],
      [
        'an unknown field',
        () => upload().field('role', 'admin').attach('file', clip.path, 'a.mp4'),
        400,
        /Unknown field "role"/,
      ],
      ['not multipart', () => upload().send({ file: 'x' }), 400, /multipart\/form-data/],
      [
        'a file declared over the limit',
        () => upload().attach('file', Buffer.alloc(3 * 1024 * 1024, 7), 'big.mp4'),
        413,
        /larger than the upload limit of 2 MiB/,
      ],
      [
        'a file that streams past the limit',
        () =>
          upload().attach(
            'file',
            Buffer.concat([readFileSync(clip.path), Buffer.alloc(2.5 * 1024 * 1024, 7)]),
            'big.mp4',
          ),
        413,
        /larger than the upload limit/,
      ],
    ];
    for (const [name, send, status, message] of cases) {
      it(`refuses ${name}`, async () => {
        const before = await state();
        const res = await send();
        expect(res.status).toBe(status);
        expect(res.body.message).toMatch(message);
        expect(await state()).toEqual(before);
        expect((await api.http.get('/health')).status).toBe(200);
      });
    }
  });

  it('leaves nothing behind when the client disconnects mid-upload', async () => {
    const before = await state();
    const server = api.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const boundary = 'cutcutcut';
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/videos/upload',
        headers: {
          Authorization: `Bearer ${admin}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(1024 * 1024),
        },
      });
      req.on('error', () => resolve());
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\n`);
      req.write(readFileSync(clip.path).subarray(0, 20_000));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await state()).toEqual(before);
  });

  it('lets admins publish only ready videos, and viewers see only published ready ones', async () => {
    const res = await upload().field('title', 'Not ready yet').attach('file', clip.path, 'a.mp4');
    const id = res.body.id as string;
    const publish = await api.http.post(`/videos/${id}/publish`).set('Authorization', `Bearer ${admin}`);
    expect(publish.status).toBe(409);
    expect(publish.body.message).toMatch(/ready/i);
    const viewer = await api.createUser('viewer');
    expect((await api.http.get(`/videos/${id}`).set('Authorization', `Bearer ${viewer.token}`)).status).toBe(404);
    const list = await api.http.get('/videos').set('Authorization', `Bearer ${viewer.token}`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
    expect(list.headers['content-range']).toBe('videos 0-0/0');
    expect((await api.http.post(`/videos/${id}/publish`).set('Authorization', `Bearer ${viewer.token}`)).status).toBe(
      403,
    );
  });

  it('edits metadata, refusing bad values and extra fields', async () => {
    const res = await upload().field('title', 'Old').attach('file', clip.path, 'a.mp4');
    const id = res.body.id as string;
    const patch = (body: object) => api.http.patch(`/videos/${id}`).set('Authorization', `Bearer ${admin}`).send(body);
    const ok = await patch({ title: 'New title', description: 'Line one\nLine two' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ title: 'New title', description: 'Line one\nLine two' });
    expect((await patch({ title: '' })).status).toBe(400);
    const extra = await patch({ published: true });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toMatch(/published is not an accepted field/);
    const events = await api.http.get(`/videos/${id}/events`).set('Authorization', `Bearer ${admin}`);
    expect(events.body.at(-1)).toMatchObject({ type: 'VideoMetadataChanged', data: { title: 'New title' } });
  });

  it('lists with the dashboard parameters: filter, sort, range and Content-Range', async () => {
    const res = await api.http
      .get('/videos')
      .query({ filter: JSON.stringify({ q: 'keynote' }), range: '[0,9]', sort: '["title","ASC"]' })
      .set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body.map((v: { title: string }) => v.title)).toEqual(['Launch keynote']);
    expect(res.headers['content-range']).toBe('videos 0-0/1');
    const bad = await api.http.get('/videos?range=[5,1]').set('Authorization', `Bearer ${admin}`);
    expect(bad.status).toBe(400);
    const badSort = await api.http.get('/videos?sort=["password","ASC"]').set('Authorization', `Bearer ${admin}`);
    expect(badSort.status).toBe(400);
  });

  it('deletes a video: its objects go, its events stay and end in VideoDeleted', async () => {
    const res = await upload().field('title', 'Doomed').attach('file', clip.path, 'a.mp4');
    const id = res.body.id as string;
    const del = await api.http.delete(`/videos/${id}`).set('Authorization', `Bearer ${admin}`);
    expect(del.status).toBe(204);
    expect(await storage.list(`videos/${id}/`)).toEqual([]);
    expect((await api.http.get(`/videos/${id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(404);
    const events = await api.http.get(`/videos/${id}/events`).set('Authorization', `Bearer ${admin}`);
    expect(events.body.at(-1).type).toBe('VideoDeleted');
    expect((await api.http.delete(`/videos/${id}`).set('Authorization', `Bearer ${admin}`)).status).toBe(404);
  });
});
