// A load balancer keeps its connections to the API open and reuses them for as long as its own
// idle timeout (60 s on AWS's, 75 s on Google's). If the API closed an idle connection sooner,
// a request sent on it at that moment would be lost and the balancer would answer 502. So an
// idle keep-alive connection lives as long as HTTP_IDLE_TIMEOUT_SEC, which defaults above 60 s.
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../../test/harness.js';

let api: ApiHarness;
let port: number;

beforeAll(async () => {
  api = await startApi();
  await api.app.listen(0, '127.0.0.1');
  port = (api.app.getHttpServer().address() as AddressInfo).port;
});

afterAll(async () => {
  await api?.close();
});

interface Answer {
  status: number | undefined;
  keepAlive: unknown;
  /** Sent on a connection an earlier request had used (and the API had kept open). */
  reusedSocket: boolean;
}

function health(agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode, keepAlive: res.headers['keep-alive'], reusedSocket: req.reusedSocket }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('idle keep-alive connections', () => {
  it('are kept for the idle timeout, not Node’s 5 s, and say so in Keep-Alive', async () => {
    expect(api.config.HTTP_IDLE_TIMEOUT_SEC).toBe(65);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await health(agent);
      expect(first).toMatchObject({ status: 200, keepAlive: 'timeout=65' });
      // Idle for longer than Node's default keep-alive timeout, then send on the same connection.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(await health(agent)).toMatchObject({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  }, 20_000);
});
