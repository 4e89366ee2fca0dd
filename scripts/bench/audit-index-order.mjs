// Part of `npm run bench:audit`: what the order of the trail's indexes costs PostgreSQL per entry.
// Two scratch databases, one migrated as the platform is, one as it was before migration 0007
// (the same indexes descending: the baseline). Into each, the same entries through the same
// AccessLogStore, in COPY batches of 500 (about 100 ms of a busy API process), the batches of two
// writers overlapping in time as two API workers' do; first all from one playback session (the
// pattern of `npm run bench:stream`), then from 64 sessions at once. Alternating rounds; the
// figure is the CPU time of the one PostgreSQL backend that wrote them, read from /proc.
import { AccessLogStore, AuditDatabase } from '@reelguard/audit';
import { dataSourceOptions, MIGRATIONS } from '@reelguard/persistence';
import { DataSource } from 'typeorm';
import { cpuSec, fmt, median, say, scratchDatabase } from './lib.mjs';

const BATCH = 500;
const PATTERNS = [
  { name: 'one session', sessions: 1 },
  { name: '64 sessions', sessions: 64 },
];

async function migratedDatabase(migrations) {
  const db = await scratchDatabase();
  const source = new DataSource({ ...dataSourceOptions(db.url, { poolSize: 1, logErrors: false }), migrations });
  await source.initialize();
  await source.destroy();
  const audit = new AuditDatabase(db.url, { max: 1, applicationName: 'reelguard-bench' });
  const { rows } = await audit.pool.query('SELECT pg_backend_pid() AS pid');
  return { db, audit, store: new AccessLogStore(audit.pool), pid: rows[0].pid };
}

/** `count` entries of `sessions` sessions, `at` rising 0.2 ms apart, two writers' batches overlapping. */
function* batches(count, sessions, start) {
  let at = start;
  for (let b = 0; b * BATCH < count; b += 1) {
    // Every second batch starts half a batch back in time: the other worker's.
    if (b % 2 === 1) at -= (BATCH * 0.2) / 2;
    const entries = [];
    for (let i = 0; i < BATCH; i += 1) {
      at += 0.2;
      const n = b * BATCH + i;
      const s = n % sessions;
      entries.push({
        at: new Date(Math.floor(at)),
        action: 'segment',
        outcome: 'granted',
        reason: null,
        userId: `00000000-0000-4000-8000-${String(s).padStart(12, '0')}`,
        sessionId: `sess${String(s).padStart(18, '0')}`,
        videoId: `vid${String(s % 8).padStart(19, '0')}`,
        resource: `360p_${String(n % 900).padStart(5, '0')}.m4s`,
        ip: '198.51.100.7',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
        requestId: `bench-${n}`,
      });
    }
    yield entries;
  }
}

async function writeRound(target, count, sessions, start) {
  const walBefore = (await target.audit.pool.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l;
  const cpuBefore = cpuSec([target.pid]);
  for (const entries of batches(count, sessions, start)) {
    await target.store.insert(entries.map((e) => target.store.encode(e)));
  }
  const cpu = cpuSec([target.pid]) - cpuBefore;
  const { rows } = await target.audit.pool.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::float8 AS d', [
    walBefore,
  ]);
  return { usPerEntry: (cpu * 1e6) / count, walPerEntry: rows[0].d / count };
}

async function indexBytes(target) {
  const { rows } = await target.audit.pool.query(
    `SELECT coalesce(sum(pg_indexes_size(inhrelid)), 0)::float8 AS b FROM pg_inherits WHERE inhparent = 'access_logs'::regclass`,
  );
  return rows[0].b;
}

/** Runs the comparison; returns, per pattern, the ascending/descending ratio of CPU per entry. */
export async function compareIndexOrder({ entries = 100_000, rounds = 3 } = {}) {
  const last = MIGRATIONS.findIndex((m) => m.name.startsWith('AuditIndexesAscending'));
  if (last < 0) throw new Error('migration 0007 (AuditIndexesAscending) is not in MIGRATIONS');
  say(
    `index order: ${rounds} rounds of ${entries} entries per pattern into each database, COPY batches of ${BATCH}; ` +
      'baseline: the indexes descending, as before migration 0007',
  );
  const ratios = {};
  for (const pattern of PATTERNS) {
    const targets = {
      ascending: await migratedDatabase(MIGRATIONS),
      descending: await migratedDatabase(MIGRATIONS.slice(0, last)),
    };
    try {
      const runs = { ascending: [], descending: [] };
      const start = Date.now() - 2 * 3_600_000;
      for (let round = 0; round < rounds; round += 1) {
        // The order alternates, so neither always writes to a warmer cache.
        const order = round % 2 === 0 ? ['descending', 'ascending'] : ['ascending', 'descending'];
        for (const name of order) {
          runs[name].push(await writeRound(targets[name], entries, pattern.sessions, start + round * entries * 0.2));
        }
      }
      const summary = {};
      for (const name of ['descending', 'ascending']) {
        summary[name] = {
          us: median(runs[name].map((r) => r.usPerEntry)),
          wal: median(runs[name].map((r) => r.walPerEntry)),
          mib: (await indexBytes(targets[name])) / 1024 ** 2,
        };
        say(
          `index order, ${pattern.name}, ${name}: PostgreSQL CPU ${runs[name].map((r) => fmt(r.usPerEntry)).join(' / ')} µs per entry ` +
            `(median ${fmt(summary[name].us)}), WAL ${fmt(summary[name].wal, 0)} B per entry, indexes ${fmt(summary[name].mib)} MiB`,
        );
      }
      ratios[pattern.name] = summary.ascending.us / summary.descending.us;
      say(
        `index order, ${pattern.name}: ascending / descending = ${fmt(ratios[pattern.name], 3)} CPU, ` +
          `${fmt(summary.ascending.wal / summary.descending.wal, 3)} WAL, ${fmt(summary.ascending.mib / summary.descending.mib, 3)} index size`,
      );
    } finally {
      for (const target of Object.values(targets)) {
        await target.audit.close();
        await target.db.drop();
      }
    }
  }
  return ratios;
}
