// Hostile uploads against the running platform (API and worker as `npm start` runs them):
// files that are not videos, videos that lie about themselves, playlists (bare, or inside a
// container) and container references that would make FFmpeg read local files or the network,
// hostile file names, slow clients and too many uploads.
// Whatever the verdict (refused at once, or `failed` by the worker), nothing of the upload may
// stay in storage, nothing local may end up in it, and the platform stays healthy.
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHlsPlaylistSource, generateTestVideo, generateTruncatedMp4 } from '@reelguard/testing';
import {
  generateAviWithGab2Playlist,
  generateHugeDimensions,
  generateLyingDuration,
  generateManyStreams,
  generateMovWithExternalReference,
} from './crafted-media.js';
import {
  auditEntry,
  expectHealthy,
  expectNoLeak,
  settled,
  signedInUser,
  sleep,
  startRig,
  tripwire,
  upload,
  type Rig,
  type VideoView,
} from './support.js';

const TIMEOUT_SEC = 3;
let rig: Rig;
let clip: Buffer;

beforeAll(async () => {
  rig = await startRig({
    HTTP_HEADERS_TIMEOUT_SEC: String(TIMEOUT_SEC),
    HTTP_IDLE_TIMEOUT_SEC: String(TIMEOUT_SEC),
    UPLOAD_MAX_CONCURRENT_PER_USER: '2',
    TRANSCODE_ATTEMPTS: '1',
  });
  const generated = await generateTestVideo({ durationSec: 2, width: 320, height: 180 });
  clip = await readFile(generated.path);
  await generated.remove();
}, 300_000);
afterAll(async () => {
  await rig?.stop();
});

const objectsOf = async (videoId: string) =>
  (await rig.storage.keys()).filter((k) => k.startsWith(`videos/${videoId}/`));

/** An upload refused at the door: the status, a clean message, an audit entry, no object stored. */
async function refusedAtOnce(bytes: Buffer, filename: string, status: number, reason: string): Promise<void> {
  const before = await rig.storage.keys();
  const res = await upload(rig, bytes, filename);
  expect(res.status, res.text).toBe(status);
  expect(res.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  expectNoLeak(res.text, rig);
  expect(await rig.storage.keys()).toEqual(before);
  await auditEntry(
    rig,
    { action: 'video.upload', outcome: 'denied' },
    (e) => e.reason === reason && Date.now() - Date.parse(e.at) < 30_000,
  );
}

/** An upload the worker must turn down: `failed` with a readable error, its objects gone. */
async function failedByWorker(bytes: Buffer, filename: string): Promise<string> {
  const res = await upload(rig, bytes, filename);
  expect(res.status, res.text).toBe(202);
  const id = String(res.body.id);
  const video = await settled(rig, id, 120_000);
  expect(video.status).toBe('failed');
  expect(video.error).toEqual(expect.any(String));
  expectNoLeak(String(video.error), rig);
  // The worker removes what it stored for a failed video (API.md: nothing of it is left).
  for (let i = 0; i < 20 && (await objectsOf(id)).length > 0; i += 1) await sleep(250);
  expect(await objectsOf(id)).toEqual([]);
  return String(video.error);
}

describe('files that are not videos', () => {
  it('a PDF renamed .mp4: 415 by its bytes, nothing stored, audited', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await refusedAtOnce(Buffer.concat([pdf, Buffer.alloc(4096, 0x20)]), 'report.mp4', 415, 'unsupported_media');
  });

  it('zero bytes: 400, nothing stored', async () => {
    const before = await rig.storage.keys();
    const res = await upload(rig, Buffer.alloc(0), 'empty.mp4');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/empty/i);
    expect(await rig.storage.keys()).toEqual(before);
  });

  it.each([
    ['file:///etc/passwd', () => 'file:///etc/passwd'],
    ['an HTTP address on loopback', (url: string) => `${url}/segment.ts`],
  ])('an HLS playlist named .mp4 pointing at %s: 415, the target never touched, no local bytes stored', (_c, target) =>
    neverFetched(async (listenerUrl) => {
      const playlist = await generateHlsPlaylistSource({ target: target(listenerUrl) });
      await refusedAtOnce(await readFile(playlist.path), 'holiday.mp4', 415, 'unsupported_media');
      await playlist.remove();
    }),
  );
});

