// Faults on the API's side, each against real processes started from dist/: PostgreSQL stopped
// for 10 s under streaming load (a private cluster, so the shared server is never touched),
// object storage killed during an upload and during a transcode, and SIGTERM in the middle of a
// burst of audited requests. Each asserts the safe outcome: a clear 503 and no hang, recovery
// without help, nothing half-written left visible, and no audit entry lost or doubled.
import { request as httpRequest } from 'node:http';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabaseQuietly, generateTestVideo, testDatabaseUrl, type GeneratedMedia } from '@reelguard/testing';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { cleanUpInTurn, prepareDeployment, sleep, waitUntil, type Deployment, type Proc } from './processes.js';
import { runConcurrently, startPlayback, tally, Traffic, type Outcome, type PlaybackUrls } from './traffic.js';
import { assertConsistentHls, ffmpegRunningIn } from './storage-checks.js';

/** What a 5xx body must never carry: stack frames, file paths, SQL, driver codes, addresses. */
const LEAK =
  /\bat [\w.<>]+ \(|\.(ts|js|mjs)\b|\/(usr|tmp|home|work|var)\/|\b(select|insert|update)\b.+\b(from|into|set)\b|ECONN|57P0|postgres|pg_|s3rver|127\.0\.0\.1|localhost|videos\/[\w-]{10,}\//i;

function expectCleanUnavailable(outcome: Pick<Outcome, 'status' | 'body' | 'requestId' | 'kind'>) {
  expect(outcome.status, `${outcome.kind} ${outcome.requestId}`).toBe(503);
  const body = JSON.parse(outcome.body ?? 'null') as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
  expect(body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
  expect(String(body.message)).toMatch(/unavailable.*try .*again/i);
  expect(String(body.message)).not.toMatch(LEAK);
}

/** request id → number of access_logs rows carrying it. */
async function auditCounts(databaseUrl: string, requestIds: string[]): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ request_id: string; n: number }>(
      'SELECT request_id, count(*)::int AS n FROM access_logs WHERE request_id = ANY($1) GROUP BY request_id',
      [requestIds],
    );
    return new Map(rows.map((r) => [r.request_id, r.n]));
  } finally {
    await client.end();
  }
}

/** Waits until every answered request has its entry (the writer flushes in batches), then returns the counts. */
async function settledAuditCounts(databaseUrl: string, answered: Outcome[]): Promise<Map<string, number>> {
  const ids = answered.map((o) => o.requestId);
  let counts = new Map<string, number>();
  await waitUntil(
    async () => {
      counts = await auditCounts(databaseUrl, ids);
      return ids.every((id) => counts.has(id));
    },
    'every answered request reaching access_logs',
    60_000,
  ).catch(() => undefined);
  // A flush window more, so a late duplicate would show too.
  await sleep(1500);
  return auditCounts(databaseUrl, ids);
}

function auditProblems(answered: Outcome[], counts: Map<string, number>) {
  const missing = answered.filter((o) => !counts.has(o.requestId));
  const doubled = answered.filter((o) => (counts.get(o.requestId) ?? 0) > 1);
  return {
    missing: missing.length,
    doubled: doubled.length,
    examples: [...missing, ...doubled].slice(0, 5).map((o) => `${o.kind} ${o.phase} ${o.status} ${o.requestId}`),
  };
}

