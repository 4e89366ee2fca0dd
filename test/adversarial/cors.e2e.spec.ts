// Cross-origin reads against the running platform: only the configured origins, compared
// exactly, are echoed (with Vary: Origin); look-alikes of every kind get no grant, on simple
// requests, preflights, errors and streaming refusals alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectHealthy, raw, signedInUser, startRig, type Rig, type SignedIn } from './support.js';

const ALLOWED = ['https://app.reelguard.test', 'https://admin.reelguard.test:8443'];
let rig: Rig;
let viewer: SignedIn;

beforeAll(async () => {
  rig = await startRig({ CORS_ORIGINS: ALLOWED.join(',') });
  viewer = await signedInUser(rig, 'viewer');
}, 300_000);
afterAll(async () => {
  await rig?.stop();
});

const probes = () => [
  { name: 'GET /auth/me with a token', path: '/auth/me', method: 'GET', auth: true },
  { name: 'GET /health', path: '/health', method: 'GET', auth: false },
  { name: 'a 401 from a protected route', path: '/users', method: 'GET', auth: false },
  { name: 'a streaming refusal', path: '/videos/AAAAAAAAAAAAAAAAAAAAAA/key', method: 'GET', auth: false },
  { name: 'a preflight for /auth/me', path: '/auth/me', method: 'OPTIONS', auth: false },
];

function send(origin: string | string[], probe: ReturnType<typeof probes>[number]) {
  const headers: Record<string, string> = { origin: Array.isArray(origin) ? origin.join(', ') : origin };
  if (probe.auth) headers.authorization = `Bearer ${viewer.token}`;
  if (probe.method === 'OPTIONS') {
    headers['access-control-request-method'] = 'GET';
    headers['access-control-request-headers'] = 'authorization';
  }
  return raw(rig.url, probe.path, { method: probe.method, headers });
}

describe('origins that are not allowed get no grant', () => {
  it.each<[string, string | string[]]>([
    ['the null origin (sandboxed frames, file: pages)', 'null'],
    ['a look-alike host', 'https://app-reelguard.test'],
    ['a look-alike with a digit for a letter', 'https://app.reelguard.te5t'],
    ['a suffix host (allowed host inside a longer name)', 'https://evilapp.reelguard.test'],
    ['a subdomain of the allowed host', 'https://x.app.reelguard.test'],
    ['the allowed host as a prefix of the attacker’s', 'https://app.reelguard.test.attacker.example'],
    ['the right host over the wrong scheme', 'http://app.reelguard.test'],
    ['the right host on another port', 'https://app.reelguard.test:444'],
    ['the allowed origin without its port', 'https://admin.reelguard.test'],
    ['a trailing slash', 'https://app.reelguard.test/'],
    ['upper case', 'HTTPS://APP.REELGUARD.TEST'],
    ['a user-info trick', 'https://app.reelguard.test@attacker.example'],
    ['two origins in one header', ['https://app.reelguard.test', 'https://attacker.example']],
    ['an internationalised look-alike', 'https://xn--pp-7ka.reelguard.test'],
  ])('%s', async (_case, origin) => {
    for (const probe of probes()) {
      const res = await send(origin, probe);
      expect(res.headers['access-control-allow-origin'], probe.name).toBeUndefined();
      expect(res.headers['access-control-allow-credentials'], probe.name).toBeUndefined();
      if (probe.auth) expect(res.status).toBe(200);
    }
  });
});

describe('allowed origins', () => {
  it.each(ALLOWED)('%s is echoed exactly, with Vary: Origin, on every kind of answer', async (origin) => {
    for (const probe of probes()) {
      const res = await send(origin, probe);
      expect(res.headers['access-control-allow-origin'], probe.name).toBe(origin);
      expect(String(res.headers.vary), probe.name).toMatch(/\bOrigin\b/i);
    }
    const preflight = await send(origin, probes().at(-1)!);
    expect(preflight.status).toBe(204);
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/authorization/i);
    expect(preflight.headers['access-control-allow-origin']).not.toBe('*');
  });

  it('never answers with a wildcard, even without an Origin header, and stays healthy', async () => {
    const res = await raw(rig.url, '/health');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    await expectHealthy(rig);
  });
});