describe('videos that lie about themselves (the worker’s verdict)', () => {
  it('a truncated MP4 (index lost) ends failed with a readable error, nothing left', async () => {
    const truncated = await generateTruncatedMp4({ keepFraction: 0.5 });
    await failedByWorker(await readFile(truncated.path), 'cut.mp4');
    await truncated.remove();
  });

  it('a 16384×16384 picture ends failed, nothing left', async () => {
    const huge = await generateHugeDimensions(16384, 16384);
    await failedByWorker(await readFile(huge.path), 'huge.mov');
    await huge.remove();
  });

  it('a 16384×8192 picture (one FFmpeg can represent) is refused by the size limit', async () => {
    const wide = await generateHugeDimensions(16384, 8192);
    const error = await failedByWorker(await readFile(wide.path), 'wide.mov');
    expect(error).toMatch(/16384|too large|limit/i);
    await wide.remove();
  });

  it('a one-second file declaring 100 hours is refused by the duration limit', async () => {
    const long = await generateLyingDuration(100);
    const error = await failedByWorker(await readFile(long.path), 'long.mp4');
    expect(error).toMatch(/limit|long|lasts/i);
    await long.remove();
  });

  it('a file with 1,000 streams is refused by the stream limit', async () => {
    const many = await generateManyStreams(1000);
    const error = await failedByWorker(await readFile(many.path), 'many.mov');
    expect(error).toMatch(/stream/i);
    await many.remove();
  });
});

/**
 * Runs `attempt` beside a loopback listener that hostile media points at, then checks a second
 * later that nothing called it, that no stored object holds bytes of /etc/passwd, and that the
 * platform is healthy.
 */
async function neverFetched(attempt: (listenerUrl: string) => Promise<void>): Promise<void> {
  const listener = await tripwire();
  try {
    await attempt(listener.url);
    await sleep(1000);
    expect(listener.hits).toEqual([]);
    expect((await rig.storage.allBytes()).includes('root:x:0:0')).toBe(false);
    await expectHealthy(rig);
  } finally {
    await listener.close();
  }
}

/**
 * An upload the worker transcodes from its own two seconds of picture alone: `ready` with one
 * rendition, and in storage only the source and what the transcode made of it.
 */
async function transcodedFromItself(bytes: Buffer, filename: string): Promise<VideoView> {
  const res = await upload(rig, bytes, filename);
  expect(res.status, res.text).toBe(202);
  const id = String(res.body.id);
  const video = await settled(rig, id, 120_000);
  expect(video, JSON.stringify(video)).toMatchObject({ status: 'ready', progress: 100, durationSec: 2 });
  expect(video.error).toBeUndefined();
  expect(video.renditions).toEqual([{ name: '240p', width: 320, height: 180, bandwidth: expect.any(Number) }]);
  const made = ['master.m3u8', '240p.m3u8', '240p_init.mp4', '240p_00000.m4s', 'poster.jpg', 'storyboard.jpg'];
  const own = ['source', ...[...made, 'storyboard.vtt'].map((name) => `hls/${name}`)];
  expect((await objectsOf(id)).sort()).toEqual(own.map((key) => `videos/${id}/${key}`).sort());
  return video;
}

describe('containers that name other files (the worker’s verdict)', () => {
  it('an AVI whose GAB2 subtitle stream carries a playlist to file:// and loopback: ready from its own picture, the targets never touched', () =>
    neverFetched(async (listenerUrl) => {
      const avi = await generateAviWithGab2Playlist(['file:///etc/passwd', `${listenerUrl}/segment.ts`]);
      await transcodedFromItself(await readFile(avi.path), 'subtitled.avi');
      await avi.remove();
    }));

  it.each([
    ['file:///etc/passwd', () => 'file:///etc/passwd'],
    ['an HTTP address on loopback', (url: string) => `${url}/media.mov`],
  ])(
    'a MOV whose data reference (not self-contained) points at %s: ready from its own samples, the target never touched',
    (_c, target) =>
      neverFetched(async (listenerUrl) => {
        const mov = await generateMovWithExternalReference(target(listenerUrl));
        await transcodedFromItself(await readFile(mov.path), 'reference.mov');
        await mov.remove();
      }),
  );
});

describe('hostile file names', () => {
  it.each([
    ['a traversal', '../../../etc/cron.d/evil.mp4'],
    ['shell substitution', '$(id)`id`;rm -rf ~.mp4'],
    ['CRLF header injection', 'clip\r\nX-Injected: yes\r\n.mp4'],
    ['a right-to-left override', 'invoice\u202Egpj.mp4'],
    ['300 characters', `${'n'.repeat(296)}.mp4`],
  ])('%s: stored under the video id only, with a clean title', async (_case, filename) => {
    const res = await upload(rig, clip, filename);
    expect(res.status, res.text).toBe(202);
    const id = String(res.body.id);
    const keys = await rig.storage.keys();
    expect(keys.filter((k) => k.startsWith(`videos/${id}/`))).toEqual([`videos/${id}/source`]);
    expect(keys.every((k) => /^videos\/[A-Za-z0-9_-]{22}\/[A-Za-z0-9_./-]+$/.test(k) && !k.includes('..'))).toBe(true);
    const video = await rig.platform.api<{ title: string }>(`/videos/${id}`, { token: rig.adminToken });
    expect(video.body.title).not.toMatch(/[\r\n\u202E/\\]|\.\./);
    expect([...video.body.title].length).toBeLessThanOrEqual(200);
    expect((await rig.platform.api(`/videos/${id}`, { method: 'DELETE', token: rig.adminToken })).status).toBe(204);
  });
});