describe('PostgreSQL down for 10 s under streaming load', () => {
  let postgres: PrivatePostgres;
  let deployment: Deployment;
  let media: GeneratedMedia;
  let viewerToken: string;
  let playback: PlaybackUrls;
  const databaseUrl = () => postgres.url('reelguard_fault');

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    deployment = await prepareDeployment(databaseUrl());
    await deployment.startS3();
    await deployment.startApi({ LOG_LEVEL: 'warn' });
    await deployment.startWorker();
    media = await generateTestVideo({ durationSec: 8 });
    const id = await deployment.client.publishedVideo(media.path, deployment.output);
    viewerToken = (await deployment.client.createViewer()).token;
    playback = await startPlayback(deployment.client, viewerToken, id);
  }, 400_000);

  afterAll(
    () =>
      cleanUpInTurn(
        () => deployment?.stop(),
        () => media?.remove(),
        () => postgres?.destroy(),
      ),
    120_000,
  );

  it('answers 503 quickly while it is down, recovers by itself, and loses no audit entry', async () => {
    const { url } = deployment;
    expect(playback.segments.length).toBeGreaterThan(2);
    const traffic = new Traffic(8000);
    const health: {
      phase: string;
      status: number | null;
      body: { checks?: { database?: string }; message?: string } | null;
    }[] = [];
    let running = true;
    let n = 0;

    const next = (): (() => Promise<unknown>) | null => {
      if (!running) return null;
      n += 1;
      const pace = () => sleep(25);
      if (n % 20 === 0)
        return async () => {
          await traffic.send('heartbeat', `${url}/playback-sessions/${playback.sessionId}/heartbeat`, {
            method: 'POST',
            headers: { authorization: `Bearer ${viewerToken}` },
          });
          await pace();
        };
      if (n % 7 === 0)
        return async () => {
          await traffic.send('playlist', playback.playlists[n % playback.playlists.length]!);
          await pace();
        };
      return async () => {
        await traffic.send('segment', playback.segments[n % playback.segments.length]!);
        await pace();
      };
    };
    const load = runConcurrently(6, next);
    const watcher = (async () => {
      while (running) {
        const phase = traffic.phase;
        try {
          const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(8000) });
          health.push({ phase, status: res.status, body: (await res.json()) as (typeof health)[number]['body'] });
        } catch (error) {
          health.push({ phase, status: null, body: { message: String(error) } });
        }
        await sleep(400);
      }
    })();

    await sleep(3000);
    traffic.phase = 'stopping';
    await postgres.stop();
    traffic.phase = 'down';
    await sleep(10_000);
    traffic.phase = 'starting';
    await postgres.start();
    traffic.phase = 'back';
    await waitUntil(
      () => health.at(-1)?.status === 200 && health.at(-1)?.phase === 'back',
      '/health returning to ok',
      60_000,
      () => `${JSON.stringify(health.slice(-3))}\n${deployment.output()}`,
    );
    traffic.phase = 'recovered';
    await sleep(3000);
    running = false;
    await Promise.all([load, watcher]);

    const outcomes = traffic.outcomes;
    const counts = tally(outcomes);
    console.log(`PostgreSQL outage: ${outcomes.length} requests`, counts);
    // No request hung or lost its connection: every one has an answer within the client limit.
    expect(outcomes.filter((o) => o.status === null).map((o) => `${o.kind} ${o.phase} ${o.error}`)).toEqual([]);
    expect(health.filter((h) => h.status === null)).toEqual([]);
    // Failures are 503 with a clear message, never a 500 or a leak.
    const failures = outcomes.filter((o) => o.status! >= 500);
    expect(failures.filter((o) => o.status !== 503).map((o) => `${o.kind} ${o.status} ${o.body}`)).toEqual([]);
    for (const failure of failures) expectCleanUnavailable(failure);
    // While down: segments and playlists need no database and keep being served; heartbeats
    // need it and say so; /health names the database.
    const downStreaming = outcomes.filter((o) => o.phase === 'down' && o.kind !== 'heartbeat');
    expect(downStreaming.length).toBeGreaterThan(0);
    expect(downStreaming.filter((o) => o.status !== 200).map((o) => `${o.kind} ${o.status} ${o.body}`)).toEqual([]);
    const downHeartbeats = outcomes.filter((o) => o.phase === 'down' && o.kind === 'heartbeat');
    expect(downHeartbeats.length).toBeGreaterThan(0);
    for (const heartbeat of downHeartbeats) {
      expectCleanUnavailable(heartbeat);
      expect(JSON.parse(heartbeat.body!).message).toBe('The database is unavailable right now; try again in a moment.');
    }
    const downHealth = health.filter((h) => h.phase === 'down');
    expect(downHealth.length).toBeGreaterThan(0);
    for (const h of downHealth) {
      expect(h.status).toBe(503);
      expect(h.body?.checks?.database).toBe('down');
      expect(h.body?.message).toMatch(/database/);
    }
    // Back by itself: everything after /health said ok succeeds.
    const recovered = outcomes.filter((o) => o.phase === 'recovered');
    for (const kind of ['segment', 'playlist', 'heartbeat'])
      expect(recovered.filter((o) => o.kind === kind).length, kind).toBeGreaterThan(0);
    expect(recovered.filter((o) => o.status !== 200).map((o) => `${o.kind} ${o.status} ${o.body}`)).toEqual([]);

    // Every answered 2xx/4xx request has exactly one entry: the writer's queue held them.
    const answered = outcomes.filter((o) => o.status !== null && o.status < 500);
    const audit = await settledAuditCounts(databaseUrl(), answered);
    const problems = auditProblems(answered, audit);
    console.log(
      `audited while down: ${outcomes.filter((o) => o.phase === 'down' && o.status! < 500).length} answered requests; ` +
        `entries found for ${audit.size}/${answered.length}`,
    );
    expect(problems).toEqual({ missing: 0, doubled: 0, examples: [] });
  }, 600_000);
});

