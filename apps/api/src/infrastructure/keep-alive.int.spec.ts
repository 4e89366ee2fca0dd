// A load balancer keeps its connections to the API open and reuses them for as long as its own
// idle timeout (60 s on AWS's, 75 s on Google's). If the API closed an idle connection sooner,
// a request sent on it at that moment would be lost and the balancer would answer 502. So an
// idle keep-alive connection lives as long as HTTP_IDLE_TIMEOUT_SEC, which defaults above 60 s.
import { connect, type Socket } from 'node:net';
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

/** Sends one request on the socket and resolves with the whole response head and body as text. */
function exchange(socket: Socket, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const headEnd = received.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(received);
      if (headEnd >= 0 && length && received.length >= headEnd + 4 + Number(length[1])) {
        socket.off('data', onData).off('close', onClose);
        resolve(received);
      }
    };
    const onClose = () => reject(new Error(`the API closed the connection; received ${JSON.stringify(received)}`));
    socket.on('data', onData).on('close', onClose);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  });
}

describe('idle keep-alive connections', () => {
  it('are kept for the idle timeout, not Node’s 5 s, and say so in Keep-Alive', async () => {
    expect(api.config.HTTP_IDLE_TIMEOUT_SEC).toBe(65);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const first = await exchange(socket, '/health');
      expect(first).toMatch(/^HTTP\/1\.1 200 /);
      expect(first).toMatch(/\r\nkeep-alive: timeout=65\r\n/i);
      // Idle for longer than Node's default keep-alive timeout, then reuse the connection.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(socket.destroyed).toBe(false);
      const second = await exchange(socket, '/health');
      expect(second).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      socket.destroy();
    }
  }, 20_000);
});
