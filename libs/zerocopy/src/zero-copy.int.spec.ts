import { randomBytes } from 'node:crypto';
import { fstatSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket, type Server } from 'node:net';
import { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { loadZeroCopy, plainSocketFd, ZeroCopySendError, type ZeroCopy } from './zero-copy.js';

function native(): ZeroCopy {
  const loaded = loadZeroCopy();
  if (!loaded.zeroCopy) throw new Error(`zero-copy sending is unavailable on Linux: ${loaded.reason}`);
  return loaded.zeroCopy;
}

/** A connected pair of TCP sockets on loopback: the server's end and the client's. */
async function socketPair(servers: Server[]): Promise<{ server: Socket; client: Socket }> {
  let accepted!: (socket: Socket) => void;
  const serverSide = new Promise<Socket>((resolve) => (accepted = resolve));
  const server = createServer(accepted);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', resolve));
  return { server: await serverSide, client };
}

function readAll(client: Socket, expected: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  return new Promise((resolve, reject) => {
    client.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= expected) resolve(Buffer.concat(chunks));
    });
    client.once('error', reject);
  });
}

describe('zero-copy sending (Linux)', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('loads the native module on Linux', () => {
    expect(process.platform).toBe('linux');
    expect(loadZeroCopy().zeroCopy).not.toBeNull();
  });

  it('seals a copy: the view shows the bytes as they were, and the memfd refuses writes', () => {
    const zeroCopy = native();
    const original = randomBytes(100_000);
    const expected = Buffer.from(original);
    const body = zeroCopy.seal(original);
    original.fill(0);
    expect(body.bytes.equals(expected)).toBe(true);
    expect(fstatSync(body.fd).size).toBe(100_000);
    expect(() => writeFileSync(`/proc/self/fd/${body.fd}`, 'x')).toThrow(/EPERM|EACCES/);
    zeroCopy.release(body);
    expect(() => fstatSync(body.fd)).toThrow(/EBADF/);
    expect(body.bytes.equals(expected)).toBe(true);
  });

  it('refuses an empty body and a range outside the body', () => {
    const zeroCopy = native();
    expect(() => zeroCopy.seal(Buffer.alloc(0))).toThrow(/empty/);
    const body = zeroCopy.seal(Buffer.from('abc'));
    expect(() => zeroCopy.sendNow(0, null, body, 2, 2)).toThrow(RangeError);
    zeroCopy.release(body);
  });

  it('sends a whole body and a range, byte for byte', async () => {
    const zeroCopy = native();
    const { server, client } = await socketPair(servers);
    sockets.push(server, client);
    const bytes = randomBytes(300_000);
    const body = zeroCopy.seal(bytes);
    const fd = plainSocketFd(server)!;
    expect(fd).toBeGreaterThan(2);
    const head = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n', 'latin1');
    const received = readAll(client, 300_000 + head.length + 1000);
    expect(zeroCopy.sendNow(fd, null, body, 0, 300_000)).toBe(300_000);
    expect(zeroCopy.sendNow(fd, head, body, 5000, 1000)).toBe(head.length + 1000);
    const got = await received;
    expect(got.subarray(0, 300_000).equals(bytes)).toBe(true);
    expect(got.subarray(300_000, 300_000 + head.length).equals(head)).toBe(true);
    expect(got.subarray(300_000 + head.length).equals(bytes.subarray(5000, 6000))).toBe(true);
    zeroCopy.release(body);
  });

  it('stops where a full socket would block, and the rest written the usual way completes the body', async () => {
    const zeroCopy = native();
    const { server, client } = await socketPair(servers);
    sockets.push(server, client);
    client.pause(); // nothing is read until the socket's buffers are full
    const size = 64 * 1024 * 1024;
    const bytes = randomBytes(size);
    const body = zeroCopy.seal(bytes);
    const sent = zeroCopy.sendNow(plainSocketFd(server)!, null, body, 0, size);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(size);
    expect(zeroCopy.sendNow(plainSocketFd(server)!, null, body, sent, size - sent)).toBe(0); // still full
    server.end(body.bytes.subarray(sent));
    client.resume();
    expect((await readAll(client, size)).equals(bytes)).toBe(true);
    zeroCopy.release(body);
  });

  it('reports a socket the peer has closed', async () => {
    const zeroCopy = native();
    const { server, client } = await socketPair(servers);
    sockets.push(server);
    server.on('error', () => undefined);
    const fd = plainSocketFd(server);
    expect(fd).not.toBeNull();
    const body = zeroCopy.seal(randomBytes(4 * 1024 * 1024));
    client.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(() => {
      // The first send may still be accepted by the kernel before it learns of the reset.
      for (let i = 0; i < 10; i += 1) zeroCopy.sendNow(fd!, null, body, 0, body.bytes.length);
    }).toThrow(ZeroCopySendError);
    zeroCopy.release(body);
  });

  it('gives a descriptor only for a plain TCP socket', async () => {
    const { server, client } = await socketPair(servers);
    sockets.push(server, client);
    expect(plainSocketFd(server)).toEqual(expect.any(Number));
    expect(plainSocketFd(new TLSSocket(client))).toBeNull();
    expect(plainSocketFd({ _handle: { fd: 3 } })).toBeNull();
    expect(plainSocketFd(null)).toBeNull();
    server.destroy();
    expect(plainSocketFd(server)).toBeNull();
  });
});
