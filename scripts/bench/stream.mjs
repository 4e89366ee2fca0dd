// `npm run bench:stream`: guarded segment serving against nginx, in one run. A generated source
// is uploaded through the API and transcoded by the worker into the default ladder; a viewer
// starts a playback session and follows its playlists to one 720p and one 360p media segment.
// Those exact bytes are also put in the root of an nginx on loopback. Then wrk (64 connections)
// loads, for each size: nginx serving the file, the API with the audit trail (token, session
// and audit entry per request, cache warm), a second API instance with the audit trail off, and
// Node's own floor (a bare Node server sending the same bytes by sendfile, no checks).
// Prints every run and the ratios; the last line is one JSON object.
import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  mkdirSync,
  openAsBlob,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { get as httpGet } from 'node:http';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureSystemPackage } from '../ensure.mjs';
import { cpuSec, fmt, freePort, median, say, scratchDatabase, spawnNode, startNode, tempDir } from './lib.mjs';

const DURATION_SEC = Number(process.env.BENCH_STREAM_SECONDS ?? 20);
const ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 3);
const CONNECTIONS = 64;
const THREADS = 2;
const SOURCE_SEC = 12;
const HEARTBEAT_MS = 15_000;
const MB = 1e6;
// nginx runs one worker per core (worker_processes auto); so does the API (API_WORKERS).
const API_WORKERS = availableParallelism();

// ---------------------------------------------------------------------------------------------
// Tools: nginx and wrk, found on PATH or in the sbin folders, else installed with apt-get as root.

function locate(command) {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      /* not here */
    }
  }
  return null;
}

function need(command, pkg, purpose) {
  let path = locate(command);
  if (!path) {
    ensureSystemPackage(command, pkg, purpose, ['-v']);
    path = locate(command);
  }
  if (!path) {
    say(
      `${command} is needed ${purpose}: run this benchmark as root (it installs "${pkg}" with apt-get) or install it first: sudo apt-get install -y ${pkg}`,
    );
    process.exit(1);
  }
  return path;
}

const nginxBin = need('nginx', 'nginx', 'as the static-file baseline');
const wrkBin = need('wrk', 'wrk', 'to generate the load');
const ffmpegBin = need('ffmpeg', 'ffmpeg', 'to make the source video');

