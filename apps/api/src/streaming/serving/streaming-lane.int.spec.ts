// The lane that answers stream resources ahead of Express must give the same answer as the
// routes behind Express: status, body, headers, error body and audit entry. A request with an
// `Origin` header always takes the Express path, so each resource is asked for both ways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '@reelguard/audit';
import { encodeTestLadder, publishTestVideo, type EncodedLadder } from '../../../test/hls-fixture.js';
import { startApi, type ApiHarness } from '../../../test/harness.js';
import { binary, followPlaylists, startPlayback, watchAudit, type PlayerView } from '../../../test/stream-client.js';
import { SegmentServer } from './segment-server.js';

const VARYING = ['date', 'x-request-id', 'connection', 'keep-alive'];
const FOREIGN_ORIGIN = 'https://elsewhere.example';

describe('the streaming lane', () => {
  let api: ApiHarness;
  let ladder: EncodedLadder;
  let video: string;
  let viewer: { id: string; token: string };
  let audit: AccessLogEntry[];
  let view: PlayerView;
  let manifestUrl: string;

  beforeAll(async () => {
    api = await startApi({ PLAYBACK_DOWNLOAD_ALLOWANCE_SEC: '86400' });
    ladder = await encodeTestLadder({ durationSec: 4, segmentSec: 1 });
    video = await publishTestVideo(api, ladder, { title: 'Lane' });
    viewer = await api.createUser('viewer');
    audit = watchAudit(api);
    manifestUrl = (await startPlayback(api, viewer.token, video)).manifestUrl;
    view = await followPlaylists(api, manifestUrl);
  });
  afterAll(async () => {
    await ladder?.remove();
    await api?.close();
  });

  async function both(path: string, requestId: string) {
    const lane = await api.http.get(path).set('X-Request-Id', `${requestId}-lane`).buffer(true).parse(binary);
    const routed = await api.http
      .get(path)
      .set('X-Request-Id', `${requestId}-routed`)
      .set('Origin', FOREIGN_ORIGIN)
      .buffer(true)
      .parse(binary);
    return { lane, routed };
  }

  const comparable = (headers: Record<string, string>) =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !VARYING.includes(name)));

  /** Requests that reached Express, counted at its entry. */
  let routedCount = 0;
  beforeAll(() => {
    const express = api.app.getHttpAdapter().getInstance() as unknown as { handle: (...args: unknown[]) => unknown };
    const handle = express.handle.bind(express);
    express.handle = (...args: unknown[]) => {
      routedCount += 1;
      return handle(...args);
    };
  });

  it('answers playlists, keys, init and media segments exactly as the routes behind Express do', async () => {
    const names = [...view.urls.keys()];
    const samples = [
      ...[...view.variants.values()].slice(0, 1),
      view.urls.get(names.find((n) => n === 'key')!)!,
      view.urls.get(names.find((n) => n.includes('init'))!)!,
      view.urls.get(names.find((n) => n.endsWith('.m4s') && !n.includes('init'))!)!,
    ];
    expect(samples).toHaveLength(4);
    const before = routedCount;
    for (const [i, path] of samples.entries()) {
      const mark = audit.length;
      const { lane, routed } = await both(path, `lane-sample-${i}`);
      expect(lane.status, path).toBe(200);
      expect(routed.status, path).toBe(200);
      expect(lane.headers['x-request-id']).toBe(`lane-sample-${i}-lane`);
      expect(comparable(lane.headers), path).toEqual(comparable(routed.headers));
      if (!path.includes('.m3u8')) expect((lane.body as Buffer).equals(routed.body as Buffer), path).toBe(true);
      // Playlists are signed afresh on every request: the same lines, other tokens.
      else
        expect(String(lane.body).replace(/token=[^\s"]+/g, 'token=*')).toBe(
          String(routed.body).replace(/token=[^\s"]+/g, 'token=*'),
        );
      const entries = audit.slice(mark);
      expect(entries.map((e) => [e.requestId, e.outcome, e.userId, e.ip])).toEqual([
        [`lane-sample-${i}-lane`, 'granted', viewer.id, '127.0.0.1'],
        [`lane-sample-${i}-routed`, 'granted', viewer.id, '127.0.0.1'],
      ]);
      expect(entries[0]!.action).toBe(entries[1]!.action);
    }
    // The lane really answered: of the two requests per resource, only one reached Express.
    expect(routedCount - before).toBe(samples.length);
  });

  it('gives a cached segment, sent by sendfile with its head, the security headers once, as Express does', async () => {
    const segment = [...view.urls.values()].find((p) => p.includes('.m4s') && !p.includes('init'))!;
    await api.http.get(segment).buffer(true).parse(binary); // cached now, if it was not
    const zeroCopy = api.app.get(SegmentServer).zeroCopy!;
    const sendNow = zeroCopy.sendNow.bind(zeroCopy);
    let sends = 0;
    zeroCopy.sendNow = (...args) => {
      sends += 1;
      return sendNow(...args);
    };
    const lane = await api.http.get(segment).set('X-Request-Id', 'lane-hot-lane').buffer(true).parse(binary);
    expect(sends).toBe(1);
    const routed = await api.http
      .get(segment)
      .set('X-Request-Id', 'lane-hot-routed')
      .set('Origin', FOREIGN_ORIGIN)
      .buffer(true)
      .parse(binary);
    zeroCopy.sendNow = sendNow;
    expect([lane.status, routed.status]).toEqual([200, 200]);
    expect(comparable(lane.headers)).toEqual(comparable(routed.headers));
    // Twice would read "nosniff, nosniff" here; absent would fail the comparison above.
    expect(lane.headers['x-content-type-options']).toBe('nosniff');
    expect(lane.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a forged token with the same status, body and audit entry either way', async () => {
    const segment = [...view.urls.values()].find((p) => p.includes('.m4s'))!;
    const forged = segment.replace(/token=([^&]+)/, (_m, t: string) => `token=${t.slice(0, -4)}AAAA`);
    const mark = audit.length;
    const { lane, routed } = await both(forged, 'lane-forged');
    expect(lane.status).toBe(403);
    expect(JSON.parse(String(lane.body))).toEqual(JSON.parse(String(routed.body)));
    expect(comparable(lane.headers)).toEqual(comparable(routed.headers));
    expect(audit.slice(mark).map((e) => [e.requestId, e.outcome, e.reason])).toEqual([
      ['lane-forged-lane', 'denied', 'token_bad_signature'],
      ['lane-forged-routed', 'denied', 'token_bad_signature'],
    ]);
  });

  it('reads the token parameter the same way: absent, twice, or percent-encoded', async () => {
    const segment = [...view.urls.values()].find((p) => p.includes('.m4s') && !p.includes('init'))!;
    const [path, token] = segment.split('?token=') as [string, string];
    const cases = [
      { query: '', status: 401, reason: 'token_missing' },
      { query: `?token=${token}&token=${token}`, status: 403, reason: 'token_malformed' },
      { query: `?token=${token.replaceAll('~', '%7E')}`, status: 200, reason: null },
    ];
    for (const [i, c] of cases.entries()) {
      const mark = audit.length;
      const { lane, routed } = await both(`${path}${c.query}`, `lane-query-${i}`);
      expect([lane.status, routed.status], c.query).toEqual([c.status, c.status]);
      expect(audit.slice(mark).map((e) => e.reason)).toEqual([c.reason, c.reason]);
    }
  });

  it('leaves encoded, cross-origin and other requests to Express', async () => {
    const segment = [...view.urls.values()].find((p) => p.includes('.m4s'))!;
    const before = routedCount;
    const encoded = segment.replace('.m4s', '%2Em4s');
    expect((await api.http.get(encoded).buffer(true).parse(binary)).status).toBe(200);
    expect((await api.http.head(segment)).status).toBe(200);
    expect((await api.http.get(`/videos/${video}`).set('Authorization', `Bearer ${viewer.token}`)).status).toBe(200);
    expect(routedCount - before).toBe(3);
  });
});

/**
 * The addresses the audit trail records for one segment asked for through the lane and then
 * through Express (a cross-origin request), both carrying `X-Forwarded-For: 203.0.113.7`.
 */
async function auditedAddressesWithForwardedHeader(env: Record<string, string>): Promise<Array<string | null>> {
  const api = await startApi({ PLAYBACK_DOWNLOAD_ALLOWANCE_SEC: '86400', ...env });
  const ladder = await encodeTestLadder({ durationSec: 2, segmentSec: 1 });
  try {
    const video = await publishTestVideo(api, ladder, { title: 'Lane and forwarded addresses' });
    const viewer = await api.createUser('viewer');
    const audit = watchAudit(api);
    const view = await followPlaylists(api, (await startPlayback(api, viewer.token, video)).manifestUrl);
    const segment = [...view.urls.values()].find((p) => p.includes('.m4s') && !p.includes('init'))!;
    const mark = audit.length;
    const get = (origin?: string) => {
      const req = api.http.get(segment).set('X-Forwarded-For', '203.0.113.7');
      return (origin ? req.set('Origin', origin) : req).buffer(true).parse(binary);
    };
    expect((await get()).status).toBe(200);
    expect((await get(FOREIGN_ORIGIN)).status).toBe(200);
    return audit.slice(mark).map((e) => e.ip);
  } finally {
    await ladder.remove();
    await api.close();
  }
}

describe('the streaming lane behind a trusted proxy', () => {
  it('audits the forwarded client address, as Express does', async () => {
    expect(await auditedAddressesWithForwardedHeader({ TRUST_PROXY: 'true' })).toEqual(['203.0.113.7', '203.0.113.7']);
  });
});

describe('the streaming lane without a trusted proxy', () => {
  it('audits the socket address, not one a client writes in X-Forwarded-For', async () => {
    const addresses = await auditedAddressesWithForwardedHeader({});
    expect(addresses).toHaveLength(2);
    for (const address of addresses) expect(address).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});
