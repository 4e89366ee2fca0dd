// `npm test`: every test of the repository against the real services (PostgreSQL, Redis, the
// embedded S3 server, FFmpeg, Chromium), ending with the line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { ensureAll, root } from './ensure.mjs';

const say = (line) => process.stdout.write(`reelguard: ${line}\n`);

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

ensureAll({ browser: true });

const pg = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const missing = [];
if (!(await reachable(pg.hostname, Number(pg.port || 5432))))
  missing.push(`PostgreSQL at ${pg.host} (set TEST_DATABASE_URL)`);
if (!(await reachable(redis.hostname, Number(redis.port || 6379))))
  missing.push(`Redis at ${redis.host} (set TEST_REDIS_URL)`);
if (missing.length > 0) {
  say(`the tests need ${missing.join(' and ')}: start it and run npm test again.`);
  process.exit(1);
}

const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --disable-warning=NodeVersionSupportWarning`.trim(),
  },
});
process.exit(result.status ?? 1);
