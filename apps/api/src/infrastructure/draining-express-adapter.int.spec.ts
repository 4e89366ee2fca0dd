import 'reflect-metadata';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterEach, describe, expect, it } from 'vitest';
import { DrainingExpressAdapter } from './draining-express-adapter.js';

let release: () => void = () => undefined;

// Decorators applied by hand: test files are compiled without decorator support.
class ProbeController {
  fast(): string {
    return 'ok';
  }

  async hang(): Promise<string> {
    await new Promise<void>((resolve) => (release = resolve));
    return 'late';
  }
}
for (const [name, path] of [
  ['fast', 'fast'],
  ['hang', 'hang'],
] as const) {
  const descriptor = Object.getOwnPropertyDescriptor(ProbeController.prototype, name)!;
  Get(path)(ProbeController.prototype, name, descriptor);
}
Controller()(ProbeController);

class ProbeModule {}
Module({ controllers: [ProbeController] })(ProbeModule);

interface Answer {
  status: number | null;
  connection: string | undefined;
  error?: string;
}

function get(port: number, path: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? null, connection: res.headers.connection }));
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: null, connection: undefined, error: error.code ?? error.message }),
    );
    req.end();
  });
}

async function start(drainTimeoutMs: number): Promise<{ app: NestExpressApplication; port: number }> {
  const adapter = new DrainingExpressAdapter(drainTimeoutMs);
  const app = await NestFactory.create<NestExpressApplication>(ProbeModule, adapter, { logger: false });
  app.use(adapter.closeConnectionsWhileDraining);
  await app.listen(0, '127.0.0.1');
  return { app, port: (app.getHttpServer().address() as AddressInfo).port };
}

describe('DrainingExpressAdapter', () => {
  let app: NestExpressApplication | undefined;
  afterEach(async () => {
    release();
    await app?.close().catch(() => undefined);
    app = undefined;
  });

  it('ends busy keep-alive connections on shutdown, so clients that keep sending are refused, not served forever', async () => {
    const started = await start(10_000);
    app = started.app;
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const answers: Answer[] = [];
    let closing = false;
    let closed = false;
    // Eight clients send back to back on kept-alive connections, as a load balancer would.
    const client = async () => {
      // Each keeps sending until the server refuses its connection (or 5,000 requests).
      for (let i = 0; i < 5000; i += 1) {
        if (i === 50 && !closing) {
          closing = true;
          void started.app.close().then(() => (closed = true));
        }
        const answer = await get(started.port, '/fast', agent);
        answers.push(answer);
        if (answer.error === 'ECONNREFUSED') break;
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    agent.destroy();

    expect(closed).toBe(true);
    const served = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.error);
    // Before the signal, connections stay open; the shutdown closes them and refuses new ones.
    expect(served.length).toBeGreaterThanOrEqual(50);
    expect(served.slice(0, 50).every((a) => a.connection === 'keep-alive')).toBe(true);
    // Every client ends refused; a request sent on a connection just closed as idle may be reset.
    expect(refused.filter((a) => a.error === 'ECONNREFUSED')).toHaveLength(8);
    expect(refused.filter((a) => a.error !== 'ECONNREFUSED' && a.error !== 'ECONNRESET')).toEqual([]);
    // Far fewer than the 40,000 requests the clients would have sent to a server that never drains.
    expect(answers.length).toBeLessThan(1000);
    app = undefined;
  });

  it('lets a request in flight finish, and closes the connection once the drain time is over', async () => {
    const started = await start(300);
    app = started.app;
    const agent = new Agent({ keepAlive: true });
    const hanging = get(started.port, '/hang', agent);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const began = Date.now();
    await started.app.close();
    const answer = await hanging;
    agent.destroy();
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
    expect(answer).toMatchObject({ status: null, error: 'ECONNRESET' });
    app = undefined;
  });

  it('answers a request in flight when it finishes within the drain time', async () => {
    const started = await start(10_000);
    app = started.app;
    const agent = new Agent({ keepAlive: true });
    const hanging = get(started.port, '/hang', agent);
    await new Promise((resolve) => setTimeout(resolve, 100));
    let closedAt = 0;
    const closing = started.app.close().then(() => (closedAt = Date.now()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The server waits for the request in flight...
    expect(closedAt).toBe(0);
    const releasedAt = Date.now();
    release();
    const answer = await hanging;
    await closing;
    agent.destroy();
    expect(answer.status).toBe(200);
    // ...and closes its kept-alive connection as soon as it is answered, not after keep-alive's 5 s.
    expect(closedAt - releasedAt).toBeLessThan(1000);
    app = undefined;
  });
});
