import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ObjectNotFoundError,
  ObjectStorage,
  StorageUnavailableError,
  startEmbeddedS3,
  type EmbeddedS3,
} from './index.js';

describe('ObjectStorage against the embedded S3 server', () => {
  let server: EmbeddedS3;
  let storage: ObjectStorage;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelguard-s3-'));
    server = await startEmbeddedS3({ directory: dir, port: 0, bucket: 'objects' });
    storage = new ObjectStorage({
      endpoint: server.endpoint,
      region: 'us-east-1',
      bucket: 'objects',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      partSizeBytes: 5 * 1024 * 1024,
      queueSize: 2,
    });
    await storage.ensureBucket();
  });
  afterAll(async () => {
    storage.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams a multipart object in and reads it back whole and by range', async () => {
    const size = 12 * 1024 * 1024 + 123;
    const source = Buffer.alloc(size);
    for (let i = 0; i < size; i += 1) source[i] = (i * 31) & 0xff;
    async function* chunks() {
      for (let i = 0; i < size; i += 64 * 1024) yield source.subarray(i, Math.min(size, i + 64 * 1024));
    }
    const put = await storage.putStream('videos/a/source', Readable.from(chunks()), { contentType: 'video/mp4' });
    expect(put.bytes).toBe(size);
    const head = await storage.head('videos/a/source');
    expect(head?.size).toBe(size);
    expect((await storage.getBuffer('videos/a/source')).equals(source)).toBe(true);
    const ranged = await storage.getStream('videos/a/source', { start: 100, end: 199 });
    const parts: Buffer[] = [];
    for await (const c of ranged.body) parts.push(c as Buffer);
    expect(Buffer.concat(parts).equals(source.subarray(100, 200))).toBe(true);
    expect(ranged.contentLength).toBe(100);
  });

  it('lists and deletes a prefix without touching neighbours', async () => {
    await storage.putBuffer('videos/b/1.m4s', 'one');
    await storage.putBuffer('videos/b/2.m4s', 'two');
    await storage.putBuffer('videos/bb/keep', 'keep');
    expect((await storage.list('videos/b/')).map((o) => o.key).sort()).toEqual(['videos/b/1.m4s', 'videos/b/2.m4s']);
    expect(await storage.deletePrefix('videos/b/')).toBe(2);
    expect(await storage.list('videos/b/')).toEqual([]);
    expect(await storage.head('videos/bb/keep')).not.toBeNull();
    await expect(storage.deletePrefix('videos')).rejects.toThrow(/ending with/);
  });

  it('reports a missing object as not found', async () => {
    expect(await storage.head('videos/none')).toBeNull();
    await expect(storage.getStream('videos/none')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('leaves nothing behind when the body fails mid-way', async () => {
    async function* failing() {
      yield Buffer.alloc(6 * 1024 * 1024, 1);
      throw new Error('client went away');
    }
    await expect(storage.putStream('videos/c/source', Readable.from(failing()))).rejects.toThrow();
    expect(await storage.list('videos/c/')).toEqual([]);
  });

  it('refuses requests signed with the wrong secret', async () => {
    const wrong = new ObjectStorage({
      endpoint: server.endpoint,
      region: 'us-east-1',
      bucket: 'objects',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'not-the-secret',
    });
    await expect(wrong.getBuffer('videos/bb/keep')).rejects.toThrow();
    wrong.destroy();
  });

  it('says unavailable when the endpoint cannot be reached', async () => {
    const down = new ObjectStorage({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      bucket: 'objects',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    });
    await expect(down.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
    down.destroy();
  });
});
