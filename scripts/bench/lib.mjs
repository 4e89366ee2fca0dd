// Shared plumbing for the benchmark scripts: temp folders, child processes on free ports,
// RSS sampling from /proc, and a throw-away database.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { root } from '../ensure.mjs';
import { nodeArgs } from '../node-flags.mjs';

export const say = (line) => process.stdout.write(`${line}\n`);

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function scratchDatabase() {
  const name = `reelguard_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds (user + system) used so far by these local processes, from /proc. */
export function cpuSec(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* the process ended */
    }
  }
  return ticks / CLOCK_TICKS;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Spawns a node script of this repository (path relative to the root) with its flags from
 * node-flags.mjs, as `npm start` runs it; keeps the last 4,000 characters of its output.
 * `profileDir`: the process writes a V8 CPU profile there when it stops.
 */
export function spawnNode(script, env, profileDir) {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs(script), ...profile, join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, tail: () => tail };
}

/**
 * Starts a node script of this repository; resolves once `ready(line)` matches a line of its output.
 * BENCH_CPU_PROF=<folder>: every process started so writes a V8 CPU profile there when it stops.
 */
export function startNode(script, env, ready, name = script) {
  const { child, tail } = spawnNode(script, env, process.env.BENCH_CPU_PROF);
  let pending = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop();
      if (lines.some((line) => ready(line))) {
        child.stdout.off('data', onData);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`${name} exited (${code}) before it was ready:\n${tail().slice(-2000)}`)),
    );
  });
}

export function stop(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Samples a process's RSS every 50 ms until stopped; returns the peak. */
export function sampleRss(pid) {
  let peak = rssMiB(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(pid));
    } catch {
      /* the process ended */
    }
  }, 50);
  return { stop: () => (clearInterval(timer), peak) };
}

export const fmt = (n, digits = 1) => Number(n.toFixed(digits));
