// `npm run bench:audit`: the audit trail at 1,000,000 entries. Measures the batched writer's
// sustained rate into PostgreSQL, the API's median latency for a filtered first page (one video,
// one day) and for a page deep inside the same range, and the API's peak RSS growth while it
// streams an export of every entry; then what the order of the trail's indexes costs PostgreSQL
// per entry (audit-index-order.mjs). Prints each figure; the last line is one JSON object.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { URLSearchParams } from 'node:url';
import { AccessLogStore, AuditDatabase, AuditWriter, DigestSealer } from '@reelguard/audit';
import { compareIndexOrder } from './audit-index-order.mjs';
import { fmt, freePort, median, rssMiB, sampleRss, say, scratchDatabase, startNode, stop, tempDir } from './lib.mjs';

const TOTAL = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const WRITER_ENTRIES = Math.min(TOTAL, Number(process.env.BENCH_AUDIT_WRITER_ENTRIES ?? 200_000));
const DAYS = 30;
const VIDEOS = 2000;
const HOT = 'hotvideo0000000000000A';
const DAY_MS = 86_400_000;

const videoId = (n) => `vid${String(n).padStart(19, '0')}`;

const work = tempDir('reelguard-bench-audit-');
const db = await scratchDatabase();
const apiPort = await freePort();
const env = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  PORT: String(apiPort),
  DATABASE_URL: db.url,
  S3_EMBEDDED_DIR: join(work.dir, 's3'),
  S3_EMBEDDED_PORT: String(await freePort()),
  S3_BUCKET: 'bench',
  REDIS_PREFIX: `bench${Date.now().toString(36)}`,
  REELGUARD_ADMIN_EMAIL: 'bench@reelguard.local',
  REELGUARD_ADMIN_PASSWORD: 'bench-password-long-enough',
  AUDIT_HMAC_KEY: `bench-audit-key-${Date.now()}-not-for-production`,
};
const s3 = await startNode('libs/storage/dist/embedded-server-main.js', env, (l) => l.includes('"ready"'), 's3');
// The API runs the migrations on start.
// At info level, since the line that says it is listening is an info line.
const api = await startNode(
  'apps/api/dist/main.js',
  { ...env, LOG_LEVEL: 'info' },
  (l) => l.includes('listening'),
  'api',
);
const audit = new AuditDatabase(db.url, { max: 4, applicationName: 'reelguard-bench' });
const base = `http://127.0.0.1:${apiPort}`;
try {
  const now = Date.now();
  for (let m = -2; m <= 1; m += 1) {
    const d = new Date(now);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + m);
    await audit.pool.query('SELECT audit_ensure_partition($1)', [d.toISOString().slice(0, 7)]);
  }

  // 1. The writer, as the API uses it: record() awaited one by one, batches flushed behind it.
  const writer = new AuditWriter(new AccessLogStore(audit.writePool), { maxBuffered: 50_000 });
  let started = performance.now();
  for (let i = 0; i < WRITER_ENTRIES; i += 1) {
    await writer.record({
      // Oldest first, as entries arrive.
      at: new Date(now - Math.floor(((WRITER_ENTRIES - i) / WRITER_ENTRIES) * DAYS * DAY_MS)),
      action: i % 10 === 0 ? 'key' : 'segment',
      outcome: i % 20 === 0 ? 'denied' : 'granted',
      reason: i % 20 === 0 ? 'token_expired' : null,
      userId: `00000000-0000-4000-8000-${String(i % 5000).padStart(12, '0')}`,
      sessionId: `sess${String(i % 50_000).padStart(18, '0')}`,
      videoId: i % 5 === 0 ? HOT : videoId(i % VIDEOS),
      resource: `720p_${String(i % 900).padStart(5, '0')}.m4s`,
      ip: `198.51.100.${i % 250}`,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      requestId: `bench-${i}`,
    });
  }
  await writer.close(60_000);
  const writerSec = (performance.now() - started) / 1000;
  const writerPerSec = WRITER_ENTRIES / writerSec;
  say(
    `writer: ${WRITER_ENTRIES} entries in ${fmt(writerSec, 2)} s = ${fmt(writerPerSec, 0)} entries/s (bound: >= 20000)`,
  );

  // 2. The rest up to TOTAL, loaded server-side with the same distribution, oldest first too.
  const rest = TOTAL - WRITER_ENTRIES;
  started = performance.now();
  await audit.pool.query(
    `INSERT INTO access_logs (at, action, outcome, reason, user_id, session_id, video_id, resource, ip, user_agent, request_id)
     SELECT to_timestamp($2::double precision / 1000) - (($1 - g)::double precision / $1) * interval '${DAYS} days',
            CASE WHEN g % 10 = 0 THEN 'key' ELSE 'segment' END,
            CASE WHEN g % 20 = 0 THEN 'denied' ELSE 'granted' END,
            CASE WHEN g % 20 = 0 THEN 'token_expired' END,
            '00000000-0000-4000-8000-' || lpad((g % 5000)::text, 12, '0'),
            'sess' || lpad((g % 50000)::text, 18, '0'),
            CASE WHEN g % 5 = 0 THEN $3 ELSE 'vid' || lpad((g % ${VIDEOS})::text, 19, '0') END,
            '720p_' || lpad((g % 900)::text, 5, '0') || '.m4s',
            '198.51.100.' || (g % 250),
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
            'load-' || g
       FROM generate_series(1, $1) AS g`,
    [rest, now, HOT],
  );
  await audit.pool.query('ANALYZE access_logs');
  say(`loaded ${rest} more entries server-side in ${fmt((performance.now() - started) / 1000, 1)} s; ${TOTAL} in all`);

  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.REELGUARD_ADMIN_EMAIL, password: env.REELGUARD_ADMIN_PASSWORD }),
  }).then((r) => r.json());
  const auth = { authorization: `Bearer ${login.accessToken}` };
  const page = async (query) => {
    const t = performance.now();
    const res = await fetch(`${base}/audit/access-logs?${new URLSearchParams(query)}`, { headers: auth });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`the API answered ${res.status}: ${JSON.stringify(body)}`);
    return { ms: performance.now() - t, body };
  };
  const dayRange = (d) => {
    const from = new Date(now - (d + 1) * DAY_MS);
    return { from: from.toISOString(), to: new Date(from.getTime() + DAY_MS).toISOString() };
  };

  // 3. First pages: one video, one day. The hot video fills the page; an ordinary one has ~15 rows.
  for (let i = 0; i < 30; i += 1) await page({ videoId: HOT, ...dayRange(i % DAYS) });
  const hot = [];
  const ordinary = [];
  for (let i = 0; i < 200; i += 1) {
    hot.push((await page({ videoId: HOT, ...dayRange((i * 7) % DAYS), limit: '100' })).ms);
    ordinary.push(
      (await page({ videoId: videoId((i * 37) % VIDEOS || 1), ...dayRange((i * 11) % DAYS), limit: '100' })).ms,
    );
  }
  const pageMedianMs = median(hot);
  say(
    `first page (video + one day, 100 rows): median ${fmt(pageMedianMs, 2)} ms; an ordinary video (~15 rows): ${fmt(median(ordinary), 2)} ms (bound: <= 10)`,
  );

  // 4. A page deep in the same kind of range: walk 50 pages in, then time that page.
  const range = { videoId: HOT, ...dayRange(3), limit: '100' };
  let cursor = null;
  let depth = 0;
  for (; depth < 50; depth += 1) {
    const { body } = await page({ ...range, ...(cursor ? { cursor } : {}) });
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  const deep = [];
  for (let i = 0; i < 200; i += 1) deep.push((await page({ ...range, cursor })).ms);
  const deepPageMedianMs = median(deep);
  say(`page ${depth + 1} of the same range: median ${fmt(deepPageMedianMs, 2)} ms`);

  // 5. Export everything while sampling the API's RSS.
  await new Promise((r) => setTimeout(r, 1000));
  const rssBefore = rssMiB(api.pid);
  const sampler = sampleRss(api.pid);
  started = performance.now();
  const res = await fetch(`${base}/audit/access-logs/export?format=csv`, { headers: auth });
  let lines = 0;
  let bytes = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i += 1) if (chunk[i] === 10) lines += 1;
  }
  const exportSec = (performance.now() - started) / 1000;
  const peak = sampler.stop();
  const exportRssGrowthMiB = peak - rssBefore;
  say(
    `export: ${lines - 1} rows, ${fmt(bytes / 1024 ** 2)} MiB in ${fmt(exportSec, 1)} s (${fmt((lines - 1) / exportSec, 0)} rows/s); ` +
      `API RSS ${fmt(rssBefore)} MiB before, ${fmt(peak)} MiB peak, growth ${fmt(exportRssGrowthMiB)} MiB (bound: < 100)`,
  );
  if (lines - 1 < TOTAL) throw new Error(`the export held ${lines - 1} rows, expected at least ${TOTAL}`);

  // 6. Seal everything and let the API recompute the chain (printed only, no bar).
  await new DigestSealer(audit.pool, {
    windowSec: 60,
    hmacKey: env.AUDIT_HMAC_KEY,
  }).sealDue(new Date(Date.now() + 5 * 60_000));
  started = performance.now();
  const verify = await fetch(`${base}/audit/verify`, { headers: auth }).then((r) => r.json());
  const verifySec = (performance.now() - started) / 1000;
  say(
    `verify: ok=${verify.ok}, ${verify.entries} entries re-hashed in ${fmt(verifySec, 1)} s (${fmt(verify.entries / verifySec, 0)} entries/s)`,
  );

  // 7. The indexes ascending (migration 0007) against descending, in databases of their own.
  const indexOrder = await compareIndexOrder({
    entries: Number(process.env.BENCH_AUDIT_INDEX_ENTRIES ?? 100_000),
  });

  say(
    JSON.stringify({
      pageMedianMs: fmt(pageMedianMs, 2),
      deepPageMedianMs: fmt(deepPageMedianMs, 2),
      writerPerSec: fmt(writerPerSec, 0),
      exportRssGrowthMiB: fmt(exportRssGrowthMiB),
      indexOrderCpuOneSession: fmt(indexOrder['one session'], 3),
      indexOrderCpu64Sessions: fmt(indexOrder['64 sessions'], 3),
    }),
  );
} finally {
  await audit.close();
  await stop(api);
  await stop(s3);
  await db.drop();
  work.remove();
}
