import Bull from 'bull';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordUpload, SYSTEM_ACTOR, FailTranscode, StartTranscode } from '@reelguard/domain';
import { EventStore } from '@reelguard/persistence';
import { createTestDatabase, type TestDatabase } from '@reelguard/testing';
import { VideoProjector, VideoStore } from '@reelguard/videos';
import { OutboxRelay, type TranscodeJob } from './index.js';

// A Redis database of its own, so flushing it stands for "Redis restarted with nothing on disk".
const REDIS_URL = 'redis://127.0.0.1:6379/14';

describe('OutboxRelay against PostgreSQL and Redis', () => {
  let db: TestDatabase;
  let store: VideoStore;
  let queue: Bull.Queue<TranscodeJob>;
  let relay: OutboxRelay;
  let redis: Redis;
  const prefix = `relaytest${Date.now().toString(36)}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const events = new EventStore(db.dataSource);
    store = new VideoStore(events, new VideoProjector());
    queue = new Bull<TranscodeJob>('transcode', REDIS_URL, { prefix });
    redis = new Redis(REDIS_URL);
    relay = new OutboxRelay(db.dataSource, events, queue, { redisPrefix: prefix, attempts: 3, backoffMs: 100 });
  });
  afterAll(async () => {
    await queue.close();
    await redis.flushdb();
    redis.disconnect();
    await db.drop();
  });

  const upload = (videoId: string) =>
    store.execute(
      new RecordUpload(
        { videoId, actor: 'admin-1', correlationId: `corr-${videoId}` },
        {
          title: 'Clip',
          sourceKey: `videos/${videoId}/source`,
          sourceBytes: 1000,
          originalFilename: 'clip.mp4',
          contentType: 'video/mp4',
        },
      ),
    );

  async function jobsFor(videoId: string): Promise<Bull.Job<TranscodeJob>[]> {
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    return jobs.filter((job) => job?.data.videoId === videoId);
  }

  it('turns a TranscodeRequested event into exactly one job whose id is the event id', async () => {
    const outcome = await upload('relay-video-0000001');
    const requested = outcome.events.find((e) => e.type === 'TranscodeRequested')!;
    await relay.runOnce();
    await relay.runOnce();
    const jobs = await jobsFor('relay-video-0000001');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.id).toBe(requested.eventId);
    expect(jobs[0]!.data).toEqual({
      kind: 'transcode',
      videoId: 'relay-video-0000001',
      requestEventId: requested.eventId,
      sourceKey: 'videos/relay-video-0000001/source',
      correlationId: 'corr-relay-video-0000001',
    });
  });

  it('restores pending jobs exactly once after Redis lost everything', async () => {
    await upload('relay-video-0000002');
    await upload('relay-video-0000003');
    await relay.runOnce();
    // The third video finished (failed) before the flush: it must not be queued again.
    await store.execute(
      new StartTranscode({ videoId: 'relay-video-0000003', actor: SYSTEM_ACTOR, correlationId: 'c' }, 1),
    );
    await store.execute(
      new FailTranscode(
        { videoId: 'relay-video-0000003', actor: SYSTEM_ACTOR, correlationId: 'c' },
        'not a video',
        false,
      ),
    );
    await redis.flushdb();
    expect(await jobsFor('relay-video-0000002')).toHaveLength(0);

    const report = await relay.runOnce();
    await relay.runOnce();
    expect(report.reconciled).toBe(2);
    expect(await jobsFor('relay-video-0000001')).toHaveLength(1);
    expect(await jobsFor('relay-video-0000002')).toHaveLength(1);
    expect(await jobsFor('relay-video-0000003')).toHaveLength(0);
  });

  it('relays requests appended while Redis was empty, once', async () => {
    await redis.flushdb();
    await upload('relay-video-0000004');
    await relay.runOnce();
    await relay.runOnce();
    expect(await jobsFor('relay-video-0000004')).toHaveLength(1);
  });
});