/** Stops a child, also one that already ended by a signal (its exitCode is then null). */
function stop(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

const work = tempDir('reelguard-bench-stream-');
const children = [];
const invalid = [];
let stopping = false;
/** The API instances started, whose last output is shown when the benchmark fails. */
const apis = [];
const cleanups = [];

async function json(res, expected, what) {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** Starts an API instance at warn level (no per-request log line, like nginx with access_log off). */
async function startApi(env, name) {
  // BENCH_STREAM_CPU_PROF=<folder>: V8 CPU profiles of the API instances, written as they stop.
  const { child, tail } = spawnNode(
    'apps/api/dist/main.js',
    { ...env, API_WORKERS: String(API_WORKERS), LOG_LEVEL: 'warn' },
    process.env.BENCH_STREAM_CPU_PROF,
  );
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) say(`${name} exited unexpectedly (${code ?? signal}); its last output:\n${tail()}`);
  });
  const base = `http://127.0.0.1:${env.PORT}`;
  for (const started = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${tail()}`);
    if (Date.now() - started > 90_000) throw new Error(`${name} was not healthy within 90 s:\n${tail()}`);
    try {
      if ((await fetch(`${base}/health`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const instance = { child, base, name, tail };
  apis.push(instance);
  return instance;
}

// ---------------------------------------------------------------------------------------------
// wrk, with a Lua `done` hook that prints its counters as JSON (no per-response hook: wrk stays fast).

const wrkScript = join(work.dir, 'report.lua');
writeFileSync(
  wrkScript,
  `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"bytes":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`,
);

/**
 * One sample request, on a connection of its own: the URL must answer 200 with exactly these
 * bytes. (A pooled keep-alive connection left idle since an earlier sample may be the one the
 * server closes at its idle timeout just as the request goes out.)
 */
async function checkSample(url, body, what) {
  const { status, got } = await new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, got: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // A server that died mid-benchmark must fail the run, not hang it.
    req.setTimeout(30_000, () => req.destroy(new Error(`${what}: no answer to a sample request within 30 s`)));
  });
  if (status !== 200 || !got.equals(body)) {
    throw new Error(`${what}: a sample request got HTTP ${status} and ${got.length} bytes, not 200 and the segment`);
  }
}

/** Runs a program to its end without blocking this process (heartbeats keep going meanwhile). */
function runToEnd(program, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A process and its children (nginx's master and workers). */
function processTree(pid) {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return [pid, ...children.map(Number)];
}

/**
 * What the API's own metrics say about a run: the longest event-loop delay of any worker
 * (prom-client resets its delay histogram at every scrape, so a scrape just before the run
 * starts the window) and the garbage collections, by kind, summed over the workers.
 */
async function apiMetrics(base) {
  const headers = process.env.METRICS_TOKEN ? { authorization: `Bearer ${process.env.METRICS_TOKEN}` } : {};
  const res = await fetch(`${base}/metrics`, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`the API's /metrics answered ${res.status}: ${text.slice(0, 200)}`);
  const value = (pattern) => Number(new RegExp(`^${pattern} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const gc = {};
  for (const kind of ['minor', 'major', 'incremental']) {
    gc[kind] = {
      count: value(`reelguard_nodejs_gc_duration_seconds_count\\{kind="${kind}"\\}`) || 0,
      sec: value(`reelguard_nodejs_gc_duration_seconds_sum\\{kind="${kind}"\\}`) || 0,
    };
  }
  return { lagMaxMs: value('reelguard_nodejs_eventloop_lag_max_seconds') * 1000, gc };
}

function describeApiRun(before, after) {
  const gc = ['minor', 'major', 'incremental']
    .map((kind) => {
      const n = after.gc[kind].count - before.gc[kind].count;
      return `${kind} ${n}× ${fmt((after.gc[kind].sec - before.gc[kind].sec) * 1000, 0)} ms`;
    })
    .join(', ');
  return `    API during the run: longest event-loop delay ${fmt(after.lagMaxMs, 1)} ms; garbage collection ${gc}`;
}

async function wrk(label, url, body, serverPids, apiBase = null) {
  await checkSample(url, body, label);
  const metricsBefore = apiBase ? await apiMetrics(apiBase) : null;
  const cpuBefore = cpuSec(serverPids);
  const result = await runToEnd(wrkBin, [
    '-t',
    String(THREADS),
    '-c',
    String(CONNECTIONS),
    '-d',
    `${DURATION_SEC}s`,
    '--timeout',
    '10s',
    '-s',
    wrkScript,
    url,
  ]);
  const line = result.stdout.split('\n').find((l) => l.startsWith('WRKJSON '));
  if (result.status !== 0 || !line) throw new Error(`wrk failed for ${label}:\n${result.stdout}\n${result.stderr}`);
  const r = JSON.parse(line.slice('WRKJSON '.length));
  const cpu = cpuSec(serverPids) - cpuBefore;
  const metricsAfter = apiBase ? await apiMetrics(apiBase) : null;
  await checkSample(url, body, label);
  const sec = r.durationUs / 1e6;
  const run = {
    label,
    requests: r.requests,
    rps: r.requests / sec,
    mbps: r.bytes / MB / sec,
    p50Ms: r.p50 / 1000,
    p99Ms: r.p99 / 1000,
    errors: { connect: r.connect, read: r.read, write: r.write, timeout: r.timeout, non2xx: r.status },
    bytesPerResponse: r.requests ? r.bytes / r.requests : 0,
    // Server CPU per request: steadier than throughput when other work shares the cores.
    cpuUsPerRequest: r.requests ? (cpu * 1e6) / r.requests : 0,
  };
  const errorCount = r.connect + r.read + r.write + r.timeout + r.status;
  say(
    `  ${label.padEnd(34)} ${fmt(run.rps, 0).toString().padStart(6)} req/s ${fmt(run.mbps).toString().padStart(7)} MB/s` +
      `  p50 ${fmt(run.p50Ms, 2)} ms  p99 ${fmt(run.p99Ms, 2)} ms  server CPU ${fmt(run.cpuUsPerRequest, 0)} µs/request` +
      `  (${r.requests} requests, ` +
      `${errorCount === 0 ? 'no errors' : `ERRORS ${JSON.stringify(run.errors)}`})`,
  );
  if (metricsBefore && metricsAfter) say(describeApiRun(metricsBefore, metricsAfter));
  // Every answer must have been a whole segment: headers plus the body at the least. An invalid
  // run is reported and the others still run, but the benchmark then ends without a result.
  if (errorCount > 0 || run.bytesPerResponse < body.length) {
    invalid.push(
      `${label}, ${body.length}-byte segment: ${JSON.stringify(run.errors)}, ${fmt(run.bytesPerResponse, 0)} bytes per response`,
    );
  }
  await new Promise((r) => setTimeout(r, 2000));
  return run;
}

// ---------------------------------------------------------------------------------------------

const db = await scratchDatabase();
const env = {
  NODE_ENV: 'test',
  DATABASE_URL: db.url,
  S3_EMBEDDED_DIR: join(work.dir, 's3'),
  // The worker is stopped once the video is ready (its job may still be running): its work
  // folder goes with this run's own folder.
  WORK_DIR: join(work.dir, 'transcode'),
  S3_EMBEDDED_PORT: String(await freePort()),
  S3_BUCKET: 'bench',
  REDIS_PREFIX: `bench${Date.now().toString(36)}`,
  REELGUARD_ADMIN_EMAIL: 'bench@reelguard.local',
  REELGUARD_ADMIN_PASSWORD: 'bench-password-long-enough',
  // Download deterrence counts distinct segments per session, so re-fetching two segments
  // would not trip it; the limits are raised anyway so that nothing but serving is measured.
  PLAYBACK_DOWNLOAD_ALLOWANCE_SEC: '86400',
  PLAYBACK_MAX_SPEED: '100',
};
say(
  `download deterrence raised for this benchmark only: PLAYBACK_DOWNLOAD_ALLOWANCE_SEC=${env.PLAYBACK_DOWNLOAD_ALLOWANCE_SEC}, PLAYBACK_MAX_SPEED=${env.PLAYBACK_MAX_SPEED}`,
);

try {
  const s3 = await startNode('libs/storage/dist/embedded-server-main.js', env, (l) => l.includes('"ready"'), 's3');
  children.push(s3);
  const apiPort = await freePort();
  const api = await startApi({ ...env, PORT: String(apiPort) }, 'api (audit trail on)');
  const worker = await startNode(
    'apps/worker/dist/main.js',
    { ...env, PORT: String(apiPort), LOG_LEVEL: 'info' },
    (l) => l.includes('worker running'),
    'worker',
  );
  children.push(worker);

  // 1. A source whose 720p and 360p renditions fill their bitrates (2800 and 800 kb/s video
  //    plus 128 kb/s audio, 4 s segments: about 1.46 MB and 0.46 MB): moving pattern plus
  //    temporal noise, so the encoder cannot come in under its target.
  const source = join(work.dir, 'source.mp4');
  const made = await runToEnd(ffmpegBin, [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=1280x720:rate=30:duration=${SOURCE_SEC}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${SOURCE_SEC}`,
    '-vf',
    'noise=alls=16:allf=t',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-crf',
    '26',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '192k',
    '-shortest',
    source,
  ]);
  if (made.status !== 0) throw new Error(`ffmpeg could not make the source: ${made.stderr}`);
  say(`source: 1280x720 30 fps ${SOURCE_SEC} s with temporal noise, ${fmt(statSync(source).size / MB)} MB`);

  // 2. Upload as the admin, wait for the worker, publish.
  const admin = await json(
    await fetch(`${api.base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: env.REELGUARD_ADMIN_EMAIL, password: env.REELGUARD_ADMIN_PASSWORD }),
    }),
    200,
    'admin login',
  );
  const adminAuth = { authorization: `Bearer ${admin.accessToken}` };
  const form = new globalThis.FormData();
  form.append('title', 'Streaming benchmark');
  form.append('file', await openAsBlob(source, { type: 'video/mp4' }), 'source.mp4');
  const uploaded = await json(
    await fetch(`${api.base}/videos/upload`, { method: 'POST', headers: adminAuth, body: form }),
    202,
    'upload',
  );
  const transcodeStarted = Date.now();
  let video;
  for (;;) {
    video = await json(await fetch(`${api.base}/videos/${uploaded.id}`, { headers: adminAuth }), 200, 'video');
    if (video.status === 'ready') break;
    if (video.status === 'failed') throw new Error(`the transcode failed: ${video.error}`);
    if (Date.now() - transcodeStarted > 15 * 60_000) throw new Error('the transcode took over 15 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  say(
    `transcoded in ${fmt((Date.now() - transcodeStarted) / 1000)} s: ${video.renditions.map((r) => `${r.name} ${r.width}x${r.height} ${fmt(r.bandwidth / 1000, 0)} kb/s`).join(', ')}`,
  );
  await json(
    await fetch(`${api.base}/videos/${video.id}/publish`, { method: 'POST', headers: adminAuth }),
    200,
    'publish',
  );
  // The worker has done its part; stopping it leaves both cores to the measured servers.
  await stop(worker);

  // 3. A viewer's playback session, followed from the manifest to one media segment per size.
  const viewerLogin = { email: 'viewer@reelguard.local', password: 'Segment-load-check-9731' };
  await json(
    await fetch(`${api.base}/users`, {
      method: 'POST',
      headers: { ...adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...viewerLogin, role: 'viewer' }),
    }),
    201,
    'create viewer',
  );
  const viewer = await json(
    await fetch(`${api.base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(viewerLogin),
    }),
    200,
    'viewer login',
  );
  const viewerAuth = { authorization: `Bearer ${viewer.accessToken}` };
  const session = await json(
    await fetch(`${api.base}/videos/${video.id}/playback`, { method: 'POST', headers: viewerAuth }),
    201,
    'playback',
  );
  // Well inside the idle time; a pooled connection the loaded API closed meanwhile is retried.
  const beat = async (attempt = 1) => {
    try {
      const res = await fetch(`${api.base}/playback-sessions/${session.sessionId}/heartbeat`, {
        method: 'POST',
        headers: viewerAuth,
      });
      await res.arrayBuffer();
      if (res.status !== 200) say(`heartbeat answered ${res.status}: the session is gone, later runs will fail`);
    } catch (error) {
      if (attempt < 3) return beat(attempt + 1);
      say(`heartbeat failed 3 times: ${error.message} (${error.cause?.code ?? 'no cause'})`);
    }
  };
  const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
  cleanups.push(() => clearInterval(heartbeat));

  const manifestUrl = new URL(session.manifestUrl, api.base);
  const playlistText = async (url) => {
    const res = await fetch(url);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${url.pathname}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return text;
  };
  const uris = (text) => text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const master = await playlistText(manifestUrl);
  const segmentOf = async (rendition) => {
    const variant = uris(master)
      .map((u) => new URL(u, manifestUrl))
      .find((u) => u.pathname.endsWith(`/${rendition}.m3u8`));
    if (!variant) throw new Error(`the manifest has no ${rendition} rendition:\n${master}`);
    const variantText = await playlistText(variant);
    if (process.env.BENCH_STREAM_DEBUG) say(variantText);
    const media = uris(variantText)
      .map((u) => new URL(u, variant))
      .filter((u) => /_\d+\.m4s$/.test(u.pathname));
    // The second segment when there are several (past the start-up of the encoder), else the first.
    const url = media[Math.min(1, media.length - 1)];
    const name = url.pathname.split('/').pop();
    const res = await fetch(url);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
    return { rendition, name, of: media.length, path: `${url.pathname}${url.search}`, body };
  };
  const segments = [await segmentOf('720p'), await segmentOf('360p')];
  for (const s of segments) {
    say(`segment ${s.name} (of ${s.of} in its playlist): ${fmt(s.body.length / MB, 3)} MB (${s.body.length} bytes)`);
  }

  // 4. The second API instance, audit trail off; both instances' caches warmed.
  const quietPort = await freePort();
  const quiet = await startApi(
    { ...env, PORT: String(quietPort), AUDIT_TRAIL_ENABLED: 'false' },
    'api (audit trail off)',
  );
  say('second API instance started with AUDIT_TRAIL_ENABLED=false (entries are discarded; benchmarking only)');
  for (const instance of [api, quiet]) {
    for (const s of segments) await checkSample(`${instance.base}${s.path}`, s.body, `${instance.name} warm-up`);
  }

  // 5. nginx serving the same bytes.
  const www = join(work.dir, 'www');
  mkdirSync(www);
  for (const s of segments) writeFileSync(join(www, s.name), s.body, { mode: 0o644 });
  // Run as root, nginx's workers read the files as "nobody": the folders must be readable.
  chmodSync(work.dir, 0o755);
  chmodSync(www, 0o755);
  const nginxPort = await freePort();
  const temp = (name) => join(work.dir, `nginx-${name}`);
  writeFileSync(
    join(work.dir, 'nginx.conf'),
    `worker_processes auto;
daemon off;
pid ${join(work.dir, 'nginx.pid')};
error_log ${join(work.dir, 'nginx-error.log')} warn;
events { worker_connections 1024; }
http {
  types { video/iso.segment m4s; application/vnd.apple.mpegurl m3u8; video/mp4 mp4; }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path ${temp('client')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  server {
    listen 127.0.0.1:${nginxPort};
    root ${www};
  }
}
`,
  );
  const nginx = spawn(
    nginxBin,
    ['-p', work.dir, '-c', join(work.dir, 'nginx.conf'), '-e', join(work.dir, 'nginx-error.log')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let nginxErr = '';
  nginx.stderr.on('data', (c) => (nginxErr += c.toString()));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        if (nginx.exitCode !== null) return resolve();
        nginx.once('exit', resolve);
        nginx.kill('SIGQUIT');
      }),
  );
  for (const started = Date.now(); ;) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited (${nginx.exitCode}): ${nginxErr}`);
    if (Date.now() - started > 10_000) throw new Error(`nginx did not answer within 10 s: ${nginxErr}`);
    try {
      await fetch(`http://127.0.0.1:${nginxPort}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  // 6. Node's own floor: a bare Node server sending the same bytes the way the API sends a
  //    cached segment (by sendfile), with no checks (node-floor-server.mjs).
  const floorPort = await freePort();
  let floorSending = '';
  const floor = await startNode(
    'scripts/bench/node-floor-server.mjs',
    { PORT: String(floorPort), FLOOR_DIR: www, FLOOR_WORKERS: String(API_WORKERS) },
    (line) => {
      if (!line.includes('"ready"')) return false;
      floorSending = JSON.parse(line).sending;
      return true;
    },
    'node floor',
  );
  children.push(floor);

  // 7. The runs.
  const load = () => spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  say(`load before the runs: ${load()}`);
  say(`wrk: ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION_SEC} s per run, ${ROUNDS} rounds per size`);
  say(
    `nginx: worker_processes auto (${processTree(nginx.pid).length - 1} workers); API: API_WORKERS=${API_WORKERS}; Node's floor: ${processTree(floor.pid).length - 1} workers, bodies ${floorSending}`,
  );
  const audit = new pg.Client({ connectionString: db.url });
  await audit.connect();
  cleanups.push(() => audit.end());
  const count = async () =>
    Number(
      (
        await audit.query(`SELECT count(*) AS n FROM access_logs WHERE session_id = $1 AND action = 'segment'`, [
          session.sessionId,
        ])
      ).rows[0].n,
    );
  // The writer inserts behind the requests: wait until the count stops moving.
  const auditedEntries = async () => {
    let last = await count();
    for (let i = 0; i < 20; i += 1) {
      await new Promise((r) => setTimeout(r, 500));
      const now = await count();
      if (now === last) return now;
      last = now;
    }
    return last;
  };
  // Each configuration runs ROUNDS times per size, in a rotating order (so none always runs
  // first or right after another), and is judged by its median throughput and median p99: on a
  // 2-core machine shared with wrk, single 20 s runs move by 20-30 % from one to the next.
  const results = {};
  for (const s of segments) {
    say(`${s.rendition} segment, ${s.body.length} bytes:`);
    const apiRun = (label, instance) =>
      wrk(label, `${instance.base}${s.path}`, s.body, processTree(instance.child.pid), instance.base);
    const configs = {
      nginx: async () =>
        wrk('nginx (static file)', `http://127.0.0.1:${nginxPort}/${s.name}`, s.body, processTree(nginx.pid)),
      floor: async () =>
        wrk("Node's floor (no checks)", `http://127.0.0.1:${floorPort}/${s.name}`, s.body, processTree(floor.pid)),
      audited: async () => {
        const before = await auditedEntries();
        const run = await apiRun('API, token + session + audit', api);
        const after = await auditedEntries();
        // Each audited run adds its wrk requests plus the two sample requests around it.
        say(`    audit entries for this session: +${after - before} (${run.requests} + 2 requests)`);
        if (after - before < run.requests + 2)
          throw new Error('the audited run left fewer audit entries than it made requests');
        return run;
      },
      quiet: async () => {
        const before = await auditedEntries();
        const run = await apiRun('API, audit trail off', quiet);
        const after = await auditedEntries();
        if (after !== before) throw new Error(`the API with the audit trail off left ${after - before} audit entries`);
        return run;
      },
    };
    const names = Object.keys(configs);
    const runs = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      say(`  round ${round + 1} of ${ROUNDS}:`);
      for (let i = 0; i < names.length; i += 1) {
        const name = names[(i + round) % names.length];
        runs[name].push(await configs[name]());
      }
    }
    const summary = (list) => ({
      rps: median(list.map((r) => r.rps)),
      p99Ms: median(list.map((r) => r.p99Ms)),
      cpuUsPerRequest: median(list.map((r) => r.cpuUsPerRequest)),
    });
    results[s.rendition] = Object.fromEntries(names.map((name) => [name, summary(runs[name])]));
    for (const name of names) {
      const m = results[s.rendition][name];
      say(
        `  median of ${ROUNDS}, ${name.padEnd(7)}: ${fmt(m.rps, 0)} req/s, p99 ${fmt(m.p99Ms, 2)} ms, server CPU ${fmt(m.cpuUsPerRequest, 0)} µs/request`,
      );
    }
  }
  say(`load after the runs: ${load()}`);

  // 8. Ratios against the bounds.
  const ratios = Object.entries(results).map(([rendition, r]) => ({
    rendition,
    ratio: r.audited.rps / r.nginx.rps,
    p99VsNginx: r.audited.p99Ms / r.nginx.p99Ms,
    auditCost: 1 - r.audited.rps / r.quiet.rps,
    auditCpuCost: 1 - r.quiet.cpuUsPerRequest / r.audited.cpuUsPerRequest,
    floorRatio: r.floor.rps / r.nginx.rps,
    floorP99VsNginx: r.floor.p99Ms / r.nginx.p99Ms,
    apiUsOverFloor: r.audited.cpuUsPerRequest - r.floor.cpuUsPerRequest,
  }));
  for (const r of ratios) {
    say(
      `${r.rendition}: throughput ${fmt(r.ratio, 3)}× nginx (bound ≥ 0.5), p99 ${fmt(r.p99VsNginx, 2)}× nginx (bound ≤ 2), audit cost ${fmt(r.auditCost * 100)} % (bound ≤ 10 %; by API CPU per request: ${fmt(r.auditCpuCost * 100)} %)`,
    );
    // Not bounds: how close Node itself comes to nginx here, and what the API's work adds to it.
    say(
      `${r.rendition}: Node's floor ${fmt(r.floorRatio, 3)}× nginx, p99 ${fmt(r.floorP99VsNginx, 2)}× nginx; the API's checks add ${fmt(r.apiUsOverFloor, 0)} µs of CPU per request to it`,
    );
  }
  // Each figure at the worse of the two sizes.
  const ratio = Math.min(...ratios.map((r) => r.ratio));
  const p99VsNginx = Math.max(...ratios.map((r) => r.p99VsNginx));
  const auditCost = Math.max(...ratios.map((r) => r.auditCost));
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  say(
    `bounds: throughput ${verdict(ratio >= 0.5)}, p99 ${verdict(p99VsNginx <= 2)}, audit cost ${verdict(auditCost <= 0.1)}`,
  );
  if (invalid.length > 0) {
    say(`${invalid.length} run(s) had errors, so these figures are not a result (wrk timeout: 10 s):`);
    for (const line of invalid) say(`  ${line}`);
    process.exitCode = 1;
  } else {
    say(JSON.stringify({ ratio: fmt(ratio, 3), p99VsNginx: fmt(p99VsNginx, 2), auditCost: fmt(auditCost, 3) }));
  }
} catch (error) {
  for (const api of apis) say(`${api.name}, its last output:\n${api.tail() || '(nothing)'}`);
  throw error;
} finally {
  stopping = true;
  for (const cleanup of cleanups.reverse()) await cleanup();
  for (const child of children.reverse()) await stop(child);
  await db.drop().catch(() => undefined);
  work.remove();
}
