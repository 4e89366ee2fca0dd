// What the streaming tests do as a player would: start a session, follow the playlists, fetch
// by raw path (no URL normalisation, for traversal tests), and watch the audit trail.
import { request as httpRequest } from 'node:http';
import { vi } from 'vitest';
import { AuditSink, type AccessLogEntry } from '@reelguard/audit';
import type { ApiHarness } from './harness.js';
import { playlistUris } from './hls-fixture.js';

export interface Started {
  sessionId: string;
  manifestUrl: string;
  expiresAt: string;
  hardExpiresAt: string;
}

export async function startPlayback(api: ApiHarness, accessToken: string, videoId: string): Promise<Started> {
  const res = await api.http.post(`/videos/${videoId}/playback`).set('Authorization', `Bearer ${accessToken}`);
  if (res.status !== 201) throw new Error(`playback start failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Started;
}

/** Absolute path of a URI found in the playlist at `base` (both root-relative). */
export function resolveUri(base: string, uri: string): string {
  const url = new URL(uri, `http://x${base}`);
  return `${url.pathname}${url.search}`;
}

export interface PlayerView {
  master: string;
  /** variant playlist path by rendition */
  variants: Map<string, string>;
  /** every signed URL of every variant playlist, by resource name */
  urls: Map<string, string>;
}

/** Fetches the master and every variant playlist, as a player does before it plays. */
export async function followPlaylists(api: ApiHarness, manifestUrl: string): Promise<PlayerView> {
  const master = await api.http.get(manifestUrl).buffer(true);
  if (master.status !== 200) throw new Error(`manifest: ${master.status} ${master.text}`);
  const variants = new Map<string, string>();
  const urls = new Map<string, string>();
  for (const uri of playlistUris(master.text)) {
    const path = resolveUri(manifestUrl, uri);
    const name = path.split('?')[0]!.split('/').pop()!;
    variants.set(name.replace(/\.m3u8$/, ''), path);
    const variant = await api.http.get(path).buffer(true);
    if (variant.status !== 200) throw new Error(`playlist ${name}: ${variant.status} ${variant.text}`);
    for (const inner of playlistUris(variant.text)) {
      const innerPath = resolveUri(path, inner);
      urls.set(innerPath.split('?')[0]!.split('/').pop()!, innerPath);
    }
  }
  return { master: master.text, variants, urls };
}

export function tokenOf(path: string): string {
  return new URL(path, 'http://x').searchParams.get('token')!;
}

/** A GET sent exactly as written: no normalisation of `..`, no re-encoding. */
export function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every entry handed to the app's audit sink from now on (the sink still receives them). */
export function watchAudit(api: ApiHarness): AccessLogEntry[] {
  const sink = api.app.get(AuditSink);
  const entries: AccessLogEntry[] = [];
  const record = sink.record.bind(sink);
  vi.spyOn(sink, 'record').mockImplementation((entry: AccessLogEntry) => {
    entries.push(entry);
    return record(entry);
  });
  return entries;
}

/** Binary bodies as Buffers with supertest. */
export function binary(res: unknown, done: (error: Error | null, body: Buffer) => void): void {
  // superagent hands its Node parsers the raw IncomingMessage.
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