describe('object storage unreachable', () => {
  const databaseUrl = testDatabaseUrl('reelguard_fault');
  let deployment: Deployment;
  let s3: Proc;
  let worker: Proc;
  let sample: GeneratedMedia;

  beforeAll(async () => {
    deployment = await prepareDeployment(databaseUrl);
    s3 = await deployment.startS3();
    await deployment.startApi({ LOG_LEVEL: 'warn' });
    worker = await deployment.startWorker();
    sample = await generateTestVideo({ durationSec: 16, width: 640, height: 360 });
  }, 300_000);

  afterAll(
    () =>
      cleanUpInTurn(
        () => deployment?.stop(),
        () => sample?.remove(),
        () => dropDatabaseQuietly(databaseUrl),
      ),
    120_000,
  );

  async function rowCounts() {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const videos = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM videos');
      const events = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
      return { videos: videos.rows[0]!.n, events: events.rows[0]!.n };
    } finally {
      await client.end();
    }
  }

  it('refuses an upload with a clear 503 when storage dies mid-stream, leaving no object, row or event', async () => {
    const before = await rowCounts();
    expect(before.videos).toBe(0);
    const token = await deployment.client.login();
    const head = await readFile(sample.path);
    const boundary = 'reelguard-fault-boundary';
    const preamble = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nstorage dies\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(256 * 1024, 7);
    const fileBytes = 96 * 1024 * 1024;
    const killAt = 16 * 1024 * 1024;
    const target = new URL('/videos/upload', deployment.url);

    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(preamble.length + fileBytes + epilogue.length),
        },
      });
      let answered = false;
      const timer = setTimeout(() => reject(new Error('the upload got no answer within 90 s')), 90_000);
      req.on('response', (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (text: string) => (body += text));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('error', (error) => {
        if (!answered) {
          clearTimeout(timer);
          reject(error);
        }
      });
      void (async () => {
        const write = (bytes: Buffer) =>
          new Promise<void>((done) => (req.write(bytes) ? done() : req.once('drain', () => done())));
        await write(preamble);
        await write(head);
        let sent = head.length;
        while (sent < fileBytes && !answered && !req.destroyed) {
          const piece = chunk.subarray(0, Math.min(chunk.length, fileBytes - sent));
          await write(piece);
          sent += piece.length;
          if (sent >= killAt && s3.running()) await s3.kill();
        }
        if (!answered && !req.destroyed) req.end(epilogue);
      })();
    });

    console.log(`upload with storage killed after ${killAt / 1024 / 1024} MiB: ${response.status} ${response.body}`);
    expectCleanUnavailable({ status: response.status, body: response.body, requestId: '-', kind: 'upload' });
    expect(JSON.parse(response.body).message).toMatch(/storage/i);

    s3 = await deployment.startS3();
    expect(await deployment.storage.list('videos/')).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    // The API recovered by itself: the same kind of upload goes through now.
    const id = await deployment.client.upload(sample.path);
    expect((await deployment.client.video(id)).status).not.toBe('failed');
    await deployment.client.waitForVideo(
      id,
      (v) => v.status === 'failed' || v.progress === 100,
      240_000,
      deployment.output,
    );
  }, 600_000);

  it('retries a transcode with backoff when storage dies mid-encode, and ends ready with nothing half-written', async () => {
    const id = await deployment.client.upload(sample.path);
    const prefix = `videos/${id}/hls/`;
    // Storage goes away once the publisher has stored its first segments.
    await waitUntil(
      async () => (await deployment.storage.list(prefix)).some((o) => o.key.endsWith('.m4s')),
      'the first published segment',
      180_000,
      deployment.output,
    );
    await s3.kill();
    const failedAttempt = /attempt 1\/\d+ failed/;
    await waitUntil(() => failedAttempt.test(worker.output()), 'the first attempt failing', 120_000, deployment.output);
    // Nothing of the failed attempt keeps running, and it is not recorded as bad input.
    await waitUntil(
      async () => (await ffmpegRunningIn(deployment.workDir)).length === 0,
      "the failed attempt's FFmpeg ending",
      10_000,
    );
    const during = await deployment.client.video(id);
    expect(during.status).not.toBe('failed');
    expect((await deployment.client.events(id)).map((e) => e.type)).not.toContain('TranscodeFailed');

    s3 = await deployment.startS3();
    // What the dead attempt left is consistent: every playlist names only stored objects.
    await assertConsistentHls(deployment.storage, prefix, { complete: false });
    const done = await deployment.client.waitForVideo(
      id,
      (v) => v.status === 'failed' || (v.status === 'ready' && v.progress === 100),
      300_000,
      deployment.output,
    );
    expect(done.status).toBe('ready');

    const events = await deployment.client.events(id);
    expect(events.map((e) => e.type)).not.toContain('TranscodeFailed');
    const starts = events.filter((e) => e.type === 'TranscodeStarted');
    expect(starts.length).toBeGreaterThanOrEqual(2);
    // Bull's exponential backoff (first delay 5 s) separates the attempts.
    const gapMs = Date.parse(starts[1]!.occurredAt) - Date.parse(starts[0]!.occurredAt);
    console.log(`transcode retried after ${gapMs} ms; ${starts.length} attempts`);
    expect(gapMs).toBeGreaterThanOrEqual(5000);
    await assertConsistentHls(deployment.storage, prefix, { complete: true });
  }, 600_000);
});

