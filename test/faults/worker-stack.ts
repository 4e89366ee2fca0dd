// Runs the real processes from dist/ (embedded S3 server, API, workers) the way `npm start`
// configures them, on free ports with a fresh database, storage folder, Redis key prefix and
// work folder, so a fault test can kill and restart any of them.
import { spawn, type ChildProcess } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { ObjectStorage } from '@reelguard/storage';
import { dropDatabaseQuietly, testDatabaseUrl } from '@reelguard/testing';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN = { email: 'admin@reelguard.test', password: 'fault-admin-password-long' };

export interface Proc {
  readonly child: ChildProcess;
  output(): string;
  /** resolves with the exit code (null when killed by a signal) and the signal */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited */
  stop(graceMs?: number): Promise<void>;
}

export interface VideoView {
  id: string;
  status: 'uploaded' | 'processing' | 'ready' | 'failed';
  progress: number;
  error?: string;
  renditions: { name: string; width: number; height: number }[];
}

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function startProcess(script: string, env: Record<string, string>, ready: (output: string) => boolean) {
  const child = spawn(process.execPath, ['--disable-warning=NodeVersionSupportWarning', join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const proc: Proc = {
    child,
    output: () => output,
    exited,
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  const started = new Promise<Proc>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (ready(output)) {
        clearTimeout(timer);
        resolve(proc);
      }
    };
    child.stdout!.on('data', (chunk: Buffer) => ((output += chunk.toString()), check()));
    child.stderr!.on('data', (chunk: Buffer) => ((output += chunk.toString()), check()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
  return started;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const [port, s3Port] = [await freePort(), await freePort()];
  const storageDir = await mkdtemp(join(tmpdir(), 'reelguard-fault-s3-'));
  const workDir = await mkdtemp(join(tmpdir(), 'reelguard-fault-work-'));
  const databaseUrl = testDatabaseUrl('reelguard_fault');
  const redisPrefix = `f${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const url = `http://127.0.0.1:${port}`;
  const fullEnv: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: redisPrefix,
    S3_EMBEDDED_PORT: String(s3Port),
    S3_EMBEDDED_DIR: storageDir,
    WORK_DIR: workDir,
    REELGUARD_ADMIN_EMAIL: ADMIN.email,
    REELGUARD_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'info',
    ...env,
  };
  const procs: Proc[] = [];
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const config = await import('@reelguard/config').then((m) => m.loadConfig(fullEnv));
  const storage = new ObjectStorage({
    endpoint: config.S3_ENDPOINT_RESOLVED,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
  });
  let token: string | undefined;

  const stop = async () => {
    for (const proc of [...procs].reverse()) await proc.stop();
    storage.destroy();
    const keys = await redis.keys(`${redisPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await dropDatabaseQuietly(databaseUrl);
    await rm(storageDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  };

  async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    token ??= await login();
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    const res = await fetch(`${url}${path}`, { ...init, headers });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async function login(): Promise<string> {
    const res = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const body = (await res.json()) as { accessToken?: string };
    if (!body.accessToken) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
    return body.accessToken;
  }

  const stack: Stack = {
    env: fullEnv,
    url,
    workDir,
    redisPrefix,
    storage,
    redis,
    async startWorker(extraEnv = {}) {
      const worker = await startProcess('apps/worker/dist/main.js', { ...fullEnv, ...extraEnv }, (out) =>
        out.includes('Reelguard worker running'),
      );
      procs.push(worker);
      return worker;
    },
    async upload(path) {
      const form = new FormData();
      form.set('title', basename(path));
      form.set('file', await openAsBlob(path), 'clip.mp4');
      const res = await api<{ id: string }>('/videos/upload', { method: 'POST', body: form });
      if (res.status !== 202) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id;
    },
    async video(id) {
      const res = await api<VideoView>(`/videos/${id}`);
      if (res.status !== 200) throw new Error(`GET /videos/${id}: ${res.status}`);
      return res.body;
    },
    async events(id) {
      return (await api<{ type: string; data: Record<string, unknown> }[]>(`/videos/${id}/events`)).body;
    },
    async waitFor(id, done, timeoutMs = 240_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const video = await stack.video(id);
        if (done(video)) return video;
        if (Date.now() > deadline)
          throw new Error(`video ${id} stuck: ${JSON.stringify(video)}\n${stack.output().slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    output: () => procs.map((p) => p.output()).join('\n'),
    stop,
  };

  try {
    procs.push(
      await startProcess('libs/storage/dist/embedded-server-main.js', fullEnv, (out) =>
        out.includes('"event":"ready"'),
      ),
    );
    const apiProc = await startProcess('apps/api/dist/main.js', fullEnv, (out) =>
      out.includes('Reelguard API listening'),
    );
    procs.push(apiProc);
  } catch (error) {
    await stop();
    throw error;
  }
  return stack;
}

/** FFmpeg processes still running with an argument inside `dir`. */
export async function ffmpegProcessesIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (basename(args[0] ?? '') === 'ffmpeg' && args.some((a) => a.includes(dir))) pids.push(Number(entry));
  }
  return pids;
}
