// Cached segments go to plain TCP sockets by sendfile(2) from sealed memory (ADR 0056). The
// bytes, headers and framing must be exactly those of the copying path: whole bodies, ranges,
// HEAD (headers only) and pipelined requests on one connection.
import { Agent, get as httpGet } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTestLadder, listeningUrl, publishTestVideo, type EncodedLadder } from '../../../test/hls-fixture.js';
import { startApi, type ApiHarness } from '../../../test/harness.js';
import { binary, followPlaylists, startPlayback, type PlayerView } from '../../../test/stream-client.js';
import { SegmentServer } from './segment-server.js';

const VARYING = ['date', 'x-request-id', 'connection', 'keep-alive'];

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends `requests` pipelined on one connection and splits what comes back by Content-Length. */
async function pipelined(baseUrl: string, requests: { method: string; path: string }[]): Promise<RawResponse[]> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  const text = requests
    .map(({ method, path }, i) =>
      [
        `${method} ${path} HTTP/1.1`,
        'Host: reelguard.test',
        ...(i === requests.length - 1 ? ['Connection: close'] : []),
        '',
        '',
      ].join('\r\n'),
    )
    .join('');
  socket.write(text);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve, reject) => {
    socket.once('close', resolve);
    socket.once('error', reject);
  });
  let rest = Buffer.concat(chunks);
  return requests.map(({ method }) => {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) throw new Error(`no complete response head in ${rest.length} bytes`);
    const [statusLine, ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const length = method === 'HEAD' ? 0 : Number(headers['content-length']);
    const body = rest.subarray(end + 4, end + 4 + length);
    rest = rest.subarray(end + 4 + length);
    return { status: Number(statusLine!.split(' ')[1]), headers, body };
  });
}

