// `npm run bench:transcode`: a 1080p30 source with sound (60 s; BENCH_TRANSCODE_SECONDS for a
// quick check) through the whole platform, against two FFmpeg-only baselines in the same run:
//   1. the platform: uploaded through the API, transcoded by the worker with the default ladder
//      and settings; timed from the worker's `TranscodeStarted` event to `VideoReady` (playable:
//      checked by playing the first segment of a rendition through the streaming API) and to the
//      end of the ladder (the last `RenditionReady` / progress 100, storage uploads included);
//   2. the reference: one FFmpeg command, one decode split into every rendition;
//   3. the per-rendition approach: one FFmpeg process per rendition, one after the other.
// Both baselines are built by the worker's own planner and command builder (planLadder,
// buildHlsCommand) from the probe of the same file, so they cannot drift from what it encodes.
// Each of the three runs BENCH_TRANSCODE_ROUNDS times (default 3) in a rotating order (platform,
// reference, per-rendition; then reference, per-rendition, platform; …), each against a fresh
// platform, and is judged by its median: the same FFmpeg command's time moves by up to 10 % within
// minutes on a shared machine. Prints every figure of every round, the three ratios of the
// medians against their bounds; the last line is one JSON object.
import { spawn } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_FIRST_SEGMENT_DURATION_SEC,
  DEFAULT_SEGMENT_DURATION_SEC,
  DEFAULT_X264_PRESET,
  buildHlsCommand,
  planLadder,
  probeMedia,
} from '@reelguard/media';
import { fmt, freePort, median, say, scratchDatabase, startNode, stop, tempDir } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_TRANSCODE_SECONDS ?? 60);
if (!(SECONDS >= 2)) throw new RangeError('BENCH_TRANSCODE_SECONDS must be at least 2');
const ROUNDS = Number(process.env.BENCH_TRANSCODE_ROUNDS ?? 3);
if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1))
  throw new RangeError('BENCH_TRANSCODE_ROUNDS must be a whole number, at least 1');
const BOUNDS = { ladderVsReference: 1.1, playableVsLadder: 0.15, ladderVsPerRendition: 0.8 };

const work = tempDir('reelguard-bench-transcode-');
process.on('exit', () => work.remove());
const sec = (ms) => ms / 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const quote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
const shell = (args) => ['ffmpeg', ...args].map(quote).join(' ');

/**
 * CPU seconds used by a process and its children it has waited for (/proc stat fields 14–17,
 * in clock ticks of 1/100 s). The machine is shared, so wall times move with the load; CPU
 * time shows how much of a difference is work rather than waiting.
 */
function cpuSec(pid = 'self', withChildren = true) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.slice(11, withChildren ? 15 : 13).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
}

/** Runs FFmpeg to the end; resolves with its wall time and CPU time in seconds. */
function ffmpeg(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = cpuSec();
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve({ wallSec: sec(performance.now() - started), cpuSec: cpuSec() - cpuBefore })
        : reject(new Error(`ffmpeg exited ${code}:\n${stderr}`)),
    );
  });
}

