// Shared by the adversarial suite: the running platform (as `npm start` runs it) in front of an
// embedded S3 server whose every request is counted, secrets the attacker-side code knows so it
// can forge tokens exactly, a published clip, raw HTTP for paths fetch would normalise, and the
// checks every refusal must pass (no leak, audited, still healthy).
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  dropDatabaseQuietly,
  generateTestVideo,
  playlistUris,
  startTestS3,
  testDatabaseUrl,
  type TestS3,
} from '@reelguard/testing';
import { startPlatform, type Account, type Platform } from '../e2e/platform.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Secrets {
  jwtSecret: string;
  /** kid → secret; `active` signs */
  playbackKeys: { kid: string; secret: string }[];
  activeKid: string;
}

/** Records every request the platform makes to object storage, then passes it on untouched. */
export interface CountingStorage {
  readonly s3: TestS3;
  readonly endpoint: string;
  readonly requests: string[];
  /** Every stored object key (under the bucket). */
  keys(): Promise<string[]>;
  /** The bytes of every stored object, concatenated (to look for leaked local content). */
  allBytes(): Promise<Buffer>;
  close(): Promise<void>;
}

async function startCountingStorage(): Promise<CountingStorage> {
  const s3 = await startTestS3('reelguard-adversarial');
  const target = new URL(s3.endpoint);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const files = async (dir: string): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const nested = await Promise.all(
      entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
    );
    return nested.flat();
  };
  const bucketDir = join(s3.directory, s3.bucket);
  return {
    s3,
    endpoint,
    requests,
    async keys() {
      // s3rver keeps each object as `<key>._S3rver_object` beside its metadata files.
      return (await files(bucketDir))
        .filter((f) => f.endsWith('._S3rver_object'))
        .map((f) => f.slice(bucketDir.length + 1, -'._S3rver_object'.length));
    },
    async allBytes() {
      const objects = (await files(bucketDir)).filter((f) => f.endsWith('._S3rver_object'));
      return Buffer.concat(await Promise.all(objects.map((f) => readFile(f))));
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await s3.stop();
    },
  };
}

export interface Rig {
  platform: Platform;
  url: string;
  storage: CountingStorage;
  secrets: Secrets;
  adminToken: string;
  /** The platform's database, for tampering behind the API's back. */
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * The platform with known secrets, small HLS segments and the fastest preset, storing into a
 * counted embedded S3 server. `env` adds or overrides settings.
 */
export async function startRig(env: Record<string, string> = {}): Promise<Rig> {
  const storage = await startCountingStorage();
  const secrets: Secrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    playbackKeys: [
      { kid: 'k2', secret: randomBytes(32).toString('base64url') },
      { kid: 'k1', secret: randomBytes(32).toString('base64url') },
    ],
    activeKid: 'k2',
  };
  const databaseUrl = testDatabaseUrl('reelguard_adversarial');
  let platform: Platform;
  try {
    platform = await startPlatform({
      DATABASE_URL: databaseUrl,
      S3_ENDPOINT: storage.endpoint,
      S3_BUCKET: storage.s3.bucket,
      JWT_SECRET: secrets.jwtSecret,
      PLAYBACK_TOKEN_KEYS: secrets.playbackKeys.map((k) => `${k.kid}:${k.secret}`).join(','),
      PLAYBACK_TOKEN_ACTIVE_KID: secrets.activeKid,
      HLS_SEGMENT_SEC: '2',
      FFMPEG_PRESET: 'ultrafast',
      LOG_LEVEL: 'warn',
      ...env,
    });
  } catch (error) {
    await storage.close();
    await dropDatabaseQuietly(databaseUrl);
    throw error;
  }
  const adminToken = await platform.login(platform.admin);
  return {
    platform,
    url: platform.url,
    storage,
    secrets,
    adminToken,
    databaseUrl,
    async stop() {
      await platform.stop();
      await storage.close();
      await dropDatabaseQuietly(databaseUrl);
    },
  };
}

