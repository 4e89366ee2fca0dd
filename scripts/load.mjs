// `npm run load`: simulated viewers (token-following HLS clients with a player's pacing) watch
// published videos against one API and one worker on loopback while an admin uploads another.
// Prints failed requests, audit rows against requests served, segment latency percentiles and
// the API's RSS over the run; exits 1 when a request failed or an audit row is missing.
// LOAD_VIEWERS (200), LOAD_VIDEOS (3), LOAD_DURATION_SEC (120) size the run.
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { fmt, freePort, rssMiB, say, scratchDatabase, startNode, stop, tempDir } from './bench/lib.mjs';

const VIEWERS = Number(process.env.LOAD_VIEWERS ?? 200);
const VIDEOS = Number(process.env.LOAD_VIDEOS ?? 3);
const DURATION_SEC = Number(process.env.LOAD_DURATION_SEC ?? 120);
const SEGMENT_SEC = 4;
const BUFFER_AHEAD_SEC = 30; // what video.js keeps buffered ahead of the play head

const work = tempDir('reelguard-load-');
const [s3Port, apiPort] = [await freePort(), await freePort()];
const db = await scratchDatabase();
const admin = { email: 'load-admin@reelguard.local', password: 'load-admin-password-long' };
const env = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  PORT: String(apiPort),
  DATABASE_URL: db.url,
  S3_EMBEDDED_DIR: join(work.dir, 's3'),
  S3_EMBEDDED_PORT: String(s3Port),
  WORK_DIR: join(work.dir, 'transcode'),
  S3_BUCKET: 'load',
  REDIS_PREFIX: `load${Date.now().toString(36)}`,
  REELGUARD_ADMIN_EMAIL: admin.email,
  REELGUARD_ADMIN_PASSWORD: admin.password,
  HLS_SEGMENT_SEC: String(SEGMENT_SEC),
};
const base = `http://127.0.0.1:${apiPort}`;

function generate(name, seconds, size) {
  const file = join(work.dir, name);
  execFileSync('ffmpeg', [
    ...['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', String(seconds)],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file],
  ]);
  return file;
}

let requestCounter = 0;
const counts = { requests: 0, failed: 0, byStatus: new Map() };
const segmentLatencies = [];
const failures = [];

/** One request as a player sends it, with its own request id; records status and latency. */
async function call(path, { method = 'GET', token, body, kind = 'other', allow = [] } = {}) {
  const requestId = `load-${String(++requestCounter).padStart(8, '0')}`;
  const headers = { 'x-request-id': requestId, 'user-agent': 'reelguard-load/1.0' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  const started = performance.now();
  let status = 0;
  let payload = null;
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    status = res.status;
    payload = kind === 'segment' ? Buffer.from(await res.arrayBuffer()) : await res.text();
  } catch (error) {
    failures.push(`${method} ${path.split('?')[0]}: ${error.name}`);
  }
  const ms = performance.now() - started;
  counts.requests += 1;
  counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
  if (status < 200 || status >= 300) {
    if (!allow.includes(status)) {
      counts.failed += 1;
      if (status) failures.push(`${method} ${path.split('?')[0]}: ${status} ${String(payload).slice(0, 120)}`);
    }
  } else if (kind === 'segment') segmentLatencies.push(ms);
  return { status, payload };
}

const resolve = (from, uri) => {
  const url = new URL(uri, `http://x${from}`);
  return `${url.pathname}${url.search}`;
};

