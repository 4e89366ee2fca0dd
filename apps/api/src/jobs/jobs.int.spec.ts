import { getQueueToken } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import Bull, { type Queue } from 'bull';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailTranscode } from '@reelguard/domain';
import { OutboxRelay, TRANSCODE_QUEUE, type TranscodeJob } from '@reelguard/jobs';
import { EventStore } from '@reelguard/persistence';
import { bullOptions } from '@reelguard/runtime';
import { generateTestVideo, type GeneratedMedia } from '@reelguard/testing';
import { startApi, type ApiHarness } from '../../test/harness.js';

// What a transcode that breaks badly leaves in Bull: a multi-line message with a file path and
// a connection string, plus the stack Bull stores beside it.
const CRASH =
  'ffmpeg exited with code 1: /tmp/reelguard-transcode-x1/source: Invalid data (cache redis://default:hunter2@10.0.0.5:6379)\n' +
  '    at ChildProcess.exit (/srv/reelguard/libs/media/dist/run.js:10:5)';

describe('the transcode queue API against real Redis', () => {
  let api: ApiHarness;
  let admin: string;
  let clip: GeneratedMedia;
  let relay: OutboxRelay;
  let videoA: string;
  let videoB: string;
  let jobA: string;
  let jobB: string;

  const get = (path: string, token = admin) => api.http.get(path).set('Authorization', `Bearer ${token}`);
  const retry = (id: string, token = admin) =>
    api.http.post(`/jobs/transcode/${id}/retry`).set('Authorization', `Bearer ${token}`);
  const counts = async () => (await get('/jobs/transcode/counts')).body as Record<string, number>;
  const latestRequest = async (videoId: string) => {
    const events = await api.app.get(EventStore).readStream(videoId);
    return [...events].reverse().find((e) => e.type === 'TranscodeRequested')!;
  };
  const upload = async (title: string) => {
    const res = await api.http
      .post('/videos/upload')
      .set('Authorization', `Bearer ${admin}`)
      .field('title', title)
      .attach('file', clip.path, `${title}.mp4`);
    expect(res.status).toBe(202);
    return res.body.id as string;
  };

  beforeAll(async () => {
    api = await startApi();
    admin = await api.adminToken();
    clip = await generateTestVideo({ durationSec: 1, width: 160, height: 90 });
    const queue = api.app.get<Queue<TranscodeJob>>(getQueueToken(TRANSCODE_QUEUE));
    relay = new OutboxRelay(api.app.get(DataSource), api.app.get(EventStore), queue, {
      redisPrefix: api.config.REDIS_PREFIX,
      attempts: 1,
      backoffMs: 1000,
    });
    videoA = await upload('clip-a');
    videoB = await upload('clip-b');
  });
  afterAll(async () => {
    await clip?.remove();
    await api?.close();
  });

  it('counts the relayed requests as waiting', async () => {
    expect(await counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 });
    await relay.runOnce();
    expect(await counts()).toEqual({ waiting: 2, active: 0, delayed: 0, failed: 0, completed: 0 });
    jobA = (await latestRequest(videoA)).eventId;
    jobB = (await latestRequest(videoB)).eventId;
  });

  it('lists jobs that really failed in Bull, with a reason free of stack, paths and secrets', async () => {
    const processor = new Bull<TranscodeJob>(TRANSCODE_QUEUE, bullOptions(api.config));
    const failed = new Set<string>();
    const bothFailed = new Promise<void>((resolve) => {
      processor.on('failed', (job) => {
        failed.add(String(job.id));
        if (failed.size === 2) resolve();
      });
    });
    void processor.process(() => Promise.reject(new Error(CRASH)));
    await bothFailed;
    await processor.close();

    expect(await counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 2, completed: 0 });
    const res = await get('/jobs/transcode/failed');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    const byId = new Map((res.body as Array<Record<string, unknown>>).map((job) => [job.id, job]));
    expect(byId.get(jobA)).toEqual({
      id: jobA,
      videoId: videoA,
      failedReason: 'ffmpeg exited with code 1: <path>: Invalid data (cache redis://***@10.0.0.5:6379)',
      attemptsMade: 1,
      finishedOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(byId.get(jobB)).toMatchObject({ id: jobB, videoId: videoB });
    for (const leak of ['hunter2', '/tmp/', '/srv/', ' at ', '\n']) expect(res.text).not.toContain(leak);
  });

  it('puts a job back in the queue when its failure never reached the video', async () => {
    const res = await retry(jobA);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: jobA, videoId: videoA, outcome: 'requeued' });
    expect(await counts()).toMatchObject({ waiting: 1, failed: 1 });
    const again = await retry(jobA);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'This job is waiting, not failed; only failed jobs can be retried.',
    });
  });

  it('asks for a new transcode when the video recorded the failure, and drops the spent job', async () => {
    // What the worker records when a job fails for the last time.
    await api.app
      .get(CommandBus)
      .execute(new FailTranscode({ videoId: videoB, actor: 'system', correlationId: 'test' }, 'Gave up.', true));
    expect((await get(`/videos/${videoB}`)).body.status).toBe('failed');

    const res = await retry(jobB);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: jobB, videoId: videoB, outcome: 'requested' });
    expect(await counts()).toMatchObject({ waiting: 1, failed: 0 });
    expect((await get('/jobs/transcode/failed')).body).toEqual([]);
    expect((await get(`/videos/${videoB}`)).body.status).not.toBe('failed');

    const request = await latestRequest(videoB);
    expect(request.eventId).not.toBe(jobB);
    expect(request.metadata.actor).not.toBe('system');
    await relay.runOnce();
    expect(await counts()).toMatchObject({ waiting: 2, failed: 0 });
    const gone = await retry(jobB);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toMatch(/No such transcode job/);
  });

  it('refuses unknown and malformed ids with a clear 4xx', async () => {
    const unknown = await retry('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    const malformed = await retry('a'.repeat(65));
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'A job id is 1 to 64 letters, digits or dashes.',
    });
    const dotted = await retry('..%2F..%2Fetc');
    expect([400, 404]).toContain(dotted.status);
  });

  it('is for admins only: viewers and auditors get 403, no token 401', async () => {
    for (const role of ['viewer', 'auditor'] as const) {
      const { token } = await api.createUser(role);
      for (const res of [
        await get('/jobs/transcode/counts', token),
        await get('/jobs/transcode/failed', token),
        await retry(jobA, token),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/needs the admin role/);
      }
    }
    expect((await api.http.get('/jobs/transcode/counts')).status).toBe(401);
  });
});
