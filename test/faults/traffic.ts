// Client side of the streaming fault tests: a viewer's playback session and every tokenised URL
// its playlists hand out, and a recorder that sends requests each with its own X-Request-Id and
// a client time limit, keeping what came back (or that nothing did) for the assertions.
import { randomBytes } from 'node:crypto';
import type { ApiClient } from './processes.js';

export interface PlaybackUrls {
  sessionId: string;
  manifest: string;
  /** variant playlists */
  playlists: string[];
  /** init and media segments */
  segments: string[];
}

/** The URIs of a playlist (lines and URI="…" attributes), resolved against its own URL. */
export function urisOf(playlist: string, base: string): string[] {
  const uris: string[] = [];
  for (const line of playlist.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    if (!line.startsWith('#')) uris.push(line);
    else for (const match of line.matchAll(/URI="([^"]+)"/g)) uris.push(match[1]!);
  }
  return uris.map((uri) => new URL(uri, base).toString());
}

async function text(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${new URL(url).pathname}: ${res.status} ${body}`);
  return body;
}

/** Starts a playback session as the viewer and collects the URLs a player would fetch. */
export async function startPlayback(client: ApiClient, viewerToken: string, videoId: string): Promise<PlaybackUrls> {
  const started = await client.call<{ sessionId: string; manifestUrl: string }>(`/videos/${videoId}/playback`, {
    method: 'POST',
    token: viewerToken,
  });
  if (started.status !== 201) throw new Error(`playback start: ${started.status} ${JSON.stringify(started.body)}`);
  const manifest = new URL(started.body.manifestUrl, client.url).toString();
  const playlists = urisOf(await text(manifest), manifest);
  const segments: string[] = [];
  for (const playlist of playlists) {
    segments.push(
      ...urisOf(await text(playlist), playlist).filter((uri) => /\.(m4s|mp4|ts)$/.test(new URL(uri).pathname)),
    );
  }
  return { sessionId: started.body.sessionId, manifest, playlists, segments };
}

export interface Outcome {
  readonly requestId: string;
  readonly kind: string;
  readonly phase: string;
  /** null: no response at all (see `error`) */
  readonly status: number | null;
  /** 'timeout' when the client limit was hit, else the transport error; null with a response */
  readonly error: string | null;
  /** the body of a refusal (status ≥ 400), cut to 2,000 characters */
  readonly body: string | null;
}

/** Sends requests with their own request ids and a client time limit, and keeps every outcome. */
export class Traffic {
  readonly outcomes: Outcome[] = [];
  /** Label stored with each outcome (before, down, after …). */
  phase = 'before';
  private seq = 0;
  private readonly prefix = `fault-${randomBytes(4).toString('hex')}`;

  constructor(private readonly timeoutMs: number) {}

  async send(kind: string, url: string, init: RequestInit = {}): Promise<Outcome> {
    this.seq += 1;
    const requestId = `${this.prefix}-${this.seq}`;
    const phase = this.phase;
    const headers = new Headers(init.headers);
    headers.set('x-request-id', requestId);
    let outcome: Outcome;
    try {
      const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(this.timeoutMs) });
      const bytes = Buffer.from(await res.arrayBuffer());
      outcome = {
        requestId,
        kind,
        phase,
        status: res.status,
        error: null,
        body: res.status >= 400 ? bytes.toString('utf8').slice(0, 2000) : null,
      };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      const timedOut = e.name === 'TimeoutError' || e.cause?.code === 'UND_ERR_HEADERS_TIMEOUT';
      outcome = {
        requestId,
        kind,
        phase,
        status: null,
        error: timedOut ? 'timeout' : `${e.cause?.code ?? e.name}: ${e.cause?.message ?? e.message}`,
        body: null,
      };
    }
    this.outcomes.push(outcome);
    return outcome;
  }
}

/** Runs `next()`'s tasks with `concurrency` at a time until it returns null. */
export async function runConcurrently(concurrency: number, next: () => (() => Promise<unknown>) | null): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let task = next(); task; task = next()) await task();
    }),
  );
}

/** Counts per status (or transport error) for messages and the report. */
export function tally(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = `${o.kind}:${o.status ?? o.error?.split(':')[0] ?? 'none'}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