/** A viewer: signs in, starts a session, follows the playlists and plays at real time, looping. */
async function viewer(account, videoId, deadline, pick) {
  const login = await call('/auth/login', { method: 'POST', body: account });
  const { accessToken } = JSON.parse(login.payload);
  while (Date.now() < deadline) {
    const started = await call(`/videos/${videoId}/playback`, { method: 'POST', token: accessToken });
    if (started.status !== 201) return;
    const session = JSON.parse(started.payload);
    const master = await call(session.manifestUrl);
    const variants = master.payload.split('\n').filter((line) => line && !line.startsWith('#'));
    const variantPath = resolve(session.manifestUrl, variants[pick % variants.length]);
    const variant = await call(variantPath);
    const text = variant.payload;
    const keys = [...text.matchAll(/#EXT-X-KEY:[^\n]*URI="([^"]+)"/g)].map((m) => resolve(variantPath, m[1]));
    const init = [...text.matchAll(/#EXT-X-MAP:URI="([^"]+)"/g)].map((m) => resolve(variantPath, m[1]));
    const segments = text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((uri) => resolve(variantPath, uri));
    for (const key of new Set(keys)) await call(key);
    for (const path of init) await call(path, { kind: 'segment' });
    // Play: fetch ahead until BUFFER_AHEAD_SEC is buffered, then one segment per segment duration.
    const playStarted = Date.now();
    let lastHeartbeat = Date.now();
    for (let i = 0; i < segments.length && Date.now() < deadline; i += 1) {
      const bufferedUntil = i * SEGMENT_SEC;
      const playHead = (Date.now() - playStarted) / 1000;
      if (bufferedUntil - playHead > BUFFER_AHEAD_SEC)
        await new Promise((r) => setTimeout(r, (bufferedUntil - playHead - BUFFER_AHEAD_SEC) * 1000));
      await call(segments[i], { kind: 'segment' });
      if (Date.now() - lastHeartbeat > 30_000) {
        await call(`/playback-sessions/${session.sessionId}/heartbeat`, { method: 'POST', token: accessToken });
        lastHeartbeat = Date.now();
      }
    }
    // Watch to the end of what is buffered, then close the session as the page does on leaving.
    const remaining = segments.length * SEGMENT_SEC - (Date.now() - playStarted) / 1000;
    if (remaining > 0) await new Promise((r) => setTimeout(r, Math.min(remaining * 1000, deadline - Date.now())));
    await call(`/playback-sessions/${session.sessionId}`, { method: 'DELETE', token: accessToken, allow: [204] });
  }
}

async function waitReady(token, id) {
  for (;;) {
    const res = await fetch(`${base}/videos/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const video = await res.json();
    if (video.status === 'ready' && video.progress === 100) return video;
    if (video.status === 'failed') throw new Error(`video ${id} failed: ${video.error}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function upload(token, file, title) {
  // FFmpeg ran synchronously: let the HTTP client see the sockets the API closed meanwhile.
  await new Promise((r) => setTimeout(r, 200));
  const form = new FormData();
  form.set('title', title);
  form.set('file', new Blob([readFileSync(file)]), 'source.mp4');
  const res = await fetch(`${base}/videos/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  return (await res.json()).id;
}

const s3 = await startNode('libs/storage/dist/embedded-server-main.js', env, (l) => l.includes('"ready"'), 's3');
const api = await startNode('apps/api/dist/main.js', env, (l) => l.includes('listening'), 'api');
const worker = await startNode('apps/worker/dist/main.js', env, (l) => l.includes('worker running'), 'worker');
let apiErrors = '';
api.stderr.on('data', (chunk) => (apiErrors = (apiErrors + chunk.toString()).slice(-4000)));
api.on('exit', (code, signal) => {
  if (!stopping) say(`the API stopped during the run (${signal ?? `exit code ${code}`}):\n${apiErrors}`);
});
let stopping = false;
let exitCode = 0;
try {
  const adminToken = (
    await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    }).then((r) => r.json())
  ).accessToken;

  say(`preparing ${VIDEOS} videos of 60 s (640x360) and ${VIEWERS} viewer accounts…`);
  const videoIds = [];
  for (let v = 0; v < VIDEOS; v += 1) {
    const id = await upload(adminToken, generate(`v${v}.mp4`, 60, '640x360'), `Load ${v + 1}`);
    await waitReady(adminToken, id);
    await fetch(`${base}/videos/${id}/publish`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
    videoIds.push(id);
  }
  const accounts = [];
  for (let i = 0; i < VIEWERS; i += 1) {
    const account = { email: `viewer${i}@load.reelguard.local`, password: `load-viewer-${i}-secret-words` };
    const res = await fetch(`${base}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...account, role: 'viewer' }),
    });
    if (res.status !== 201) throw new Error(`creating a viewer answered ${res.status}: ${await res.text()}`);
    accounts.push(account);
  }
  const adminSource = generate('admin-upload.mp4', 30, '1280x720');

  // Let the API settle after the set-up, then run.
  await new Promise((r) => setTimeout(r, 2000));
  const rss = [{ t: 0, mib: rssMiB(api.pid) }];
  const runStarted = Date.now();
  const sampler = setInterval(() => {
    if (api.exitCode === null && api.signalCode === null)
      rss.push({ t: (Date.now() - runStarted) / 1000, mib: rssMiB(api.pid) });
  }, 10_000);
  const deadline = runStarted + DURATION_SEC * 1000;
  say(`running ${VIEWERS} viewers on ${VIDEOS} videos for ${DURATION_SEC} s while an admin uploads…`);
  const adminUpload = (async () => {
    await new Promise((r) => setTimeout(r, 5000));
    const id = await upload(adminToken, adminSource, 'Uploaded under load');
    await waitReady(adminToken, id);
    return (Date.now() - runStarted) / 1000;
  })();
  // Viewers join over the first 10 s, as an audience does.
  await Promise.all(
    accounts.map(async (account, i) => {
      await new Promise((r) => setTimeout(r, (i / VIEWERS) * 10_000));
      await viewer(account, videoIds[i % VIDEOS], deadline, i);
    }),
  );
  clearInterval(sampler);
  rss.push({ t: (Date.now() - runStarted) / 1000, mib: rssMiB(api.pid) });
  const uploadReadyAt = await adminUpload;

  // Every request the viewers sent carries a request id starting with "load-": count their entries.
  stopping = true;
  await stop(api);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query(
    "SELECT count(*)::int AS n, count(DISTINCT request_id)::int AS distinct_ids FROM access_logs WHERE request_id LIKE 'load-%'",
  );
  const byAction = await client.query(
    "SELECT action, count(*)::int AS n FROM access_logs WHERE request_id LIKE 'load-%' GROUP BY action ORDER BY action",
  );
  await client.end();

  const sorted = segmentLatencies.sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  say(`requests: ${counts.requests}, failed: ${counts.failed}`);
  say(`by status: ${JSON.stringify(Object.fromEntries(counts.byStatus))}`);
  for (const failure of failures.slice(0, 10)) say(`  failure: ${failure}`);
  say(
    `segments served: ${sorted.length}; latency p50 ${fmt(pct(50))} ms, p99 ${fmt(pct(99))} ms, max ${fmt(pct(100))} ms`,
  );
  say(
    `audit rows for these requests: ${rows[0].n} (${rows[0].distinct_ids} distinct request ids) for ${counts.requests} requests`,
  );
  say(`audit rows by action: ${byAction.rows.map((r) => `${r.action}=${r.n}`).join(', ')}`);
  say(`admin upload under load: ready ${fmt(uploadReadyAt)} s into the run`);
  say(`API RSS (MiB) over the run: ${rss.map((s) => `${fmt(s.t, 0)}s=${fmt(s.mib)}`).join(', ')}`);
  const rssGrowthMiB = rss.at(-1).mib - rss[0].mib;
  const summary = {
    viewers: VIEWERS,
    requests: counts.requests,
    failed: counts.failed,
    auditRows: rows[0].n,
    p99SegmentMs: fmt(pct(99)),
    rssStartMiB: fmt(rss[0].mib),
    rssEndMiB: fmt(rss.at(-1).mib),
    rssGrowthMiB: fmt(rssGrowthMiB),
  };
  if (counts.failed > 0 || rows[0].n !== counts.requests || rows[0].distinct_ids !== counts.requests) exitCode = 1;
  say(JSON.stringify(summary));
} finally {
  stopping = true;
  await stop(worker);
  await stop(api);
  await stop(s3);
  await db.drop();
  work.remove();
}
process.exit(exitCode);
