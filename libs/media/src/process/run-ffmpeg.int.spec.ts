import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaToolError } from './media-tool-error.js';
import type { FfmpegProgress } from './progress.js';
import { runFfmpeg } from './run-ffmpeg.js';

// A lavfi source read at native speed: runs until stopped, using little CPU.
const endless = [
  '-hide_banner',
  '-nostdin',
  '-re',
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=64x64:rate=5',
  '-progress',
  'pipe:1',
  '-f',
  'null',
  '-',
];

async function failureOf(run: Promise<unknown>): Promise<MediaToolError> {
  const error: unknown = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof MediaToolError)) throw new Error(`expected a MediaToolError, got ${String(error)}`);
  return error;
}

describe('runFfmpeg', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelguard-run-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports progress as a growing fraction of the duration, ending at 1', async () => {
    const reports: FfmpegProgress[] = [];
    const args = [
      '-hide_banner',
      '-nostdin',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=25:duration=3',
      '-progress',
      'pipe:1',
      '-stats_period',
      '0.05',
      '-f',
      'null',
      '-',
    ];
    await runFfmpeg(args, { timeoutMs: 20_000, durationSec: 3, onProgress: (p) => reports.push(p) });
    expect(reports.length).toBeGreaterThan(1);
    expect(reports[reports.length - 1]).toMatchObject({ fraction: 1, done: true });
    const fractions = reports.map((r) => r.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it('kills FFmpeg at the time limit', async () => {
    const started = Date.now();
    const error = await failureOf(runFfmpeg(endless, { timeoutMs: 400 }));
    expect(error.failure).toBe('timeout');
    expect(error.message).toMatch(/did not finish within/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops FFmpeg when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const error = await failureOf(runFfmpeg(endless, { timeoutMs: 20_000, signal: controller.signal }));
    expect(error.failure).toBe('aborted');
  });

  it('does not start at all when already aborted', async () => {
    const error = await failureOf(runFfmpeg(endless, { timeoutMs: 20_000, signal: AbortSignal.abort() }));
    expect(error.failure).toBe('aborted');
  });

  it('sends SIGKILL to a process that ignores SIGTERM, after the grace period', async () => {
    // Ignored signals survive exec, so "sleep" itself ignores SIGTERM.
    const started = Date.now();
    const error = await failureOf(
      runFfmpeg(['-c', 'trap "" TERM; exec sleep 30'], { timeoutMs: 200, killGraceMs: 300, ffmpegPath: '/bin/sh' }),
    );
    expect(error).toMatchObject({ failure: 'timeout', signal: 'SIGKILL' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails with the last lines of stderr, naming files but not their folders; the command is kept apart', async () => {
    const missing = join(dir, 'no-such-source.mp4');
    const error = await failureOf(
      runFfmpeg(['-hide_banner', '-nostdin', '-i', missing, '-f', 'null', '-'], { timeoutMs: 20_000 }),
    );
    expect(error.failure).toBe('exit');
    expect(error.exitCode).not.toBe(0);
    expect(error.message).toContain('no-such-source.mp4: No such file or directory');
    expect(error.message).not.toContain(dir);
    expect(error.stderrTail.join('\n')).not.toContain(dir);
    expect(error.command).toContain(missing);
  });

  it('dies with the process that started it, even one killed outright', async () => {
    const marker = `reelguard-orphan-${process.pid}-${Date.now()}`;
    // As the worker runs it: an x264 encode, nothing on stderr, progress on stdout. Without the
    // parent-death signal such an FFmpeg outlives a killed parent by seconds.
    const args = [
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=30:duration=120',
      '-progress',
      'pipe:1',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-metadata',
      `title=${marker}`,
      '-f',
      'null',
      '-',
    ];
    const script = `import('${new URL('../../dist/index.js', import.meta.url).href}').then((m) => m.runFfmpeg(${JSON.stringify(args)}, { timeoutMs: 60_000 }))`;
    const parent = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    /** Live FFmpeg processes carrying the marker (not the parent, whose script names it too). */
    const ffmpegPids = () =>
      readdirSync('/proc')
        .filter((pid) => /^\d+$/.test(pid))
        .filter((pid) => {
          try {
            const [program, ...rest] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
            const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
            return program!.endsWith('ffmpeg') && rest.some((arg) => arg.includes(marker)) && state !== 'Z';
          } catch {
            return false;
          }
        });
    let running: string[] = [];
    for (let i = 0; i < 100 && running.length === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      running = ffmpegPids();
    }
    expect(running).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // encoding, progress flowing
    expect(ffmpegPids()).toEqual(running);
    parent.kill('SIGKILL');
    await new Promise((resolve) => parent.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ffmpegPids()).toEqual([]);
  });

  it('says so when FFmpeg cannot be started', async () => {
    const error = await failureOf(runFfmpeg(['-version'], { timeoutMs: 5_000, ffmpegPath: join(dir, 'not-ffmpeg') }));
    expect(error.failure).toBe('spawn');
    expect(error.message).toContain('ENOENT');
  });

  it('raises an error thrown by the progress callback once FFmpeg is done', async () => {
    const args = [
      '-hide_banner',
      '-nostdin',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=64x64:duration=1',
      '-progress',
      'pipe:1',
      '-f',
      'null',
      '-',
    ];
    await expect(
      runFfmpeg(args, {
        timeoutMs: 20_000,
        durationSec: 1,
        onProgress: () => {
          throw new Error('callback broke');
        },
      }),
    ).rejects.toThrow('callback broke');
  });
});
