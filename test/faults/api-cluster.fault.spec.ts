// The API as a cluster (API_WORKERS=2), with the real processes from dist/: one start-up of the
// database and the first admin, requests spread over both workers, metrics summed over them, a
// worker killed outright replaced while the API keeps answering, and SIGTERM to the primary
// ending every process cleanly.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabaseQuietly, testDatabaseUrl } from '@reelguard/testing';
import {
  cleanUpInTurn,
  freePort,
  prepareDeployment,
  startScript,
  waitUntil,
  type Deployment,
  type Proc,
} from './processes.js';

/** The pids of the API processes that said they listen, in order. */
function listeningPids(output: string): number[] {
  return [...output.matchAll(/^\{.*"msg":"Reelguard API listening".*$/gm)].map(
    (line) => (JSON.parse(line[0]) as { pid: number }).pid,
  );
}

/** The pids that logged a request to `path` (the request log's line, one per request). */
function servingPids(output: string, path: string): Set<number> {
  const pids = new Set<number>();
  for (const [line] of output.matchAll(/^\{.*"msg":"request completed".*$/gm)) {
    const entry = JSON.parse(line) as { pid: number; req?: { url?: string } };
    if (entry.req?.url === path) pids.add(entry.pid);
  }
  return pids;
}

/** GET on a new connection each time, so the primary hands every request to the next worker. */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ keepAlive: false });
    const req = request(url, { agent, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 5 s`)));
    req.on('error', reject).end();
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('API_WORKERS=2', () => {
  const databaseUrl = testDatabaseUrl('reelguard_fault');
  let deployment: Deployment;
  let api: Proc;

  beforeAll(async () => {
    deployment = await prepareDeployment(databaseUrl, { API_WORKERS: '2', HTTP_DRAIN_TIMEOUT_SEC: '5' });
    await deployment.startS3();
    api = await deployment.startApi();
    await waitUntil(() => listeningPids(api.output()).length === 2, 'both API workers listening', 60_000, api.output);
  }, 200_000);

  afterAll(
    () =>
      cleanUpInTurn(
        () => deployment?.stop(),
        () => dropDatabaseQuietly(databaseUrl),
      ),
    120_000,
  );

  it('starts once, spreads connections over both workers and sums their metrics', async () => {
    const workers = listeningPids(api.output());
    expect(new Set(workers).size).toBe(2);
    expect(workers).not.toContain(api.child.pid);
    // The first worker migrated and created the admin; the second found both done.
    expect(api.output().match(/First admin created/g)).toHaveLength(1);

    // Unauthenticated calls: logged (health checks are not), and counted under their own route.
    const statuses = [];
    for (let i = 0; i < 40; i += 1) statuses.push(await getOnNewConnection(`${deployment.url}/videos`));
    expect(statuses.filter((s) => s === 401)).toHaveLength(40);
    await waitUntil(
      () => servingPids(api.output(), '/videos').size === 2,
      'requests logged by both workers',
      10_000,
      api.output,
    );
    expect([...servingPids(api.output(), '/videos')].sort()).toEqual([...workers].sort());

    // Whichever worker answers the scrape, the count covers every worker's requests.
    for (let i = 0; i < 2; i += 1) {
      const scrape = await (await fetch(`${deployment.url}/metrics`)).text();
      const counted =
        /^reelguard_http_request_duration_seconds_count\{method="GET",route="\/videos",status="401"\} (\d+)$/m.exec(
          scrape,
        );
      expect(Number(counted?.[1])).toBe(40);
    }
  }, 60_000);

  it('replaces a worker killed outright and keeps answering meanwhile', async () => {
    const [victim, survivor] = listeningPids(api.output()) as [number, number];
    process.kill(victim, 'SIGKILL');
    // A connection handed to the victim in the instant before the primary sees it die is lost
    // with it; from then on the survivor takes every connection.
    await waitUntil(() => /an API worker died; starting another/.test(api.output()), 'the death noticed', 10_000);
    const statuses = [];
    for (let i = 0; i < 20; i += 1) statuses.push(await getOnNewConnection(`${deployment.url}/health`));
    // The survivor alone answers until the replacement listens: no request is lost.
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await waitUntil(
      () => listeningPids(api.output()).length === 3,
      'a replacement worker listening',
      60_000,
      api.output,
    );
    const replacement = listeningPids(api.output())[2]!;
    expect([victim, survivor]).not.toContain(replacement);
    expect(alive(survivor) && alive(replacement)).toBe(true);
  }, 90_000);

  it('stops every process on SIGTERM to the primary, cleanly', async () => {
    const workers = listeningPids(api.output()).filter(alive);
    expect(workers).toHaveLength(2);
    api.child.kill('SIGTERM');
    const exit = await api.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(workers.filter(alive)).toEqual([]);
    await expect(fetch(`${deployment.url}/health`)).rejects.toThrow();
  }, 60_000);
});

describe('API_WORKERS=2 when the first worker cannot start', () => {
  it('exits with the failure and the reason, without starting the others', async () => {
    const closedPort = await freePort();
    const api = await startScript(
      'api',
      'apps/api/dist/main.js',
      {
        API_WORKERS: '2',
        PORT: String(await freePort()),
        DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/reelguard`,
        LOG_LEVEL: 'info',
      },
      () => true,
    );
    const exit = await api.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(api.output()).toMatch(/reelguard-api: .*127\.0\.0\.1:\d+/);
    expect(listeningPids(api.output())).toEqual([]);
    expect(api.output().match(/stopping the API workers/g)).toHaveLength(1);
  }, 60_000);
});