describe('sending cached segments without copying them', () => {
  let api: ApiHarness;
  let copying: ApiHarness;
  let ladder: EncodedLadder;
  let view: PlayerView;
  let segments: string[];
  /** Every sendfile: the body bytes asked for, and how many of head and body went at once. */
  const sends: { length: number; sent: number; head: number }[] = [];
  let socketTakes: ((head: number, body: number) => { head: number; body: number }) | null = null;

  beforeAll(async () => {
    api = await startApi({ PLAYBACK_DOWNLOAD_ALLOWANCE_SEC: '86400' });
    copying = await startApi(
      { PLAYBACK_DOWNLOAD_ALLOWANCE_SEC: '86400', SEGMENT_ZERO_COPY: 'false' },
      { sharedWith: api },
    );
    ladder = await encodeTestLadder({ durationSec: 4, segmentSec: 1 });
    const video = await publishTestVideo(api, ladder, { title: 'Zero copy' });
    const viewer = await api.createUser('viewer');
    view = await followPlaylists(api, (await startPlayback(api, viewer.token, video)).manifestUrl);
    segments = [...view.urls.entries()]
      .filter(([name]) => name.endsWith('.m4s') || name.endsWith('.mp4'))
      .map(([, p]) => p);
    // The real sendfile, counted.
    const zeroCopy = api.app.get(SegmentServer).zeroCopy!;
    const sendNow = zeroCopy.sendNow.bind(zeroCopy);
    zeroCopy.sendNow = (socketFd, head, body, offset, length) => {
      // A socket that takes less than everything at once, played by sending less for real.
      if (socketTakes && head) {
        const take = socketTakes(head.length, length);
        const sent =
          take.head < head.length
            ? sendNow(socketFd, head.subarray(0, take.head), body, offset, 0)
            : sendNow(socketFd, head, body, offset, take.body);
        sends.push({ length, sent, head: head.length });
        return sent;
      }
      const sent = sendNow(socketFd, head, body, offset, length);
      sends.push({ length, sent, head: head?.length ?? 0 });
      return sent;
    };
  });
  afterAll(async () => {
    await ladder?.remove();
    await copying?.close();
    await api?.close();
  });

  const get = (harness: ApiHarness, path: string, range?: string) => {
    const request = harness.http.get(path);
    if (range) request.set('Range', range);
    return request.buffer(true).parse(binary);
  };
  const comparable = (headers: Record<string, string>) =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !VARYING.includes(name)));

  it('is on here, and the copying instance has it off', () => {
    expect(api.app.get(SegmentServer).zeroCopy).not.toBeNull();
    expect(copying.app.get(SegmentServer).zeroCopy).toBeNull();
  });

  it('sends every init and media segment, once cached, by sendfile with the bytes and headers of the copying path', async () => {
    expect(segments.length).toBeGreaterThanOrEqual(6);
    for (const path of segments) {
      const cold = await get(api, path);
      expect(cold.status, path).toBe(200);
      const before = sends.length;
      const hot = await get(api, path);
      expect(sends.length, `${path} went by sendfile`).toBe(before + 1);
      const last = sends.at(-1)!;
      expect(last.head).toBeGreaterThan(100); // the status line and headers, in the same call
      expect(last).toEqual({
        length: (cold.body as Buffer).length,
        sent: last.head + (cold.body as Buffer).length,
        head: last.head,
      });
      const copied = await get(copying, path);
      expect((hot.body as Buffer).equals(cold.body as Buffer), path).toBe(true);
      expect((copied.body as Buffer).equals(cold.body as Buffer), path).toBe(true);
      expect(comparable(hot.headers), path).toEqual(comparable(copied.headers));
    }
    const stats = api.app.get(SegmentServer).cache.stats();
    expect(stats.sealed).toBe(segments.length);
    expect(copying.app.get(SegmentServer).cache.stats()).toMatchObject({ entries: segments.length, sealed: 0 });
  });

  it('completes a response the socket took only part of: nothing, part of the head, or part of the body', async () => {
    const path = segments.find((p) => p.includes('.m4s'))!;
    const copied = await get(copying, path);
    const cases: [string, (head: number, body: number) => { head: number; body: number }][] = [
      ['nothing', () => ({ head: 0, body: 0 })],
      ['part of the head', () => ({ head: 10, body: 0 })],
      ['the head only', (head) => ({ head, body: 0 })],
      ['the head and half the body', (head, body) => ({ head, body: Math.floor(body / 2) })],
    ];
    try {
      for (const [what, takes] of cases) {
        socketTakes = takes;
        const before = sends.length;
        const hot = await get(api, path);
        expect(sends.length, what).toBe(before + 1);
        expect(hot.status, what).toBe(200);
        expect((hot.body as Buffer).equals(copied.body as Buffer), what).toBe(true);
        expect(comparable(hot.headers), what).toEqual(comparable(copied.headers));
      }
    } finally {
      socketTakes = null;
    }
  });

  it('sends a byte range of a cached segment from its offset', async () => {
    const path = segments.find((p) => p.includes('.m4s'))!;
    const whole = (await get(api, path)).body as Buffer;
    for (const range of ['bytes=100-199', `bytes=${whole.length - 50}-`, 'bytes=-10']) {
      const before = sends.length;
      const part = await get(api, path, range);
      const copied = await get(copying, path, range);
      expect(part.status, range).toBe(206);
      expect(sends.length, range).toBe(before + 1);
      expect((part.body as Buffer).equals(copied.body as Buffer), range).toBe(true);
      expect(part.headers['content-range']).toBe(copied.headers['content-range']);
    }
    expect(((await get(api, path, 'bytes=100-199')).body as Buffer).equals(whole.subarray(100, 200))).toBe(true);
  });

  it('keeps HTTP framing on one connection: HEAD gets headers only, pipelined GETs their exact bodies', async () => {
    const [first, second] = segments.filter((p) => p.includes('.m4s'));
    const expected = [(await get(api, first!)).body as Buffer, (await get(api, second!)).body as Buffer];
    const before = sends.length;
    const responses = await pipelined(await listeningUrl(api), [
      { method: 'HEAD', path: first! },
      { method: 'GET', path: first! },
      { method: 'GET', path: second! },
      { method: 'GET', path: first! },
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(responses[0]!.headers['content-length']).toBe(String(expected[0]!.length));
    expect(responses[1]!.body.equals(expected[0]!)).toBe(true);
    expect(responses[2]!.body.equals(expected[1]!)).toBe(true);
    expect(responses[3]!.body.equals(expected[0]!)).toBe(true);
    // A response queued behind an unfinished one has no socket yet: it goes the copying way.
    expect(sends.length - before).toBeLessThanOrEqual(3);
  });

  it('keeps a connection usable after sendfile: one keep-alive socket, one request after the other', async () => {
    const paths = segments.filter((p) => p.includes('.m4s')).slice(0, 3);
    const expected = await Promise.all(paths.map(async (p) => (await get(api, p)).body as Buffer));
    const base = await listeningUrl(api);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const before = sends.length;
    try {
      for (const [i, path] of paths.entries()) {
        const { body, reused } = await new Promise<{ body: Buffer; reused: boolean }>((resolve, reject) => {
          const request = httpGet(`${base}${path}`, { agent }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ body: Buffer.concat(chunks), reused: request.reusedSocket }));
          });
          request.on('error', reject);
        });
        expect(body.equals(expected[i]!), path).toBe(true);
        expect(reused, path).toBe(i > 0);
      }
    } finally {
      agent.destroy();
    }
    expect(sends.length - before).toBe(paths.length);
  });
});