describe('SIGTERM during a burst of 10,000 audited requests', () => {
  const databaseUrl = testDatabaseUrl('reelguard_fault');
  let deployment: Deployment;
  let media: GeneratedMedia;
  let api: Proc;
  let playback: PlaybackUrls;

  beforeAll(async () => {
    deployment = await prepareDeployment(databaseUrl);
    await deployment.startS3();
    // The burst sends no heartbeats: the session must outlive it however slow the machine is.
    api = await deployment.startApi({ LOG_LEVEL: 'warn', PLAYBACK_IDLE_SEC: '3600' });
    const worker = await deployment.startWorker();
    media = await generateTestVideo({ durationSec: 8 });
    const id = await deployment.client.publishedVideo(media.path, deployment.output);
    await worker.stop();
    const viewer = await deployment.client.createViewer();
    playback = await startPlayback(deployment.client, viewer.token, id);
  }, 400_000);

  afterAll(
    () =>
      cleanUpInTurn(
        () => deployment?.stop(),
        () => media?.remove(),
        () => dropDatabaseQuietly(databaseUrl),
      ),
    120_000,
  );

  it('writes the audit entry of every request that got an answer before the API exits', async () => {
    const traffic = new Traffic(30_000);
    const total = 10_000;
    const signalAfter = 2000;
    let issued = 0;
    let signalled = false;
    const next = () => {
      if (issued >= total) return null;
      issued += 1;
      const url = playback.segments[issued % playback.segments.length]!;
      return async () => {
        await traffic.send('segment', url);
        if (!signalled && traffic.outcomes.length >= signalAfter) {
          signalled = true;
          traffic.phase = 'terminating';
          api.child.kill('SIGTERM');
        }
      };
    };
    await runConcurrently(64, next);
    const exit = await api.exited;
    const outcomes = traffic.outcomes;
    const answered = outcomes.filter((o) => o.status !== null);
    console.log(`SIGTERM burst: ${outcomes.length} requests`, tally(outcomes), {
      answeredAfterSignal: answered.filter((o) => o.phase === 'terminating').length,
      exit,
    });
    // A clean exit: Nest re-raises SIGTERM once its shutdown hooks have run; a crash exits 1.
    expect(exit.code === 0 || exit.signal === 'SIGTERM', JSON.stringify(exit)).toBe(true);
    // The burst straddled the exit: answers before it, refusals of connection after it.
    expect(answered.length).toBeGreaterThanOrEqual(signalAfter);
    expect(outcomes.length - answered.length).toBeGreaterThan(0);
    expect(answered.filter((o) => o.status !== 200).map((o) => `${o.status} ${o.body}`)).toEqual([]);

    const counts = await settledAuditCounts(databaseUrl, answered);
    expect(auditProblems(answered, counts)).toEqual({ missing: 0, doubled: 0, examples: [] });
    expect(api.output()).not.toMatch(/audit entries could not be written|not written/);
  }, 600_000);
});
