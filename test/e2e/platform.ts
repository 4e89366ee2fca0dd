// Runs the platform exactly as `npm start` does (scripts/start.mjs: embedded S3 server, API with
// both frontends, worker) on free ports, in a fresh database and a fresh storage folder, for the
// end-to-end tests. Only the deployment's addresses and the first admin's password are set.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabaseQuietly, testDatabaseUrl } from '@reelguard/testing';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Account {
  id: string;
  email: string;
  password: string;
  role: 'admin' | 'viewer' | 'auditor';
}

export interface Platform {
  /** `http://127.0.0.1:<port>`: the viewer app at `/`, the dashboard at `/admin/`. */
  url: string;
  admin: Account;
  /** Everything the platform printed so far (for failure messages). */
  output(): string;
  /** Signs in through the API and returns an access token. */
  login(account: Pick<Account, 'email' | 'password'>): Promise<string>;
  /** Creates an account through the API as the first admin. */
  createUser(role: Account['role']): Promise<Account>;
  /** Calls the API with the admin's (or the given) token; answers the parsed JSON body. */
  api<T = unknown>(path: string, init?: RequestInit & { token?: string }): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startPlatform(env: Record<string, string> = {}): Promise<Platform> {
  const [port, s3Port] = [await freePort(), await freePort()];
  const storageDir = await mkdtemp(join(tmpdir(), 'reelguard-e2e-'));
  const databaseUrl = testDatabaseUrl('reelguard_e2e');
  const admin: Account = {
    id: '',
    email: 'admin@reelguard.test',
    password: 'e2e-admin-password-long',
    role: 'admin',
  };
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      S3_EMBEDDED_PORT: String(s3Port),
      S3_EMBEDDED_DIR: storageDir,
      REDIS_PREFIX: `e2e${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`,
      REELGUARD_ADMIN_EMAIL: admin.email,
      REELGUARD_ADMIN_PASSWORD: admin.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    await dropDatabaseQuietly(databaseUrl);
    await rm(storageDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the platform did not start in 120 s:\n${output}`)), 120_000);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`the platform exited (${code}) before it was running:\n${output}`));
      };
      child.once('exit', onExit);
      child.stdout?.on('data', () => {
        if (output.includes('Reelguard is running.')) {
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve();
        }
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  async function api<T>(path: string, init: RequestInit & { token?: string } = {}) {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    const bearer = token ?? (await login(admin));
    headers.set('authorization', `Bearer ${bearer}`);
    if (rest.body && typeof rest.body === 'string') headers.set('content-type', 'application/json');
    const res = await fetch(`${url}${path}`, { ...rest, headers });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async function login(account: Pick<Account, 'email' | 'password'>): Promise<string> {
    const res = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    const body = (await res.json()) as { accessToken?: string };
    if (res.status !== 200 || !body.accessToken)
      throw new Error(`login of ${account.email} failed: ${res.status} ${JSON.stringify(body)}`);
    return body.accessToken;
  }

  let counter = 0;
  return {
    url,
    admin,
    output: () => output,
    login,
    api,
    async createUser(role) {
      counter += 1;
      const email = `${role}${counter}-${Date.now()}@reelguard.test`;
      const password = `e2e-${role}-${counter}-password`;
      const res = await api<{ id: string }>('/users', {
        method: 'POST',
        body: JSON.stringify({ email, password, role }),
      });
      if (res.status !== 201) throw new Error(`creating a ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id, email, password, role };
    },
    stop,
  };
}