export interface SignedIn extends Account {
  token: string;
}

export async function signedInUser(rig: Rig, role: Account['role']): Promise<SignedIn> {
  const account = await rig.platform.createUser(role);
  return { ...account, token: await rig.platform.login(account) };
}

export interface VideoView {
  id: string;
  status: string;
  published: boolean;
  renditions: { name: string }[];
  error?: string;
  [field: string]: unknown;
}

export async function getVideo(rig: Rig, id: string): Promise<{ status: number; body: VideoView }> {
  return rig.platform.api<VideoView>(`/videos/${id}`, { token: rig.adminToken });
}

/** Uploads through the API as the admin: multipart with the given bytes and file name. */
export async function upload(
  rig: Rig,
  bytes: Buffer,
  filename: string,
  fields: Record<string, string> = {},
  token = rig.adminToken,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'video/mp4' }), filename);
  const res = await fetch(`${rig.url}/videos/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the assertions on `text` say what it was
  }
  return { status: res.status, body, text };
}

/** Waits until the video is ready or failed (the worker's verdict), at most `timeoutMs`. */
export async function settled(rig: Rig, id: string, timeoutMs = 90_000): Promise<VideoView> {
  const started = Date.now();
  for (;;) {
    const { body } = await getVideo(rig, id);
    if (body.status === 'failed' || (body.status === 'ready' && body.progress === 100)) return body;
    if (Date.now() - started > timeoutMs)
      throw new Error(`video ${id} still ${body.status} after ${timeoutMs} ms:\n${rig.platform.output().slice(-3000)}`);
    await sleep(300);
  }
}

/** A generated clip uploaded, transcoded by the worker and published. */
export async function publishedClip(rig: Rig, durationSec = 8): Promise<VideoView> {
  const clip = await generateTestVideo({ durationSec, width: 320, height: 180 });
  try {
    const res = await upload(rig, await readFile(clip.path), 'clip.mp4', { title: 'Adversarial fixture' });
    if (res.status !== 202) throw new Error(`upload failed: ${res.status} ${res.text}`);
    const video = await settled(rig, String(res.body.id));
    if (video.status !== 'ready') throw new Error(`the clip did not transcode: ${JSON.stringify(video)}`);
    const published = await rig.platform.api<VideoView>(`/videos/${video.id}/publish`, {
      method: 'POST',
      token: rig.adminToken,
    });
    if (published.status !== 200) throw new Error(`publish failed: ${published.status}`);
    return published.body;
  } finally {
    await clip.remove();
  }
}

export interface Playback {
  sessionId: string;
  manifestUrl: string;
  /** signed URL (root-relative) of every resource seen in the playlists, by name */
  urls: Map<string, string>;
  /** media segment names per rendition, in playlist order */
  segments: Map<string, string[]>;
}

const nameOf = (path: string) => path.split('?')[0]!.split('/').pop()!;

/** Starts a session and follows its playlists as a player does; returns every signed URL. */
export async function play(rig: Rig, token: string, videoId: string): Promise<Playback> {
  const started = await rig.platform.api<{ sessionId: string; manifestUrl: string }>(`/videos/${videoId}/playback`, {
    method: 'POST',
    token,
  });
  if (started.status !== 201) throw new Error(`playback start: ${started.status} ${JSON.stringify(started.body)}`);
  const { sessionId, manifestUrl } = started.body;
  const urls = new Map<string, string>([['master.m3u8', manifestUrl]]);
  const segments = new Map<string, string[]>();
  const master = await fetch(`${rig.url}${manifestUrl}`);
  if (master.status !== 200) throw new Error(`manifest: ${master.status}`);
  for (const uri of playlistUris(await master.text())) {
    const path = new URL(uri, `${rig.url}${manifestUrl}`);
    const rendition = nameOf(path.pathname).replace(/\.m3u8$/, '');
    urls.set(nameOf(path.pathname), `${path.pathname}${path.search}`);
    const variant = await fetch(path);
    if (variant.status !== 200) throw new Error(`playlist ${rendition}: ${variant.status}`);
    const names: string[] = [];
    for (const inner of playlistUris(await variant.text())) {
      const innerUrl = new URL(inner, path);
      const name = nameOf(innerUrl.pathname);
      urls.set(name, `${innerUrl.pathname}${innerUrl.search}`);
      if (name.endsWith('.m4s')) names.push(name);
    }
    segments.set(rendition, names);
  }
  return { sessionId, manifestUrl, urls, segments };
}

export function tokenOf(path: string): string {
  return new URL(path, 'http://x').searchParams.get('token')!;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request sent exactly as written (no path normalisation, no re-encoding). */
export function raw(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: hostname,
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        insecureHTTPParser: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Nothing in a refusal says more than it should: no stack, storage key, SQL, path or secret. */
export function expectNoLeak(body: string, rig: Rig): void {
  expect(body).not.toMatch(/\n\s+at \S|\bat [\w$.<>]+ \(|\.(?:ts|js|mjs):\d+/);
  expect(body).not.toMatch(/videos\/[A-Za-z0-9_-]{16,}\/(?:hls|source)|_S3rver_object|S3RVER|NoSuchKey/);
  expect(body).not.toMatch(/\bSELECT\b|\bINSERT\b|relation "|syntax error at|ECONNREFUSED|ENOENT|EACCES/);
  expect(body).not.toMatch(/node_modules|\/tmp\/|\/home\/|\/usr\/|\/etc\/passwd|root:x:0:0/);
  for (const secret of [rig.secrets.jwtSecret, ...rig.secrets.playbackKeys.map((k) => k.secret)]) {
    expect(body).not.toContain(secret);
  }
}

/** The documented error shape, and nothing in it that should not be there. */
export function expectErrorBody(res: { status: number; body: string }, rig: Rig, status: number): void {
  expect(res.status, res.body).toBe(status);
  expect(JSON.parse(res.body)).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  expectNoLeak(res.body, rig);
}

export async function expectHealthy(rig: Rig): Promise<void> {
  const res = await fetch(`${rig.url}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok' });
}

