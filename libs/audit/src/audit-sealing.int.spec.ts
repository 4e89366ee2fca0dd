// Sealing, verification, tamper evidence and retention against a real PostgreSQL: the chain
// verifies, and catches what an attacker with database access would do.
import { afterEach, describe, expect, it } from 'vitest';
import { digestHash, type DigestPart } from './canonical.js';
import { DigestSealer } from './digest-sealer.js';
import { DigestVerifier } from './digest-verifier.js';
import { AuditPartitions } from './partitions.js';
import { AuditWriter } from './audit-writer.js';
import { AccessLogStore } from './access-log-store.js';
import { AuditDatabase } from './audit-database.js';
import { KEY, MINUTE, closeTrails, entry, later, trail, write, type Trail } from './__fixtures__/trail.js';

afterEach(closeTrails);

describe('sealing and verification', () => {
  it('seals windows into a signed chain that verifies, covering late entries in the next digest', async () => {
    const t = await trail();
    await write(t, 300);
    const first = await t.sealer.sealDue(later(2));
    expect(first.status).toBe('sealed');
    if (first.status !== 'sealed') return;
    expect(first.digest).toMatchObject({ seq: 1, firstId: '1', lastId: '300', count: 300 });
    expect(await t.sealer.sealDue(later(2))).toEqual({ status: 'not_due' });

    // An entry whose `at` lies in the window already sealed, inserted afterwards.
    await write(t, 1, () => new Date(Date.now() - 10 * MINUTE));
    const second = await t.sealer.sealDue(later(4));
    expect(second.status === 'sealed' && second.digest).toMatchObject({
      seq: 2,
      firstId: '301',
      lastId: '301',
      count: 1,
      previousHash: first.digest.hash,
    });
    const empty = await t.sealer.sealDue(later(6));
    expect(empty.status === 'sealed' && empty.digest).toMatchObject({
      seq: 3,
      firstId: '302',
      lastId: '301',
      count: 0,
    });

    const report = await t.verifier.verify();
    expect(report).toMatchObject({ ok: true, checked: 3, entries: 301, unsealed: 0 });
    expect(report.firstMismatch).toBeUndefined();
    await write(t, 2);
    expect((await t.verifier.verify()).unsealed).toBe(2);
  });

  it('lets exactly one of several concurrent sealers seal a window', async () => {
    const t = await trail();
    await write(t, 50);
    const now = later(2);
    const sealers = Array.from({ length: 4 }, () => new DigestSealer(t.audit.pool, { windowSec: 60, hmacKey: KEY }));
    const outcomes = await Promise.all(sealers.map((s) => s.sealDue(now)));
    expect(outcomes.filter((o) => o.status === 'sealed')).toHaveLength(1);
    const { rows } = await t.audit.pool.query('SELECT count(*)::int AS n FROM audit_digests');
    expect(rows[0].n).toBe(1);
  });

  it('covers every entry exactly once while writers insert concurrently with sealing', async () => {
    const t = await trail();
    const other = new AuditDatabase(t.db.url, { max: 2 });
    const second = new AuditWriter(new AccessLogStore(other.pool), {
      maxBuffered: 1000,
      batchSize: 7,
      flushIntervalMs: 1,
    });
    const sealer = new DigestSealer(t.audit.pool, { windowSec: 1, hmacKey: KEY, graceSec: 0 });
    let writing = true;
    const produce = async (w: AuditWriter, offset: number) => {
      for (let i = 0; writing; i += 1) {
        await w.record(entry(offset + i));
        if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1));
      }
    };
    const producers = [produce(t.writer, 0), produce(second, 1_000_000)];
    const deadline = Date.now() + 3500;
    let sealed = 0;
    while (Date.now() < deadline) {
      if ((await sealer.sealDue()).status === 'sealed') sealed += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
    writing = false;
    await Promise.all(producers);
    await t.writer.flush();
    await second.close();
    await other.close();
    await new Promise((r) => setTimeout(r, 1100));
    await sealer.sealDue(new Date(Date.now() + 2000));
    expect(sealed).toBeGreaterThanOrEqual(2);
    const report = await t.verifier.verify();
    expect(report.ok).toBe(true);
    expect(report.unsealed).toBe(0);
    expect(report.entries).toBe(await t.count());
    expect(report.entries).toBeGreaterThan(500);
  });

  it('verifies only the digests of a requested range', async () => {
    const t = await trail();
    await write(t, 10);
    const a = await t.sealer.sealDue(later(2));
    await write(t, 10);
    await t.sealer.sealDue(later(10));
    if (a.status !== 'sealed') throw new Error('not sealed');
    const report = await t.verifier.verify({ to: new Date(a.digest.windowEnd) });
    expect(report).toMatchObject({ ok: true, checked: 1, entries: 10 });
    expect((await t.verifier.verify({ from: new Date(a.digest.windowEnd) })).checked).toBe(1);
  });
});

