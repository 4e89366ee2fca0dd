// A PostgreSQL 15 cluster of the test's own (initdb into a temporary folder, a free port, its
// own socket folder, trust authentication), so a test can stop and start PostgreSQL without
// touching the shared server others use. initdb and pg_ctl refuse root: they run as `postgres`.
import { execFile } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes.js';

const exec = promisify(execFile);
const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database: string): string;
  /** `pg_ctl stop -m fast`: sessions are cut, the server is gone until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (if running) and removes its folder. */
  destroy(): Promise<void>;
}

async function asPostgres(cwd: string, command: string, args: string[]): Promise<string> {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]]
    : [join(BIN, command), args];
  try {
    const { stdout, stderr } = await exec(file, argv, { cwd, timeout: 120_000 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: error });
  }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const base = await mkdtemp(join(tmpdir(), 'reelguard-pg-'));
  const data = join(base, 'data');
  const sockets = join(base, 'sockets');
  await mkdir(sockets);
  if (process.getuid?.() === 0) {
    const uid = Number((await exec('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await exec('id', ['-g', 'postgres'])).stdout.trim());
    await chown(base, uid, gid);
    await chown(sockets, uid, gid);
  }
  const port = await freePort();
  await asPostgres(base, 'initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  let running = false;
  const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = async () => {
    await asPostgres(base, 'pg_ctl', [
      '-D',
      data,
      '-l',
      join(base, 'server.log'),
      '-o',
      options,
      '-w',
      '-t',
      '60',
      'start',
    ]);
    running = true;
  };
  const stop = async () => {
    await asPostgres(base, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    running = false;
  };
  await start();
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    start,
    async destroy() {
      if (running) await stop().catch(() => undefined);
      await rm(base, { recursive: true, force: true });
    },
  };
}