export interface AuditItem {
  id: string;
  at: string;
  action: string;
  outcome: 'granted' | 'denied';
  reason: string | null;
  userId: string | null;
  sessionId: string | null;
  videoId: string | null;
  resource: string | null;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Reads the audit trail through its API as the admin until an entry matches (entries appear
 * within a few seconds of their request). Fails with what was there when none comes.
 */
export async function auditEntry(
  rig: Rig,
  filter: Record<string, string>,
  match: (item: AuditItem) => boolean,
  timeoutMs = 10_000,
): Promise<AuditItem> {
  const started = Date.now();
  let items: AuditItem[] = [];
  for (;;) {
    const query = new URLSearchParams({ limit: '1000', ...filter });
    const res = await rig.platform.api<{ items: AuditItem[] }>(`/audit/access-logs?${query}`, {
      token: rig.adminToken,
    });
    if (res.status !== 200) throw new Error(`audit query ${query}: ${res.status} ${JSON.stringify(res.body)}`);
    items = res.body.items;
    const found = items.find(match);
    if (found) return found;
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `no audit entry matched ${JSON.stringify(filter)}; newest:\n${JSON.stringify(items.slice(0, 5))}`,
      );
    }
    await sleep(250);
  }
}

/** A unique user agent per attack, so its audit entry can be found among the others. */
let agents = 0;
export function userAgentFor(label: string): string {
  agents += 1;
  return `adversarial/${label.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40)}-${agents}-${Date.now().toString(36)}`;
}

/** A loopback listener that records every connection made to it (none may arrive). */
export async function tripwire(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end('#EXTM3U\n');
  });
  server.on('connection', () => hits.push('connection'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
