// The worker fault tests' deployment: the embedded S3 server and the API started from dist/ by
// the shared fault harness (processes.ts), in a fresh database, plus workers the test starts,
// kills and restarts itself, and the Redis connection it uses to flush the deployment's keys.
import { Redis } from 'ioredis';
import type { ObjectStorage } from '@reelguard/storage';
import { dropDatabaseQuietly, testDatabaseUrl } from '@reelguard/testing';
import { cleanUpInTurn, prepareDeployment, type Proc, type VideoView } from './processes.js';

export { ffmpegRunningIn as ffmpegProcessesIn } from './storage-checks.js';
export type { Proc, VideoView };

export interface Stack {
  readonly env: Record<string, string>;
  readonly url: string;
  readonly workDir: string;
  readonly redisPrefix: string;
  readonly storage: ObjectStorage;
  readonly redis: Redis;
  startWorker(extraEnv?: Record<string, string>): Promise<Proc>;
  upload(path: string): Promise<string>;
  video(id: string): Promise<VideoView>;
  events(id: string): Promise<{ type: string; data: Record<string, unknown> }[]>;
  /** Polls the video until `done` holds; fails with the last state after `timeoutMs`. */
  waitFor(id: string, done: (v: VideoView) => boolean, timeoutMs?: number): Promise<VideoView>;
  /** Everything the processes printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const databaseUrl = testDatabaseUrl('reelguard_fault');
  // The platform's default segment length, as the worker runs it in production.
  const deployment = await prepareDeployment(databaseUrl, { HLS_SEGMENT_SEC: '4', ...env });
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const stop = () =>
    cleanUpInTurn(
      () => deployment.stop(),
      async () => redis.disconnect(),
      () => dropDatabaseQuietly(databaseUrl),
    );
  try {
    await deployment.startS3();
    await deployment.startApi();
  } catch (error) {
    await stop();
    throw error;
  }
  const { client } = deployment;
  return {
    env: deployment.env,
    url: deployment.url,
    workDir: deployment.workDir,
    redisPrefix: deployment.env.REDIS_PREFIX!,
    storage: deployment.storage,
    redis,
    startWorker: (extraEnv) => deployment.startWorker(extraEnv),
    upload: (path) => client.upload(path),
    video: (id) => client.video(id),
    events: (id) => client.events(id),
    waitFor: (id, done, timeoutMs = 240_000) => client.waitForVideo(id, done, timeoutMs, () => deployment.output()),
    output: () => deployment.output(),
    stop,
  };
}