function folderBytes(dir) {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

// The source: a moving test picture with light grain and a tone, at about 19 Mbit/s like a
// phone camera's file.
const source = join(work.dir, 'source.mp4');
{
  const started = performance.now();
  await ffmpeg([
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${SECONDS}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`],
    ...['-vf', 'noise=alls=4:allf=t', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20', '-g', '60'],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k', '-ac', '2', '-movflags', '+faststart', source],
  ]);
  say(
    `source: ${SECONDS} s 1920x1080 30 fps with stereo AAC, ${fmt(statSync(source).size / 1024 ** 2)} MiB ` +
      `(generated in ${fmt(sec(performance.now() - started))} s)`,
  );
}

// The plan the worker makes for this file, from the same probe and the same planner.
const plan = planLadder(await probeMedia(source, { timeoutMs: 30_000 }));
say(
  `ladder: ${plan.renditions
    .map((r) => `${r.name} ${r.width}x${r.height} ${r.videoBitrate / 1000}k`)
    .join(', ')}; audio ${plan.renditions[0].audioBitrate / 1000}k; ` +
    `preset ${DEFAULT_X264_PRESET}, ${DEFAULT_SEGMENT_DURATION_SEC} s segments after a first one of ` +
    `${DEFAULT_FIRST_SEGMENT_DURATION_SEC} s`,
);

// ---------------------------------------------------------------------------------------------
// The rounds.
let env;
let base;
let children = [];
const runs = { platform: [], reference: [], perRendition: [] };
const kinds = ['platform', 'reference', 'perRendition'];
for (let round = 1; round <= ROUNDS; round++) {
  const order = kinds.map((_, i) => kinds[(i + round - 1) % kinds.length]);
  say(`round ${round} of ${ROUNDS}: ${order.join(', ')}`);
  for (const kind of order) {
    if (kind === 'platform') runs.platform.push(await runPlatform());
    if (kind === 'reference') runs.reference.push(await runReference(round));
    if (kind === 'perRendition') runs.perRendition.push(await runPerRendition(round));
  }
}

// ---------------------------------------------------------------------------------------------
const medians = {
  playableSec: median(runs.platform.map((r) => r.playableSec)),
  ladderSec: median(runs.platform.map((r) => r.ladderSec)),
  platformCpuSec: median(runs.platform.map((r) => r.cpuSec)),
  referenceSec: median(runs.reference.map((r) => r.wallSec)),
  referenceCpuSec: median(runs.reference.map((r) => r.cpuSec)),
  perRenditionSec: median(runs.perRendition.map((r) => r.wallSec)),
  perRenditionCpuSec: median(runs.perRendition.map((r) => r.cpuSec)),
};
say(`every round (wall seconds; CPU seconds in brackets):`);
for (let i = 0; i < ROUNDS; i++) {
  const [p, r, s] = [runs.platform[i], runs.reference[i], runs.perRendition[i]];
  say(
    `  ${i + 1}: platform playable ${fmt(p.playableSec, 2)}, ladder ${fmt(p.ladderSec, 2)} (${fmt(p.cpuSec)}); ` +
      `reference ${fmt(r.wallSec, 2)} (${fmt(r.cpuSec)}); per-rendition ${fmt(s.wallSec, 2)} (${fmt(s.cpuSec)}); ` +
      `ladder / reference ${fmt(p.ladderSec / r.wallSec, 3)}`,
  );
}
const ratios = {
  ladderVsReference: fmt(medians.ladderSec / medians.referenceSec, 3),
  playableVsLadder: fmt(medians.playableSec / medians.ladderSec, 3),
  ladderVsPerRendition: fmt(medians.ladderSec / medians.perRenditionSec, 3),
};
const verdict = (name) => (ratios[name] <= BOUNDS[name] ? 'ok' : 'OVER');
const of = ROUNDS > 1 ? `medians of ${ROUNDS}` : 'one round';
say(
  `whole ladder / reference:     ${fmt(medians.ladderSec, 2)} / ${fmt(medians.referenceSec, 2)} = ` +
    `${ratios.ladderVsReference} (${of}; bound ≤ ${BOUNDS.ladderVsReference}: ${verdict('ladderVsReference')})`,
);
say(
  `playable / whole ladder:      ${fmt(medians.playableSec, 2)} / ${fmt(medians.ladderSec, 2)} = ` +
    `${ratios.playableVsLadder} (${of}; bound ≤ ${BOUNDS.playableVsLadder}: ${verdict('playableVsLadder')})`,
);
say(
  `whole ladder / per-rendition: ${fmt(medians.ladderSec, 2)} / ${fmt(medians.perRenditionSec, 2)} = ` +
    `${ratios.ladderVsPerRendition} (${of}; bound ≤ ${BOUNDS.ladderVsPerRendition}: ${verdict('ladderVsPerRendition')})`,
);
say(
  `CPU time, less sensitive to the machine's load (${of}): platform ${fmt(medians.platformCpuSec)} s, reference ` +
    `${fmt(medians.referenceCpuSec)} s (${fmt(medians.platformCpuSec / medians.referenceCpuSec, 3)}×), per-rendition ` +
    `${fmt(medians.perRenditionCpuSec)} s (${fmt(medians.platformCpuSec / medians.perRenditionCpuSec, 3)}×)`,
);
say(JSON.stringify(ratios));

// ---------------------------------------------------------------------------------------------

/** 1. The platform, started afresh (its own database, storage and Redis prefix) and stopped after. */
async function runPlatform() {
  const s3Port = await freePort();
  const apiPort = await freePort();
  const db = await scratchDatabase();
  const runDir = join(work.dir, `platform-${runs.platform.length + 1}`);
  env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(apiPort),
    DATABASE_URL: db.url,
    S3_EMBEDDED_DIR: join(runDir, 's3'),
    S3_EMBEDDED_PORT: String(s3Port),
    S3_BUCKET: 'bench',
    REDIS_PREFIX: `bench${Date.now().toString(36)}`,
    REELGUARD_ADMIN_EMAIL: 'bench@reelguard.local',
    REELGUARD_ADMIN_PASSWORD: 'bench-password-long-enough',
    WORK_DIR: runDir,
  };
  base = `http://127.0.0.1:${apiPort}`;
  children = [];
  let platform;
  try {
    children.push(
      await startNode('libs/storage/dist/embedded-server-main.js', env, (l) => l.includes('"ready"'), 's3'),
    );
    // The API runs the migrations; the worker starts once they are in. Both at info level for
    // the line that says they are up.
    children.push(
      await startNode('apps/api/dist/main.js', { ...env, LOG_LEVEL: 'info' }, (l) => l.includes('listening'), 'api'),
    );
    children.push(
      await startNode(
        'apps/worker/dist/main.js',
        { ...env, LOG_LEVEL: 'info' },
        (l) => l.includes('worker running'),
        'worker',
      ),
    );
    platform = await measurePlatform();
  } finally {
    for (const child of [...children].reverse()) await stop(child);
    await db.drop();
    rmSync(runDir, { recursive: true, force: true });
  }
  say(
    `platform: job start → playable ${fmt(platform.playableSec, 2)} s, → ladder complete ` +
      `${fmt(platform.ladderSec, 2)} s (CPU ${fmt(platform.cpuSec)} s)`,
  );
  say(`  CPU: ${platform.cpuSplit}`);
  say(`  phases (1 s resolution): ${platform.phases}`);
  say(`  ${platform.progress}`);
  say(
    `  (upload ${fmt(platform.uploadSec, 2)} s; queue wait ${fmt(platform.queueSec, 2)} s; ` +
      `playback check at ready: ${platform.playCheck})`,
  );
  return platform;
}

/** A baseline's FFmpeg command for these renditions: the worker's builder and default settings. */
function baselineCommand(renditions, outputDir) {
  return buildHlsCommand(
    { ...plan, renditions },
    {
      inputPath: source,
      outputDir,
      segmentDurationSec: DEFAULT_SEGMENT_DURATION_SEC,
      firstSegmentDurationSec: DEFAULT_FIRST_SEGMENT_DURATION_SEC,
      preset: DEFAULT_X264_PRESET,
    },
  );
}

/** 2. The reference: the same renditions from one FFmpeg command (no storyboard, no poster). */
async function runReference(round) {
  const referenceDir = join(work.dir, `reference-${round}`);
  mkdirSync(referenceDir);
  const reference = baselineCommand(plan.renditions, referenceDir);
  if (round === 1) {
    say('reference command:');
    say(`  ${shell(reference.args)}`);
  }
  const run = await ffmpeg(reference.args);
  say(
    `reference: ${fmt(run.wallSec, 2)} s (CPU ${fmt(run.cpuSec)} s; ` +
      `${fmt(folderBytes(referenceDir) / 1024 ** 2)} MiB written)`,
  );
  rmSync(referenceDir, { recursive: true, force: true });
  return run;
}

/** 3. One FFmpeg process per rendition, one after the other, same settings. */
async function runPerRendition(round) {
  if (round === 1) say('per-rendition commands:');
  let wallSec = 0;
  let cpuSec = 0;
  const each = [];
  for (const rendition of plan.renditions) {
    const dir = join(work.dir, `single-${round}-${rendition.name}`);
    mkdirSync(dir);
    const single = baselineCommand([rendition], dir);
    if (round === 1) say(`  ${shell(single.args)}`);
    const took = await ffmpeg(single.args);
    each.push(`${rendition.name} ${fmt(took.wallSec, 2)} s (CPU ${fmt(took.cpuSec)} s)`);
    wallSec += took.wallSec;
    cpuSec += took.cpuSec;
    rmSync(dir, { recursive: true, force: true });
  }
  say(`per-rendition: ${fmt(wallSec, 2)} s (CPU ${fmt(cpuSec)} s): ${each.join(', ')}`);
  return { wallSec, cpuSec };
}

async function api(path, init = {}) {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    body: text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
  };
}

async function measurePlatform() {
  const login = await api('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.REELGUARD_ADMIN_EMAIL, password: env.REELGUARD_ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  const auth = { authorization: `Bearer ${login.body.accessToken}` };

  // CPU of the three platform processes (FFmpeg included once the worker has reaped it),
  // sampled with each status poll (once a second, light enough not to weigh on the API) and
  // read at the samples around the job's start and end.
  // The worker's HLS FFmpeg is seen in its child list, to split the job into its phases.
  const samples = [];
  const encoder = { firstSeen: null, lastSeen: null };
  const sample = () => {
    const at = Date.now();
    samples.push({ at, cpu: children.map((c) => ({ own: cpuSec(c.pid, false), reaped: cpuSec(c.pid) })) });
    const worker = children[2].pid;
    const kids = readFileSync(`/proc/${worker}/task/${worker}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const kid of kids) {
      let cmdline = '';
      try {
        cmdline = readFileSync(`/proc/${kid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (cmdline.includes('\0tee\0')) {
        encoder.firstSeen ??= at;
        encoder.lastSeen = at;
      }
    }
  };
  sample();
  const uploadStarted = performance.now();
  const uploaded = await upload(auth);
  const uploadSec = sec(performance.now() - uploadStarted);
  const id = uploaded.id;

  // Watch the status as a dashboard would; at `ready`, play the start as a viewer would.
  let playCheck = 'not done';
  for (const deadline = Date.now() + Math.max(900, SECONDS * 40) * 1000; ;) {
    if (Date.now() > deadline) throw new Error('the transcode did not finish in time');
    const video = (await api(`/videos/${id}`, { headers: auth })).body;
    if (video.status === 'failed') throw new Error(`the transcode failed: ${video.error}`);
    if (video.status === 'ready' && playCheck === 'not done') playCheck = await playStart(id, auth);
    sample();
    if (video.status === 'ready' && video.progress === 100) break;
    await sleep(1000);
  }

  // The times the events were stored (PostgreSQL's clock, in the transaction that appended
  // each one): free of this script's polling interval.
  const events = (await api(`/videos/${id}/events`, { headers: auth })).body;
  const at = (event) => Date.parse(event.occurredAt);
  const find = (type) => events.filter((e) => e.type === type);
  const [uploadedEvent] = find('VideoUploaded');
  const [started] = find('TranscodeStarted');
  const [ready] = find('VideoReady');
  const finished = [...find('RenditionReady'), ...find('TranscodeProgressed').filter((e) => e.data.percent === 100)];
  if (!started || !ready || finished.length === 0) throw new Error(`missing events: ${events.map((e) => e.type)}`);
  if (find('TranscodeStarted').length !== 1) throw new Error('the job ran more than once');
  const end = Math.max(...finished.map(at));
  const before = samples.findLast((s) => s.at <= at(started)) ?? samples[0];
  const after = samples.find((s) => s.at >= end) ?? samples.at(-1);
  const used = (i, kind) => after.cpu[i][kind] - before.cpu[i][kind];
  const phases =
    encoder.firstSeen === null
      ? 'the encoder was not seen'
      : `before the encode (download, probe, poster) ≈ ${fmt(sec(encoder.firstSeen - at(started)), 1)} s, ` +
        `encode ≈ ${fmt(sec(encoder.lastSeen - encoder.firstSeen), 1)} s, ` +
        `after it (last uploads, events) ≈ ${fmt(sec(end - encoder.lastSeen), 1)} s`;
  const progress = find('TranscodeProgressed').map((e) => `${e.data.percent}% at ${fmt(sec(at(e) - at(started)))} s`);
  return {
    progress: `${progress.length} TranscodeProgressed events: ${progress.join(', ')}`,
    cpuSec: [0, 1, 2].reduce((sum, i) => sum + used(i, 'reaped'), 0),
    cpuSplit:
      `FFmpeg ${fmt(used(2, 'reaped') - used(2, 'own'))} s, worker ${fmt(used(2, 'own'))} s, ` +
      `S3 server ${fmt(used(0, 'reaped'))} s, API ${fmt(used(1, 'reaped'))} s`,
    phases,
    uploadSec,
    queueSec: uploadedEvent ? sec(at(started) - at(uploadedEvent)) : NaN,
    playableSec: sec(at(ready) - at(started)),
    ladderSec: sec(end - at(started)),
    playCheck,
  };
}

function upload(auth) {
  const boundary = 'reelguardbenchboundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nTranscode benchmark\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="source.mp4"\r\n` +
      `Content-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = statSync(source).size;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(env.PORT),
        method: 'POST',
        path: '/videos/upload',
        headers: {
          ...auth,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + size + tail.length),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          res.statusCode === 202 ? resolve(JSON.parse(body)) : reject(new Error(`upload: ${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(source);
    file.pipe(req, { end: false });
    file.on('end', () => req.end(tail));
  });
}

/**
 * Plays the start as a player does: a playback session, the master playlist, every variant
 * playlist (each must list a segment), then the lowest rendition's key, init section and first
 * segment, decrypted and decoded by FFmpeg. Answers a short description, or throws.
 */
async function playStart(id, auth) {
  const session = await api(`/videos/${id}/playback`, { method: 'POST', headers: auth });
  if (session.status !== 201) throw new Error(`playback start: ${session.status} ${JSON.stringify(session.body)}`);
  const get = async (path) => {
    const res = await fetch(new URL(path, base));
    if (res.status !== 200) throw new Error(`GET ${path.split('?')[0]}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
  const resolve = (from, uri) => {
    const url = new URL(uri, new URL(from, base));
    return `${url.pathname}${url.search}`;
  };
  const master = (await get(session.body.manifestUrl)).toString();
  const variants = master
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((uri) => resolve(session.body.manifestUrl, uri));
  let lowest = null;
  for (const variant of variants) {
    const lines = (await get(variant)).toString().split('\n');
    // Each resource comes after the EXT-X-KEY line that applies to it.
    let key = null;
    let init = null;
    let first = null;
    for (const line of lines) {
      if (line.startsWith('#EXT-X-KEY:')) {
        key = {
          uri: resolve(variant, /URI="([^"]+)"/.exec(line)[1]),
          iv: Buffer.from(/IV=0x([0-9a-fA-F]+)/.exec(line)[1], 'hex'),
        };
      } else if (line.startsWith('#EXT-X-MAP:')) {
        init = { uri: resolve(variant, /URI="([^"]+)"/.exec(line)[1]), key };
      } else if (line && !line.startsWith('#') && !first) {
        first = { uri: resolve(variant, line), key };
      }
    }
    if (!init || !first) throw new Error(`${variant.split('?')[0]} lists no playable segment yet`);
    lowest = { init, first };
  }
  const clear = async ({ uri, key }) => {
    const decipher = createDecipheriv('aes-128-cbc', await get(key.uri), key.iv);
    return Buffer.concat([decipher.update(await get(uri)), decipher.final()]);
  };
  const start = join(work.dir, 'play-check.mp4');
  writeFileSync(start, Buffer.concat([await clear(lowest.init), await clear(lowest.first)]));
  await ffmpeg(['-hide_banner', '-nostdin', '-loglevel', 'error', '-xerror', '-i', start, '-f', 'null', '-']);
  return `${variants.length} variant playlists listed segments, the first segment decrypted and decoded`;
}
