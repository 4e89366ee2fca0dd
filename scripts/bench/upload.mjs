// `npm run bench:upload`: a 1 GiB upload through the API (multipart, streamed to the embedded
// S3 server) against a direct multipart upload of the same file to the same endpoint with
// @aws-sdk/lib-storage, in one run. Prints both throughputs, the ratio and the API's peak RSS
// growth; the last line is one JSON object.
import { createReadStream, openSync, statSync, writeSync, closeSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { fmt, freePort, rssMiB, sampleRss, say, scratchDatabase, startNode, stop, tempDir } from './lib.mjs';

const SIZE = Number(process.env.BENCH_UPLOAD_BYTES ?? 1024 ** 3);
const work = tempDir('reelguard-bench-upload-');
const file = join(work.dir, 'source.mp4');
// An MP4-looking head (so the upload sniffing accepts it) followed by incompressible-ish bytes.
{
  const fd = openSync(file, 'w');
  const head = Buffer.alloc(4096);
  head.write('\u0000\u0000\u0000\u0018ftypisom\u0000\u0000\u0002\u0000isomiso2', 0, 'latin1');
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  writeSync(fd, head);
  for (let written = head.length; written < SIZE;) {
    const n = Math.min(block.length, SIZE - written);
    writeSync(fd, block, 0, n);
    written += n;
  }
  closeSync(fd);
}
say(`file: ${fmt(statSync(file).size / 1024 ** 2, 0)} MiB`);

const s3Port = await freePort();
const apiPort = await freePort();
const db = await scratchDatabase();
const env = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  PORT: String(apiPort),
  DATABASE_URL: db.url,
  S3_EMBEDDED_DIR: join(work.dir, 's3'),
  S3_EMBEDDED_PORT: String(s3Port),
  S3_BUCKET: 'bench',
  REDIS_PREFIX: `bench${Date.now().toString(36)}`,
  REELGUARD_ADMIN_EMAIL: 'bench@reelguard.local',
  REELGUARD_ADMIN_PASSWORD: 'bench-password-long-enough',
  UPLOAD_MAX_BYTES: String(SIZE * 2),
};
const s3 = await startNode('libs/storage/dist/embedded-server-main.js', env, (l) => l.includes('"ready"'), 's3');
const api = await startNode('apps/api/dist/main.js', env, (l) => l.includes('listening'), 'api');
try {
  // Baseline: the same bytes straight to the same S3 endpoint with lib-storage.
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${s3Port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  let started = performance.now();
  await new Upload({
    client,
    params: { Bucket: 'bench', Key: 'direct/source', Body: createReadStream(file) },
    partSize: 8 * 1024 * 1024,
    queueSize: 4,
  }).done();
  const directSec = (performance.now() - started) / 1000;
  const directMiBs = SIZE / 1024 ** 2 / directSec;
  say(`direct lib-storage upload: ${fmt(directSec, 2)} s, ${fmt(directMiBs)} MiB/s`);

  const login = await fetch(`http://127.0.0.1:${apiPort}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.REELGUARD_ADMIN_EMAIL, password: env.REELGUARD_ADMIN_PASSWORD }),
  }).then((r) => r.json());

  // Let the API settle, then upload through it while sampling its RSS.
  await new Promise((r) => setTimeout(r, 1000));
  const rssBefore = rssMiB(api.pid);
  const sampler = sampleRss(api.pid);
  const boundary = 'reelguardbenchboundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBenchmark\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="source.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  started = performance.now();
  const status = await new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: apiPort,
        method: 'POST',
        path: '/videos/upload',
        headers: {
          authorization: `Bearer ${login.accessToken}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + SIZE + tail.length),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.write(head);
    const body = createReadStream(file);
    body.pipe(req, { end: false });
    body.on('end', () => req.end(tail));
  });
  const apiSec = (performance.now() - started) / 1000;
  const peak = sampler.stop();
  if (status !== 202) throw new Error(`the API answered ${status}`);
  const apiMiBs = SIZE / 1024 ** 2 / apiSec;
  say(`through the API:           ${fmt(apiSec, 2)} s, ${fmt(apiMiBs)} MiB/s (HTTP ${status})`);
  const rssGrowthMiB = peak - rssBefore;
  say(`API RSS: ${fmt(rssBefore)} MiB before, ${fmt(peak)} MiB peak, growth ${fmt(rssGrowthMiB)} MiB (bound: < 100)`);
  const throughputRatio = apiMiBs / directMiBs;
  say(`throughput ratio API/direct: ${fmt(throughputRatio, 3)} (bound: >= 0.7)`);
  say(JSON.stringify({ rssGrowthMiB: fmt(rssGrowthMiB), throughputRatio: fmt(throughputRatio, 3) }));
} finally {
  await stop(api);
  await stop(s3);
  await db.drop();
  work.remove();
}
