// Test doubles for the playback controller: a manual clock, a scripted Reelguard API reached
// through a fake `fetch`, and a player that records what it was told to do.
import type { LoadRequest, PlayerPort, Scheduler } from './types';

/** Lets pending promises (fetch bodies included) run to completion. */
export async function settle(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class ManualScheduler implements Scheduler {
  private time = 1_700_000_000_000;
  private nextId = 0;
  private readonly tasks = new Map<number, { intervalMs: number; due: number; task: () => void }>();

  now(): number {
    return this.time;
  }

  every(intervalMs: number, task: () => void): () => void {
    const id = (this.nextId += 1);
    this.tasks.set(id, { intervalMs, due: this.time + intervalMs, task });
    return () => this.tasks.delete(id);
  }

  get activeTimers(): number {
    return this.tasks.size;
  }

  /** Moves the clock forward, running each task when it falls due and settling after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.tasks.values()].filter((entry) => entry.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!due) break;
      this.time = due.due;
      due.due += due.intervalMs;
      due.task();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

export interface RecordedCall {
  method: string;
  path: string;
  authorization: string | null;
  keepalive: boolean;
}

/**
 * A scripted API: each route answers with the status currently set for it. Deadlines follow
 * the given clock: a session's idle deadline is `idleMs` after its start or last heartbeat.
 */
export class FakeReelguardApi {
  readonly calls: RecordedCall[] = [];
  idleMs = 120_000;
  hardCapMs = 4 * 3600_000;
  startStatus = 201;
  heartbeatStatus = 200;
  /** The `reason` a refused heartbeat's body gives; none, as from an API that sends none, by default. */
  heartbeatReason: string | undefined = undefined;
  videoStatus = 200;
  heartbeatNetworkDown = false;
  private sessions = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** The fake `fetch`: answers asynchronously, like the real one. */
  readonly fetch = (input: string, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve) => resolve(this.respond(input, init)));

  private respond(input: string, init: RequestInit): Response {
    const method = (init.method ?? 'GET').toUpperCase();
    const url = new URL(input, 'http://viewer.test');
    const headers = new Headers(init.headers);
    this.calls.push({
      method,
      path: url.pathname,
      authorization: headers.get('Authorization'),
      keepalive: init.keepalive === true,
    });
    if (method === 'POST' && /^\/videos\/[^/]+\/playback$/.test(url.pathname)) {
      if (this.startStatus !== 201) return errorResponse(this.startStatus);
      this.sessions += 1;
      return json(201, {
        sessionId: `s${this.sessions}`,
        manifestUrl: `/videos/v1/manifest.m3u8?token=t${this.sessions}`,
        expiresAt: new Date(this.now() + this.idleMs).toISOString(),
        hardExpiresAt: new Date(this.now() + this.hardCapMs).toISOString(),
      });
    }
    if (method === 'POST' && /^\/playback-sessions\/[^/]+\/heartbeat$/.test(url.pathname)) {
      if (this.heartbeatNetworkDown) throw new TypeError('Failed to fetch');
      if (this.heartbeatStatus !== 200) return errorResponse(this.heartbeatStatus, this.heartbeatReason);
      return json(200, { expiresAt: new Date(this.now() + this.idleMs).toISOString() });
    }
    if (method === 'DELETE' && /^\/playback-sessions\/[^/]+$/.test(url.pathname)) {
      return new Response(null, { status: 204 });
    }
    if (method === 'GET' && /^\/videos\/[^/]+$/.test(url.pathname)) {
      if (this.videoStatus !== 200) return errorResponse(this.videoStatus);
      return json(200, { id: 'v1', title: 'Video' });
    }
    return errorResponse(404);
  }

  count(method: string, pattern: RegExp): number {
    return this.calls.filter((call) => call.method === method && pattern.test(call.path)).length;
  }

  get playbackStarts(): number {
    return this.count('POST', /\/playback$/);
  }

  get heartbeats(): number {
    return this.count('POST', /\/heartbeat$/);
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function errorResponse(status: number, reason?: string): Response {
  return json(status, { statusCode: status, error: 'Refused', message: `refused with ${status}`, reason });
}

export class FakePlayer implements PlayerPort {
  readonly loads: LoadRequest[] = [];
  position = 0;
  paused = true;
  halted = false;

  currentTime(): number {
    return this.position;
  }

  isPaused(): boolean {
    return this.paused;
  }

  load(request: LoadRequest): void {
    this.loads.push(request);
    // A new source starts at 0 until it has loaded and sought back.
    this.position = 0;
  }

  halt(): void {
    this.halted = true;
    this.paused = true;
  }

  get lastLoad(): LoadRequest {
    const last = this.loads.at(-1);
    if (!last) throw new Error('nothing was loaded');
    return last;
  }
}