/** Opens a socket and sends `head`; resolves when the server closes it, with what it said. */
function openSocket(): Promise<{ socket: Socket; closed: Promise<string>; received: () => string }> {
  const { hostname, port } = new URL(rig.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      const closed = new Promise<string>((done) => socket.on('close', () => done(Buffer.concat(chunks).toString())));
      resolve({ socket, closed, received: () => Buffer.concat(chunks).toString() });
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

function multipartHead(length: number, boundary: string, token = rig.adminToken): string {
  const { host } = new URL(rig.url);
  return [
    'POST /videos/upload HTTP/1.1',
    `Host: ${host}`,
    `Authorization: Bearer ${token}`,
    `Content-Type: multipart/form-data; boundary=${boundary}`,
    `Content-Length: ${length}`,
    '',
    '',
  ].join('\r\n');
}

function filePart(boundary: string): string {
  return `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.mp4"\r\nContent-Type: video/mp4\r\n\r\n`;
}

describe('slow and greedy clients', () => {
  it('slow headers: the server closes the socket while the client is still dribbling them', async () => {
    const { socket, closed } = await openSocket();
    let clientDone = false;
    void (async () => {
      socket.write(`GET /health HTTP/1.1\r\nHost: x\r\n`);
      for (let i = 0; i < 60 && !socket.destroyed; i += 1) {
        await sleep(500);
        if (!socket.destroyed) socket.write(`X-Slow-${i}: ${'a'.repeat(10)}\r\n`);
      }
      clientDone = true;
    })();
    const said = await closed;
    // Closed by the server while the client still had headers to send (it never sent the end).
    expect(clientDone).toBe(false);
    expect(said).not.toMatch(/"status":"ok"/);
    await expectHealthy(rig);
  });

  it('a stalled body: the server closes the socket, and nothing of the upload is kept', async () => {
    const before = await rig.storage.keys();
    const { socket, closed } = await openSocket();
    const boundary = 'slowbody';
    socket.write(multipartHead(10 * 1024 * 1024, boundary));
    socket.write(filePart(boundary));
    socket.write(clip.subarray(0, 64 * 1024));
    await closed;
    expect(socket.destroyed).toBe(true);
    for (let i = 0; i < 20 && (await rig.storage.keys()).length !== before.length; i += 1) await sleep(250);
    expect(await rig.storage.keys()).toEqual(before);
    await expectHealthy(rig);
  });

  it('a third concurrent upload of one user is 429 while two are running; nothing is left once they are cut', async () => {
    const before = await rig.storage.keys();
    const initiated = () => rig.storage.requests.filter((r) => r.startsWith('POST ') && r.includes('?uploads')).length;
    const initiatedBefore = initiated();
    const boundary = 'concurrent';
    // An admin of its own: the per-user count starts at zero whatever earlier uploads left.
    const uploader = await signedInUser(rig, 'admin');
    const running = await Promise.all([openSocket(), openSocket()]);
    let sending = true;
    for (const { socket } of running) {
      socket.write(multipartHead(50 * 1024 * 1024, boundary, uploader.token));
      socket.write(filePart(boundary));
      socket.write(clip.subarray(0, 32 * 1024));
      // More than one 5 MiB part, so each upload visibly opens a multipart upload in storage.
      socket.write(Buffer.alloc(6 * 1024 * 1024, 0x2e));
      // Then keep both alive (never idle), far slower than they claim to be.
      void (async () => {
        while (sending && !socket.destroyed) {
          socket.write(Buffer.alloc(1024, 0x2e));
          await sleep(300);
        }
      })();
    }
    // Both are past the per-user slot once storage has seen both multipart uploads open.
    for (let i = 0; i < 80 && initiated() < initiatedBefore + 2; i += 1) await sleep(250);
    expect(initiated(), running.map((r) => r.received().split('\r\n')[0]).join(' | ')).toBe(initiatedBefore + 2);
    const third = await upload(rig, clip, 'third.mp4', {}, uploader.token);
    sending = false;
    expect(third.status, third.text).toBe(429);
    expectNoLeak(third.text, rig);
    for (const { socket, closed } of running) {
      socket.destroy();
      await closed;
    }
    for (let i = 0; i < 20 && (await rig.storage.keys()).length !== before.length; i += 1) await sleep(250);
    expect(await rig.storage.keys()).toEqual(before);
    await expectHealthy(rig);
  });
});
