import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@reelguard/testing';
import { ConcurrencyError, EventStore } from './index.js';

const ctx = { actor: 'user-1', correlationId: 'corr-1' };
const opts = { streamType: 'video' };

describe('EventStore against PostgreSQL', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.dataSource);
  });
  afterAll(async () => db.drop());

  it('appends and reads a stream in version order with metadata', async () => {
    await store.append(
      's-1',
      0,
      [
        { type: 'A', data: { n: 1 } },
        { type: 'B', data: { n: 2 } },
      ],
      ctx,
      opts,
    );
    await store.append('s-1', 2, [{ type: 'C', data: { n: 3 } }], { ...ctx, causationId: 'cause' }, opts);
    const events = await store.readStream('s-1');
    expect(events.map((e) => [e.version, e.type, e.data.n])).toEqual([
      [1, 'A', 1],
      [2, 'B', 2],
      [3, 'C', 3],
    ]);
    expect(events[2]!.metadata).toMatchObject({
      actor: 'user-1',
      correlationId: 'corr-1',
      causationId: 'cause',
      schemaVersion: 1,
    });
    expect(events[0]!.metadata.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an append at a stale expected version', async () => {
    await store.append('s-2', 0, [{ type: 'A', data: {} }], ctx, opts);
    await expect(store.append('s-2', 0, [{ type: 'A', data: {} }], ctx, opts)).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('s-2', 5, [{ type: 'A', data: {} }], ctx, opts)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('s-2')).toHaveLength(1);
  });

  it('lets exactly one of two concurrent appends at the same version win', async () => {
    await store.append('s-3', 0, [{ type: 'A', data: {} }], ctx, opts);
    const results = await Promise.allSettled([
      store.append('s-3', 1, [{ type: 'X', data: { who: 'first' } }], ctx, opts),
      store.append('s-3', 1, [{ type: 'X', data: { who: 'second' } }], ctx, opts),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('s-3')).map((e) => e.version)).toEqual([1, 2]);
  });

  it('lets exactly one of two concurrent stream creations win', async () => {
    const results = await Promise.allSettled([
      store.append('s-4', 0, [{ type: 'A', data: {} }], ctx, opts),
      store.append('s-4', 0, [{ type: 'A', data: {} }], ctx, opts),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('reads everything after a global position, in commit order, optionally by type', async () => {
    const head = await store.headPosition();
    await store.append(
      's-5',
      0,
      [
        { type: 'T1', data: {} },
        { type: 'T2', data: {} },
      ],
      ctx,
      opts,
    );
    await store.append('s-6', 0, [{ type: 'T1', data: {} }], ctx, opts);
    const after = await store.readAll(head, 100);
    expect(after.map((e) => `${e.streamId}:${e.type}`)).toEqual(['s-5:T1', 's-5:T2', 's-6:T1']);
    expect(after.map((e) => e.globalPosition)).toEqual([...after.map((e) => e.globalPosition)].sort((a, b) => a - b));
    const onlyT1 = await store.readAll(head, 100, ['T1']);
    expect(onlyT1.map((e) => e.streamId)).toEqual(['s-5', 's-6']);
  });

  it('rolls back the events when the in-transaction projection fails', async () => {
    await expect(
      store.append('s-7', 0, [{ type: 'A', data: {} }], ctx, {
        streamType: 'video',
        inTransaction: async () => {
          throw new Error('projection failed');
        },
      }),
    ).rejects.toThrow('projection failed');
    expect(await store.readStream('s-7')).toEqual([]);
  });

  it('keeps events append-only even for direct SQL', async () => {
    await store.append('s-8', 0, [{ type: 'A', data: {} }], ctx, opts);
    await expect(db.dataSource.query("UPDATE events SET type = 'Z' WHERE stream_id = 's-8'")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.dataSource.query("DELETE FROM events WHERE stream_id = 's-8'")).rejects.toThrow(/append-only/);
  });
});
