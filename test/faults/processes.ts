// The real processes from dist/ (embedded S3 server, API, worker), each started and stopped on
// its own so a fault test can kill one and bring it back on the same port and data, plus a
// small client for the HTTP calls the tests make as the admin and as a viewer.
import { spawn, type ChildProcess } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { loadConfig } from '@reelguard/config';
import { ObjectStorage } from '@reelguard/storage';
import { freePort } from '../e2e/platform.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const ADMIN = { email: 'admin@reelguard.test', password: 'fault-admin-password-long' };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when ended by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL; resolves once it has exited. */
  kill(): Promise<void>;
}

export { freePort };

/** Runs every clean-up step even when an earlier one fails; then throws the first failure. */
export async function cleanUpInTurn(...steps: (() => Promise<unknown> | undefined)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

/** Polls `check` until it holds; the error names `what` and carries `context()` when given. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs: number,
  context: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await Promise.resolve(check()).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s\n${context()}`);
    await sleep(200);
  }
}

/** Starts a node script of the repository; ready once `ready(output)` holds. */
export async function startScript(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: (output: string) => boolean | Promise<boolean>,
  timeoutMs = 120_000,
): Promise<Proc> {
  // The flags `npm start` gives each script (scripts/node-flags.mjs).
  const { nodeArgs } = (await import(pathToFileURL(join(root, 'scripts/node-flags.mjs')).href)) as {
    nodeArgs(script: string): string[];
  };
  const child = spawn(process.execPath, [...nodeArgs(script), join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const proc: Proc = {
    name,
    child,
    output: () => output,
    exited,
    running,
    async stop(graceMs = 30_000) {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitUntil(
      async () => {
        if (!running()) throw new Error('exited');
        return ready(output);
      },
      `${name} start`,
      timeoutMs,
    );
  } catch {
    await proc.kill();
    throw new Error(
      `${name} did not start (exit ${child.exitCode ?? child.signalCode ?? 'none'}):\n${output.slice(-3000)}`,
    );
  }
  if (!running()) throw new Error(`${name} exited while starting:\n${output.slice(-3000)}`);
  return proc;
}

export interface Deployment {
  readonly env: Record<string, string>;
  readonly url: string;
  readonly storageDir: string;
  readonly workDir: string;
  /** A client of the same object storage the processes use (from the test process). */
  readonly storage: ObjectStorage;
  readonly client: ApiClient;
  startS3(): Promise<Proc>;
  startApi(extraEnv?: Record<string, string>): Promise<Proc>;
  startWorker(extraEnv?: Record<string, string>): Promise<Proc>;
  /** The last 6,000 characters each process printed, for failure messages. */
  output(): string;
  /** Stops every process still running and removes the folders and Redis keys (not the database). */
  stop(): Promise<void>;
}

/** Settings for one deployment on free ports with its own storage folder, work folder and Redis prefix. */
export async function prepareDeployment(databaseUrl: string, env: Record<string, string> = {}): Promise<Deployment> {
  const [port, s3Port] = [await freePort(), await freePort()];
  const storageDir = await mkdtemp(join(tmpdir(), 'reelguard-apifault-s3-'));
  const workDir = await mkdtemp(join(tmpdir(), 'reelguard-apifault-work-'));
  const redisPrefix = `fa${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const url = `http://127.0.0.1:${port}`;
  const fullEnv: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: redisPrefix,
    S3_EMBEDDED_PORT: String(s3Port),
    S3_EMBEDDED_DIR: storageDir,
    WORK_DIR: workDir,
    REELGUARD_ADMIN_EMAIL: ADMIN.email,
    REELGUARD_ADMIN_PASSWORD: ADMIN.password,
    HLS_SEGMENT_SEC: '2',
    FFMPEG_PRESET: 'ultrafast',
    // The load below is a test harness, not a scripted downloader: keep the speed limit out of it.
    PLAYBACK_DOWNLOAD_ALLOWANCE_SEC: '86400',
    LOG_LEVEL: 'info',
    ...env,
  };
  const config = loadConfig(fullEnv);
  const storage = new ObjectStorage({
    endpoint: config.S3_ENDPOINT_RESOLVED,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
  });
  const procs: Proc[] = [];
  const healthy = async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) })).status === 200;

  return {
    env: fullEnv,
    url,
    storageDir,
    workDir,
    storage,
    client: new ApiClient(url),
    async startS3() {
      const proc = await startScript('s3', 'libs/storage/dist/embedded-server-main.js', fullEnv, (out) =>
        out.includes('"event":"ready"'),
      );
      procs.push(proc);
      return proc;
    },
    async startApi(extraEnv = {}) {
      const proc = await startScript('api', 'apps/api/dist/main.js', { ...fullEnv, ...extraEnv }, healthy);
      procs.push(proc);
      return proc;
    },
    async startWorker(extraEnv = {}) {
      const proc = await startScript('worker', 'apps/worker/dist/main.js', { ...fullEnv, ...extraEnv }, (out) =>
        out.includes('Reelguard worker running'),
      );
      procs.push(proc);
      return proc;
    },
    output: () => procs.map((p) => `--- ${p.name}\n${p.output().slice(-6000)}`).join('\n'),
    async stop() {
      for (const proc of [...procs].reverse()) await proc.stop(20_000);
      storage.destroy();
      const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
      const keys = await redis.keys(`${redisPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await rm(storageDir, { recursive: true, force: true });
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

export interface VideoView {
  id: string;
  status: 'uploaded' | 'processing' | 'ready' | 'failed';
  progress: number;
  published: boolean;
  error?: string;
  renditions: { name: string; width: number; height: number }[];
}

export interface Reply<T> {
  status: number;
  body: T;
}

/** The HTTP calls the tests make to set things up: sign in, create users, upload, publish, play. */
export class ApiClient {
  private adminToken: string | undefined;

  constructor(readonly url: string) {}

  async login(account: { email: string; password: string } = ADMIN): Promise<string> {
    const res = await this.call<{ accessToken?: string }>('/auth/login', {
      method: 'POST',
      body: JSON.stringify(account),
      token: null,
    });
    if (res.status !== 200 || !res.body.accessToken)
      throw new Error(`login of ${account.email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }

  /** JSON call; the admin's token unless `token` says otherwise (null: no Authorization). */
  async call<T>(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Reply<T>> {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    const bearer = token === undefined ? (this.adminToken ??= await this.login()) : token;
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    if (typeof rest.body === 'string') headers.set('content-type', 'application/json');
    const res = await fetch(`${this.url}${path}`, { ...rest, headers, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: body as T };
  }

  async createViewer(): Promise<{ email: string; password: string; token: string }> {
    const email = `viewer-${Date.now()}-${Math.floor(Math.random() * 1e6)}@reelguard.test`;
    const password = 'fault-viewer-password-long';
    const res = await this.call('/users', {
      method: 'POST',
      body: JSON.stringify({ email, password, role: 'viewer' }),
    });
    if (res.status !== 201) throw new Error(`creating a viewer failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { email, password, token: await this.login({ email, password }) };
  }

  async upload(path: string): Promise<string> {
    const form = new FormData();
    form.set('title', basename(path));
    form.set('file', await openAsBlob(path), 'clip.mp4');
    const res = await this.call<{ id: string }>('/videos/upload', { method: 'POST', body: form });
    if (res.status !== 202) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  async video(id: string): Promise<VideoView> {
    const res = await this.call<VideoView>(`/videos/${id}`);
    if (res.status !== 200) throw new Error(`GET /videos/${id}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async events(id: string): Promise<{ type: string; occurredAt: string; data: Record<string, unknown> }[]> {
    const res = await this.call<{ type: string; occurredAt: string; data: Record<string, unknown> }[]>(
      `/videos/${id}/events`,
    );
    if (res.status !== 200) throw new Error(`GET /videos/${id}/events: ${res.status}`);
    return res.body;
  }

  async waitForVideo(
    id: string,
    done: (video: VideoView) => boolean,
    timeoutMs: number,
    context: () => string = () => '',
  ): Promise<VideoView> {
    let last: VideoView | undefined;
    await waitUntil(
      async () => {
        last = await this.video(id);
        return done(last);
      },
      `video ${id} reaching the expected state`,
      timeoutMs,
      () => `last state: ${JSON.stringify(last)}\n${context()}`,
    );
    return last!;
  }

  /** Uploads, waits for the whole transcode (progress 100) and publishes. */
  async publishedVideo(path: string, context: () => string = () => ''): Promise<string> {
    const id = await this.upload(path);
    await this.waitForVideo(
      id,
      (v) => v.status === 'failed' || (v.status === 'ready' && v.progress === 100),
      240_000,
      context,
    );
    const publish = await this.call<VideoView>(`/videos/${id}/publish`, { method: 'POST' });
    if (publish.status !== 200) throw new Error(`publish failed: ${publish.status} ${JSON.stringify(publish.body)}`);
    return id;
  }
}
