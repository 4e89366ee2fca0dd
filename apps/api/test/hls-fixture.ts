// Published HLS videos for streaming tests, laid out exactly as the worker leaves them:
// `videos/{id}/hls/{name}` with encrypted init and media segments, variant playlists with
// relative URIs and EXT-X-KEY URI="key", poster and storyboard, the content key wrapped in
// `video_keys`, and the video made ready (and published) through the real command path.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CommandBus } from '@nestjs/cqrs';
import { MarkVideoReady, PublishVideo, RecordUpload, StartTranscode, type CommandContext } from '@reelguard/domain';
import {
  DEFAULT_LADDER,
  MASTER_PLAYLIST_NAME,
  POSTER_NAME,
  STORYBOARD_IMAGE_NAME,
  STORYBOARD_TRACK_NAME,
  buildHlsCommand,
  buildMasterPlaylist,
  buildStoryboardVtt,
  encryptSegment,
  planLadder,
  planStoryboard,
  probeMedia,
  publishVariantPlaylist,
  renditionFileNames,
  runFfmpeg,
  segmentIvDeriver,
  type LadderPlan,
} from '@reelguard/media';
import { ObjectStorage } from '@reelguard/storage';
import { generateTestVideo, type GeneratedMedia } from '@reelguard/testing';
import { newVideoId } from '@reelguard/tokens';
import { ContentKeys } from '@reelguard/videos';
import type { ApiHarness } from './harness.js';

export interface EncodedLadder {
  readonly plan: LadderPlan;
  readonly durationSec: number;
  readonly segmentSec: number;
  /** plain (unencrypted) files FFmpeg wrote, by name */
  readonly dir: string;
  /** media segment names per rendition */
  readonly segments: ReadonlyMap<string, readonly string[]>;
  remove(): Promise<void>;
}

/** A tiny two-rendition ladder (320x180 and 160x90), encoded once per test file. */
export async function encodeTestLadder(
  options: { durationSec?: number; segmentSec?: number } = {},
): Promise<EncodedLadder> {
  const durationSec = options.durationSec ?? 4;
  const segmentSec = options.segmentSec ?? 1;
  const clip: GeneratedMedia = await generateTestVideo({ durationSec, width: 320, height: 180 });
  const plan = planLadder(await probeMedia(clip.path), {
    ...DEFAULT_LADDER,
    rungs: [
      { name: '180p', height: 180, videoBitrateKbps: 300 },
      { name: '90p', height: 90, videoBitrateKbps: 100 },
    ],
  });
  const dir = join(clip.dir, 'hls');
  await mkdir(dir);
  const command = buildHlsCommand(plan, {
    inputPath: clip.path,
    outputDir: dir,
    segmentDurationSec: segmentSec,
    preset: 'ultrafast',
  });
  await runFfmpeg(command.args, { timeoutMs: 60_000 });
  await runFfmpeg(
    ['-v', 'error', '-y', '-i', clip.path, '-frames:v', '1', '-vf', 'scale=160:90', join(dir, POSTER_NAME)],
    { timeoutMs: 30_000 },
  );
  await runFfmpeg(
    ['-v', 'error', '-y', '-i', clip.path, '-frames:v', '1', '-vf', 'scale=64:36', join(dir, STORYBOARD_IMAGE_NAME)],
    { timeoutMs: 30_000 },
  );
  const segments = new Map<string, string[]>();
  for (const rendition of plan.renditions) {
    const text = await readFile(join(dir, renditionFileNames.variantPlaylist(rendition.name)), 'utf8');
    segments.set(
      rendition.name,
      [...text.matchAll(/^(\S+\.m4s)$/gm)].map((m) => m[1]!),
    );
  }
  return { plan, durationSec, segmentSec, dir, segments, remove: () => rm(clip.dir, { recursive: true, force: true }) };
}

export interface PublishOptions {
  title?: string;
  /** default true */
  published?: boolean;
  /** default true: the variant playlists end (VOD); false leaves them growing (EVENT) */
  complete?: boolean;
}

/** Uploads the ladder as a new video and brings it to ready (and published). Returns its id. */
export async function publishTestVideo(
  api: ApiHarness,
  ladder: EncodedLadder,
  options: PublishOptions = {},
): Promise<string> {
  const videoId = newVideoId();
  const storage = api.app.get(ObjectStorage);
  const key = await api.app.get(ContentKeys).getOrCreate(videoId);
  const ivFor = segmentIvDeriver(key);
  const put = (name: string, body: Buffer | string, type: string) =>
    storage.putBuffer(`videos/${videoId}/hls/${name}`, body, type);

  for (const rendition of ladder.plan.renditions) {
    const raw = await readFile(join(ladder.dir, renditionFileNames.variantPlaylist(rendition.name)), 'utf8');
    const published = publishVariantPlaylist(options.complete === false ? raw.replace('#EXT-X-ENDLIST', '') : raw, {
      rendition: rendition.name,
      ivFor,
      final: options.complete !== false,
    });
    for (const name of [published.initSegment, ...published.segments.map((s) => s.name)]) {
      await put(name, encryptSegment(await readFile(join(ladder.dir, name)), key, ivFor(name)), 'video/mp4');
    }
    await put(renditionFileNames.variantPlaylist(rendition.name), published.text, 'application/vnd.apple.mpegurl');
  }
  await put(MASTER_PLAYLIST_NAME, buildMasterPlaylist(ladder.plan.renditions), 'application/vnd.apple.mpegurl');
  await put(POSTER_NAME, await readFile(join(ladder.dir, POSTER_NAME)), 'image/jpeg');
  await put(STORYBOARD_IMAGE_NAME, await readFile(join(ladder.dir, STORYBOARD_IMAGE_NAME)), 'image/jpeg');
  const storyboard = planStoryboard(
    ladder.durationSec,
    { width: 320, height: 180 },
    { intervalSec: 1, thumbnailWidth: 64 },
  );
  await put(STORYBOARD_TRACK_NAME, buildStoryboardVtt(storyboard), 'text/vtt');

  const commands = api.app.get(CommandBus);
  const context: CommandContext = { videoId, actor: 'system', correlationId: `fixture-${videoId}` };
  await commands.execute(
    new RecordUpload(context, {
      title: options.title ?? 'Streaming fixture',
      sourceKey: `videos/${videoId}/source`,
      sourceBytes: 1000,
      originalFilename: 'fixture.mp4',
      contentType: 'video/mp4',
    }),
  );
  await commands.execute(new StartTranscode(context, 1));
  await commands.execute(
    new MarkVideoReady(context, {
      durationSec: ladder.durationSec,
      renditions: ladder.plan.renditions.map((r) => ({
        name: r.name,
        width: r.width,
        height: r.height,
        bandwidth: Math.ceil(r.bandwidth),
      })),
      posterKey: `videos/${videoId}/hls/${POSTER_NAME}`,
      storyboard: { vttKey: `videos/${videoId}/hls/${STORYBOARD_TRACK_NAME}`, intervalSec: storyboard.intervalSec },
    }),
  );
  if (options.published !== false) await commands.execute(new PublishVideo(context));
  return videoId;
}

/** The harness app listening on a loopback port, for clients that need a real URL (ffprobe). */
export async function listeningUrl(api: ApiHarness): Promise<string> {
  const server = api.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export { playlistUris } from '@reelguard/testing';
