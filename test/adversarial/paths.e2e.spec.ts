// Path tricks on the streaming routes, sent byte for byte over a raw socket (fetch would
// normalise most of them away). Each must be answered 400 or 404 with no storage request at
// all: every request the platform makes to object storage passes a counting proxy in front of
// the embedded S3 server, and the count must not move.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import {
  userAgentFor,
  auditEntry,
  expectHealthy,
  expectNoLeak,
  play,
  publishedClip,
  raw,
  signedInUser,
  startRig,
  tokenOf,
  tripwire,
  type Playback,
  type Rig,
  type VideoView,
} from './support.js';

let rig: Rig;
let video: VideoView;
let playback: Playback;
let token: string;

beforeAll(async () => {
  rig = await startRig();
  const viewer = await signedInUser(rig, 'viewer');
  video = await publishedClip(rig);
  playback = await play(rig, viewer.token, video.id);
  // A genuine token rides along, so the refusal cannot be blamed on a missing one.
  token = encodeURIComponent(tokenOf(playback.urls.get('key')!));
}, 300_000);
afterAll(async () => {
  await rig?.stop();
});

/** Sends `GET <target> HTTP/1.1` exactly as given (bytes, not a string a client could fix up). */
function rawSocket(target: Buffer | string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(rig.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        Buffer.concat([
          Buffer.from('GET '),
          Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'),
          Buffer.from(` HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`),
        ]),
      );
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    socket.on('error', reject);
  });
}

const cases = (): [string, string][] => {
  const v = video.id;
  const r = [...playback.segments.keys()][0]!;
  return [
    ['plain ../', `/videos/${v}/../${v}/key?token=${token}`],
    ['../ out of the video', `/videos/${v}/../../etc/passwd?token=${token}`],
    ['..%2f', `/videos/${v}/..%2fkey?token=${token}`],
    ['..%2F twice to the source', `/videos/${v}/..%2F..%2Fsource?token=${token}`],
    ['%2e%2e%2f', `/videos/${v}/%2e%2e%2fkey?token=${token}`],
    ['%2e%2e in the video key', `/videos/%2e%2e/manifest.m3u8?token=${token}`],
    ['double encoding %252e%252e%252f', `/videos/${v}/%252e%252e%252fkey?token=${token}`],
    ['..%5c', `/videos/${v}/..%5ckey?token=${token}`],
    ['a raw backslash', `/videos/${v}/..\\key?token=${token}`],
    ['overlong UTF-8 dots and slash %c0%ae%c0%ae%c0%af', `/videos/${v}/%c0%ae%c0%ae%c0%afkey?token=${token}`],
    ['overlong UTF-8 slash %e0%80%af', `/videos/${v}/..%e0%80%afkey?token=${token}`],
    ['a NUL byte %00', `/videos/${v}/key%00?token=${token}`],
    ['a NUL before an extension', `/videos/${v}/${r}_init.mp4%00.m3u8?token=${token}`],
    [';/../ (path parameter)', `/videos/${v}/${r}.m3u8;/../key?token=${token}`],
    [';..%2f', `/videos/${v}/key;..%2f..%2fsource?token=${token}`],
    ['one-dot leaders U+2024', `/videos/${v}/%E2%80%A4%E2%80%A4%2Fkey?token=${token}`],
    ['fullwidth full stops U+FF0E', `/videos/${v}/%EF%BC%8E%EF%BC%8E%EF%BC%8Fkey?token=${token}`],
    ['an absolute http URL as the rendition', `/videos/${v}/http:%2F%2F127.0.0.1:1%2Fx.m3u8?token=${token}`],
    ['a protocol-relative URL as the rendition', `/videos/${v}/%2F%2Fevil.example%2Fx.m3u8?token=${token}`],
    ['a file URL as the rendition', `/videos/${v}/file:%2F%2F%2Fetc%2Fpasswd?token=${token}`],
    ['an upper-case look-alike name', `/videos/${v}/${r.toUpperCase()}.M3U8?token=${token}`],
    ['a trailing dot', `/videos/${v}/key.?token=${token}`],
    ['the source object by name', `/videos/${v}/source?token=${token}`],
  ];
};

describe('path tricks on the streaming routes', () => {
  it('answers every one 400 or 404, leaks nothing, and never reaches storage', async () => {
    const before = rig.storage.requests.length;
    const answers: string[] = [];
    for (const [label, target] of cases()) {
      for (const candidate of [target, target.replace(/\?token=.*$/, '')]) {
        const res = await rawSocket(candidate);
        answers.push(`${label} → ${res.status}`);
        expect([400, 404], `${label}: ${candidate} → ${res.status}`).toContain(res.status);
        expectNoLeak(res.text, rig);
      }
    }
    expect(answers).toHaveLength(cases().length * 2);
    expect(rig.storage.requests.slice(before)).toEqual([]);
    await expectHealthy(rig);
  });

  it.each([
    ['../ in the name (decoded once by the router)', (v: string) => `/videos/${v}/..%2fkey`, '../key'],
    ['a NUL in the name', (v: string) => `/videos/${v}/key%00`, 'key?'],
    [
      'an absolute URL as the name',
      (v: string) => `/videos/${v}/http:%2F%2F127.0.0.1:1%2Fx.m3u8`,
      'http://127.0.0.1:1/x.m3u8',
    ],
  ])('audits %s as a denied name_malformed, with no session', async (label, make, resource) => {
    const ua = userAgentFor(label);
    const before = rig.storage.requests.length;
    const res = await raw(rig.url, `${make(video.id)}?token=${token}`, { headers: { 'user-agent': ua } });
    expect(res.status).toBe(404);
    const entry = await auditEntry(rig, { videoId: video.id, outcome: 'denied' }, (e) => e.userAgent === ua);
    expect(entry).toMatchObject({ reason: 'name_malformed', sessionId: null, resource });
    expect(rig.storage.requests.slice(before)).toEqual([]);
  });

  it('treats an absolute-form request target’s authority as nothing to fetch: served locally or refused', async () => {
    const listener = await tripwire();
    try {
      const before = rig.storage.requests.length;
      const local = await rawSocket(`${listener.url}${playback.urls.get('key')!}`);
      expect(local.status).toBe(200);
      const traversal = await rawSocket(`${listener.url}/videos/${video.id}/..%2fsource?token=${token}`);
      expect([400, 404]).toContain(traversal.status);
      expectNoLeak(traversal.text, rig);
      expect(rig.storage.requests.slice(before)).toEqual([]);
      expect(listener.hits).toEqual([]);
    } finally {
      await listener.close();
    }
  });

  it('answers invalid UTF-8 and raw high bytes in the path 400 or 404 without storage', async () => {
    const before = rig.storage.requests.length;
    for (const target of [
      Buffer.concat([
        Buffer.from(`/videos/${video.id}/`),
        Buffer.from([0xc0, 0xae, 0xc0, 0xae, 0x2f]),
        Buffer.from('key'),
      ]),
      `/videos/${video.id}/%ff%fe?token=${token}`,
      `/videos/${video.id}/%?token=${token}`,
    ]) {
      const res = await rawSocket(target);
      expect([400, 404], `${String(target)} → ${res.status}`).toContain(res.status);
      expectNoLeak(res.text, rig);
    }
    expect(rig.storage.requests.slice(before)).toEqual([]);
    await expectHealthy(rig);
  });

  it('the genuine key URL still works after all of it (the baseline)', async () => {
    const res = await fetch(`${rig.url}${playback.urls.get('key')!}`);
    expect(res.status).toBe(200);
  });
});
