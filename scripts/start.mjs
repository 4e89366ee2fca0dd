// `npm start`: installs what is missing, builds, starts the embedded S3-compatible server (when
// S3_ENDPOINT is unset), the API (which serves both frontends) and the worker, and prints where
// everything is. Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { nodeArgs } from './node-flags.mjs';
import { ensureAll, root } from './ensure.mjs';

const say = (line) => process.stdout.write(`reelguard: ${line}\n`);
ensureAll();

// Secrets for local use are generated once and kept in data/secrets.env (mode 600): the master
// key must stay the same across restarts or stored content keys could no longer be unwrapped.
function localSecrets() {
  const dir = join(root, 'data');
  const file = join(dir, 'secrets.env');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(file)) {
    const lines = [
      `JWT_SECRET=${randomBytes(32).toString('base64url')}`,
      `PLAYBACK_TOKEN_KEYS=k1:${randomBytes(32).toString('base64url')}`,
      `MASTER_KEY=${randomBytes(32).toString('base64')}`,
      `AUDIT_HMAC_KEY=${randomBytes(32).toString('base64url')}`,
    ];
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const env = { ...localSecrets(), ...process.env };
const port = env.PORT ?? '3000';
const children = [];
let stopping = false;

function start(name, script, { onLine } = {}) {
  const child = spawn(process.execPath, [...nodeArgs(script), script], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push({ name, child });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      if (onLine?.(line)) return;
      const target = stream === child.stderr ? process.stderr : process.stdout;
      target.write(`[${name}] ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest.`);
      void stopAll(1);
    }
  });
  return child;
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  // Reverse order: the API and worker flush their work before storage goes away.
  for (const { child } of [...children].reverse()) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => {
  say('stopping…');
  void stopAll(0);
});
process.on('SIGTERM', () => void stopAll(0));

function waitFor(predicate, what, timeoutMs = 60_000) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (stopping) return reject(new Error('stopped'));
      if (await predicate().catch(() => false)) return resolve();
      if (Date.now() - started > timeoutMs)
        return reject(new Error(`${what} did not become ready in ${timeoutMs / 1000} s`));
      setTimeout(tick, 250);
    };
    void tick();
  });
}

if (!env.S3_ENDPOINT) {
  let ready = false;
  start('s3', 'libs/storage/dist/embedded-server-main.js', {
    onLine: (line) => {
      if (line.includes('"event":"ready"')) {
        ready = true;
        return true;
      }
      return false;
    },
  });
  await waitFor(async () => ready, 'the embedded S3 server', 20_000);
}

start('api', 'apps/api/dist/main.js');
try {
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200, 'the API', 90_000);
} catch (error) {
  if (!stopping) {
    say(error.message);
    await stopAll(1);
  }
}
start('worker', 'apps/worker/dist/main.js');

const base = `http://127.0.0.1:${port}`;
process.stdout.write(
  [
    '',
    '  Reelguard is running.',
    `  Viewer app:       ${base}/`,
    `  Admin dashboard:  ${base}/admin/`,
    `  API docs:         ${base}/docs`,
    `  Health:           ${base}/health`,
    `  Admin e-mail:     ${env.REELGUARD_ADMIN_EMAIL ?? 'admin@reelguard.local'} (the password is printed above when the admin is first created)`,
    '  Press Ctrl-C to stop.',
    '',
  ].join('\n') + '\n',
);