describe('tamper evidence', () => {
  async function sealedTrail(): Promise<Trail> {
    const t = await trail();
    await write(t, 200);
    await t.sealer.sealDue(later(2));
    await write(t, 100);
    await t.sealer.sealDue(later(4));
    await write(t, 100);
    await t.sealer.sealDue(later(6));
    expect((await t.verifier.verify()).ok).toBe(true);
    return t;
  }

  it('finds an entry edited by a superuser who switched the trigger off', async () => {
    const t = await sealedTrail();
    const attacker = await t.attacker();
    await attacker.query(`UPDATE access_logs SET outcome = 'granted', reason = NULL WHERE id = 206`);
    await attacker.end();
    const report = await t.verifier.verify();
    expect(report.ok).toBe(false);
    expect(report.firstMismatch).toMatchObject({ seq: 2, firstId: '201', lastId: '300', reason: 'entries_altered' });
    expect(report.firstMismatch!.detail).toMatch(/changed after sealing/);
    expect(report.checked).toBe(1);
  });

  it('finds a deleted entry', async () => {
    const t = await sealedTrail();
    const attacker = await t.attacker();
    await attacker.query(`DELETE FROM access_logs WHERE id = 17`);
    await attacker.end();
    const report = await t.verifier.verify();
    expect(report.firstMismatch).toMatchObject({ seq: 1, reason: 'entries_altered' });
    expect(report.firstMismatch!.detail).toMatch(/200 entries were sealed, 199 are there now/);
  });

  it('finds a forged entry slipped into a sealed range', async () => {
    const t = await sealedTrail();
    const attacker = await t.attacker();
    await attacker.query(
      `INSERT INTO access_logs (id, at, action, outcome) SELECT id, at + interval '1 microsecond', action, 'granted' FROM access_logs WHERE id = 350`,
    );
    await attacker.end();
    expect((await t.verifier.verify()).firstMismatch).toMatchObject({ seq: 3, reason: 'entries_altered' });
  });

  it('finds an edited digest, and a digest re-hashed without the key', async () => {
    const t = await sealedTrail();
    const attacker = await t.attacker();
    await attacker.query(`UPDATE audit_digests SET entry_count = 199 WHERE seq = 1`);
    expect((await t.verifier.verify()).firstMismatch).toMatchObject({ seq: 1, reason: 'digest_altered' });
    await attacker.query(`UPDATE audit_digests SET entry_count = 200 WHERE seq = 1`);
    expect((await t.verifier.verify()).ok).toBe(true);

    // Rewrite digest 2 consistently with a doctored entry, as far as one can without the key.
    await attacker.query(`UPDATE access_logs SET user_agent = 'innocent' WHERE id = 260`);
    const {
      rows: [row],
    } = await attacker.query(`SELECT * FROM audit_digests WHERE seq = 2`);
    const fake: DigestPart[] = [{ month: row.parts[0].month, count: row.parts[0].count, sha256: 'f'.repeat(64) }];
    const hash = digestHash({
      seq: 2,
      windowStart: row.window_start.toISOString().replace('Z', '000Z'),
      windowEnd: row.window_end.toISOString().replace('Z', '000Z'),
      firstId: String(row.first_id),
      lastId: String(row.last_id),
      count: Number(row.entry_count),
      parts: fake,
      previousHash: row.previous_hash,
    });
    await attacker.query(`UPDATE audit_digests SET parts = $1, hash = $2 WHERE seq = 2`, [JSON.stringify(fake), hash]);
    await attacker.end();
    expect((await t.verifier.verify()).firstMismatch).toMatchObject({ seq: 2, reason: 'signature' });
  });

  it('finds a digest removed from the middle of the chain', async () => {
    const t = await sealedTrail();
    const attacker = await t.attacker();
    await attacker.query(`DELETE FROM audit_digests WHERE seq = 2`);
    await attacker.end();
    const report = await t.verifier.verify();
    expect(report.firstMismatch).toMatchObject({ seq: 3, reason: 'chain_broken' });
    expect((await t.verifier.verify({ from: later(4.2) })).firstMismatch).toMatchObject({
      seq: 3,
      reason: 'chain_broken',
    });
  });
});

describe('retention', () => {
  it('drops whole months past retention and still verifies what remains, including a digest spanning the boundary', async () => {
    const t = await trail({ retentionDays: 400 });
    const old = new Date(Date.now() - 800 * 86_400_000);
    await write(t, 30, () => old);
    await write(t, 20);
    await t.sealer.sealDue(later(2));
    await write(t, 5);
    await t.sealer.sealDue(later(4));
    const partitions = new AuditPartitions(t.audit.pool);
    const before = (await partitions.list()).map((p) => p.month);
    const oldMonth = old.toISOString().slice(0, 7);
    expect(before).toContain(oldMonth);

    const dropped = await partitions.dropExpired(new Date(), 400);
    expect(dropped).toEqual([`access_logs_${oldMonth.replace('-', '_')}`]);
    expect(await t.count()).toBe(25);
    const report = await t.verifier.verify();
    expect(report).toMatchObject({ ok: true, checked: 2 });

    // The same missing month is tampering for a verifier that still has to keep it.
    const strict = new DigestVerifier(t.audit.pool, { hmacKey: KEY, retentionDays: 2000 });
    expect((await strict.verify()).firstMismatch).toMatchObject({ seq: 1, reason: 'partition_missing' });
  });

  it('reports a recent month dropped outside retention', async () => {
    const t = await trail();
    await write(t, 10);
    await t.sealer.sealDue(later(2));
    const attacker = await t.attacker();
    const month = new Date().toISOString().slice(0, 7).replace('-', '_');
    await attacker.query(`DROP TABLE access_logs_${month}`);
    await attacker.end();
    expect((await t.verifier.verify()).firstMismatch).toMatchObject({ seq: 1, reason: 'partition_missing' });
  });

  it('opens partitions ahead so writes never wait for one', async () => {
    const t = await trail();
    const partitions = new AuditPartitions(t.audit.pool);
    await partitions.ensureAhead(new Date('2031-11-20T00:00:00Z'));
    const months = (await partitions.list()).map((p) => p.month);
    expect(months).toEqual(expect.arrayContaining(['2031-11', '2031-12', '2032-01']));
  });
});
