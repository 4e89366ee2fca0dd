import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangeVideoMetadata,
  DeleteVideo,
  FailTranscode,
  MarkVideoReady,
  PublishVideo,
  RecordRenditionReady,
  RecordTranscodeProgress,
  RecordUpload,
  RequestTranscode,
  StartTranscode,
  UnpublishVideo,
  SYSTEM_ACTOR,
  type CommandContext,
} from '@reelguard/domain';
import { EventStore } from '@reelguard/persistence';
import { createTestDatabase, type TestDatabase } from '@reelguard/testing';
import { VideoProjector, VideoStore, rebuildProjections } from './index.js';

describe('rebuilding the videos projection from the event store', () => {
  let db: TestDatabase;
  let store: VideoStore;
  let events: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    events = new EventStore(db.dataSource);
    store = new VideoStore(events, new VideoProjector());
  });
  afterAll(async () => db.drop());

  const ctx = (videoId: string, actor = 'admin-1'): CommandContext => ({
    videoId,
    actor,
    correlationId: `c-${videoId}`,
  });
  const rendition = (name: string, height: number) => ({
    name,
    width: Math.round((height * 16) / 9 / 2) * 2,
    height,
    bandwidth: height * 4000,
  });

  async function uploaded(id: string, title: string) {
    await store.execute(
      new RecordUpload(ctx(id), {
        title,
        sourceKey: `videos/${id}/source`,
        sourceBytes: 1234,
        originalFilename: 'a.mp4',
        contentType: 'video/mp4',
      }),
    );
  }
  async function transcoded(id: string) {
    await store.execute(new StartTranscode(ctx(id, SYSTEM_ACTOR), 1));
    await store.execute(new RecordTranscodeProgress(ctx(id, SYSTEM_ACTOR), 40));
    await store.execute(
      new MarkVideoReady(ctx(id, SYSTEM_ACTOR), {
        durationSec: 12.5,
        renditions: [rendition('720p', 720), rendition('360p', 360)],
        posterKey: `videos/${id}/hls/poster.jpg`,
      }),
    );
    await store.execute(new RecordRenditionReady(ctx(id, SYSTEM_ACTOR), rendition('720p', 720)));
    await store.execute(new RecordTranscodeProgress(ctx(id, SYSTEM_ACTOR), 100));
  }

  async function snapshot() {
    return db.dataSource.query('SELECT * FROM videos ORDER BY id');
  }

  it('gives the same rows as the live projection after a scripted history', async () => {
    await uploaded('v-ready-published', 'Published');
    await transcoded('v-ready-published');
    await store.execute(new PublishVideo(ctx('v-ready-published')));
    await store.execute(
      new ChangeVideoMetadata(ctx('v-ready-published'), { title: 'Renamed', description: 'now with text' }),
    );

    await uploaded('v-failed-then-ready', 'Retried');
    await store.execute(new StartTranscode(ctx('v-failed-then-ready', SYSTEM_ACTOR), 1));
    await store.execute(new FailTranscode(ctx('v-failed-then-ready', SYSTEM_ACTOR), 'storage was down', true));
    await store.execute(new RequestTranscode(ctx('v-failed-then-ready')));
    await transcoded('v-failed-then-ready');
    await store.execute(new PublishVideo(ctx('v-failed-then-ready')));
    await store.execute(new UnpublishVideo(ctx('v-failed-then-ready')));

    await uploaded('v-refused', 'Not a video');
    await store.execute(new StartTranscode(ctx('v-refused', SYSTEM_ACTOR), 1));
    await store.execute(new FailTranscode(ctx('v-refused', SYSTEM_ACTOR), 'The file is text, not a video.', false));

    await uploaded('v-deleted', 'Gone');
    await transcoded('v-deleted');
    await store.execute(new PublishVideo(ctx('v-deleted')));
    await store.execute(new DeleteVideo(ctx('v-deleted')));

    await uploaded('v-processing', 'Still going');
    await store.execute(new StartTranscode(ctx('v-processing', SYSTEM_ACTOR), 1));

    const live = await snapshot();
    expect(live).toHaveLength(5);
    expect(live.find((r: { id: string }) => r.id === 'v-ready-published')).toMatchObject({
      title: 'Renamed',
      status: 'ready',
      published: true,
      progress: 100,
    });
    expect(live.find((r: { id: string }) => r.id === 'v-refused')).toMatchObject({
      status: 'failed',
      error: 'The file is text, not a video.',
    });
    expect(live.find((r: { id: string }) => r.id === 'v-deleted')).toMatchObject({ deleted: true, published: false });

    // Damage the read model the way a bug or a manual edit would, then rebuild it.
    await db.dataSource.query(`UPDATE videos SET title = 'corrupted', progress = 3`);
    await db.dataSource.query(`DELETE FROM videos WHERE id = 'v-processing'`);
    const replayed = await rebuildProjections(db.dataSource, events, 7);
    expect(replayed).toBe((await events.readAll(0, 10_000)).length);
    expect(await snapshot()).toEqual(live);
  });
});
