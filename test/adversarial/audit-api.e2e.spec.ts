// The audit API under hostile parameters, its CSV export against formula injection, and the
// tamper evidence against a superuser editing or deleting rows behind the API's back.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  userAgentFor,
  auditEntry,
  expectErrorBody,
  expectHealthy,
  raw,
  sleep,
  startRig,
  type AuditItem,
  type Rig,
} from './support.js';

let rig: Rig;

beforeAll(async () => {
  rig = await startRig({ AUDIT_SEAL_WINDOW_SEC: '2' });
}, 300_000);
afterAll(async () => {
  await rig?.stop();
});

const get = (path: string) => raw(rig.url, path, { headers: { authorization: `Bearer ${rig.adminToken}` } });

describe('hostile query parameters', () => {
  it.each([
    ['an operator key userId[$ne]', 'userId[$ne]=', 'userId'],
    ['an operator key outcome[$gt]', 'outcome[$gt]=a', 'outcome'],
    ['an array action[]', 'action[]=login&action[]=segment', 'action'],
    ['a repeated parameter', 'outcome=granted&outcome=denied', 'outcome'],
    ['a prototype key', '__proto__[admin]=1', '__proto__'],
    ['SQL in a filter', "videoId=x'%20OR%20'1'='1", 'videoId'],
    ['limit 1e9', 'limit=1e9', 'limit'],
    ['limit NaN', 'limit=NaN', 'limit'],
    ['a malformed cursor', 'cursor=eyJub3QiOiJhIGN1cnNvciJ9', 'cursor'],
  ])('refuses %s: 400 naming it, no leak', async (_case, query, named) => {
    const res = await get(`/audit/access-logs?${query}`);
    expectErrorBody(res, rig, 400);
    expect(JSON.parse(res.body).message).toContain(named);
  });

  it.each([
    ['1000000000', 1000],
    ['-1', 1],
    ['0', 1],
  ])('clamps limit=%s into 1–1000', async (limit, bound) => {
    const res = await get(`/audit/access-logs?limit=${limit}`);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { items: unknown[] }).items.length).toBeLessThanOrEqual(bound);
  });

  it('answers a ten-year range by pages, and refuses ten years of hourly or daily chart buckets', async () => {
    const range = 'from=2016-01-01&to=2026-12-31';
    const page = await get(`/audit/access-logs?${range}&limit=5`);
    expect(page.status).toBe(200);
    expect((JSON.parse(page.body) as { items: unknown[] }).items.length).toBeLessThanOrEqual(5);
    expect((await get(`/audit/verify?${range}`)).status).toBe(200);
    for (const bucket of ['hour', 'day'])
      expectErrorBody(await get(`/audit/stats?${range}&bucket=${bucket}`), rig, 400);
    await expectHealthy(rig);
  });
});

describe('CSV export', () => {
  it('neutralises cells starting with =, +, -, @ that an attacker put in the trail', async () => {
    const payloads = ['=HYPERLINK("http://attacker.example","x")', "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)'];
    for (const payload of payloads) {
      // A refused stream request records the attacker's user agent as given.
      await raw(rig.url, '/videos/AAAAAAAAAAAAAAAAAAAAAA/key', { headers: { 'user-agent': payload } });
    }
    // A refused sign-in records the attempted e-mail (trimmed and lower-cased).
    await raw(rig.url, '/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: '=cmd|"/c calc"!a1', password: 'whatever-password' }),
    });
    await auditEntry(rig, { action: 'login', outcome: 'denied' }, (e) => e.resource?.startsWith('=cmd') === true);
    await auditEntry(rig, { outcome: 'denied' }, (e) => e.userAgent === payloads.at(-1));
    const res = await get('/audit/access-logs/export?format=csv&outcome=denied');
    expect(res.status).toBe(200);
    const cells = parseCsv(res.body).flat();
    for (const payload of [...payloads, '=cmd|"/c calc"!a1']) {
      expect(cells).toContain(`'${payload}`);
      expect(cells).not.toContain(payload);
    }
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('tamper evidence', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: rig.databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  /** Writes as a superuser with the append-only triggers switched off, as an intruder would. */
  async function behindTheApi(sql: string, params: unknown[]): Promise<number> {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const result = await client.query(sql, params);
    await client.query('COMMIT');
    return result.rowCount ?? 0;
  }

  async function sealedEntry(): Promise<AuditItem & { lastId: string }> {
    const ua = userAgentFor('to-be-tampered');
    await raw(rig.url, '/videos/AAAAAAAAAAAAAAAAAAAAAA/key', { headers: { 'user-agent': ua } });
    const entry = await auditEntry(rig, { outcome: 'denied' }, (e) => e.userAgent === ua);
    for (let i = 0; i < 120; i += 1) {
      const digest = await client.query<{ last_id: string }>(
        'SELECT last_id::text FROM audit_digests WHERE first_id <= $1 AND last_id >= $1',
        [entry.id],
      );
      if (digest.rows[0]) return { ...entry, lastId: digest.rows[0].last_id };
      await sleep(250);
    }
    throw new Error(`entry ${entry.id} was not sealed within 30 s`);
  }

  const verify = async () =>
    JSON.parse((await get('/audit/verify')).body) as {
      ok: boolean;
      firstMismatch?: { reason: string; firstId: string; lastId: string };
    };

  it('reports a row altered behind the API’s back, and is whole again once it is put back', async () => {
    const entry = await sealedEntry();
    expect((await verify()).ok).toBe(true);
    expect(await behindTheApi("UPDATE access_logs SET outcome = 'granted' WHERE id = $1", [entry.id])).toBe(1);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstMismatch?.reason).toBe('entries_altered');
    expect(BigInt(report.firstMismatch!.firstId) <= BigInt(entry.id)).toBe(true);
    expect(BigInt(report.firstMismatch!.lastId) >= BigInt(entry.id)).toBe(true);
    await behindTheApi("UPDATE access_logs SET outcome = 'denied' WHERE id = $1", [entry.id]);
    expect((await verify()).ok).toBe(true);
  });

  it('reports a row deleted behind the API’s back', async () => {
    const entry = await sealedEntry();
    expect(await behindTheApi('DELETE FROM access_logs WHERE id = $1', [entry.id])).toBe(1);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstMismatch?.reason).toBe('entries_altered');
    expect(BigInt(report.firstMismatch!.lastId) >= BigInt(entry.id)).toBe(true);
    await expectHealthy(rig);
  });

  it('refuses the same edits through the normal path: the trail is append-only even for the owner role', async () => {
    await expect(
      client.query("UPDATE access_logs SET reason = 'x' WHERE id = (SELECT max(id) FROM access_logs)"),
    ).rejects.toThrow(/append-only/);
    await expect(client.query('DELETE FROM access_logs')).rejects.toThrow(/append-only/);
  });
});

/** RFC 4180: quoted cells with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
