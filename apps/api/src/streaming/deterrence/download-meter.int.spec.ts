// The download meter against a real Redis: two API instances metering one session share one
// count of distinct segments, so spreading requests over instances does not multiply the budget.
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { DownloadMeter } from './download-meter.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const limits = { allowanceSec: 4, maxSpeed: 1, throttleBandSec: 0, throttleDelayMs: 0 };

describe('DownloadMeter', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `tmeter${Date.now().toString(36)}`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('shares one count of distinct segments between instances, and never counts a segment twice', async () => {
    const one = new DownloadMeter(redis, prefix, limits, 1);
    const two = new DownloadMeter(redis, prefix, limits, 1);
    const now = Date.now();
    const request = (segment: string) => ({
      sessionId: 'sessionA',
      startedAt: now,
      hardExpiresAt: now + 60_000,
      segment,
    });

    expect(one.admit(request('180p_00000.m4s'), now).kind).toBe('serve');
    expect(one.admit(request('180p_00001.m4s'), now).kind).toBe('serve');
    expect(one.admit(request('180p_00000.m4s'), now).kind).toBe('serve'); // a re-fetch is free
    await one.sync();
    expect(two.admit(request('180p_00001.m4s'), now).kind).toBe('serve');
    await two.sync();
    // Instance two now knows of three distinct segments (two from one, one of its own, one shared).
    expect(two.servedSec('sessionA')).toBe(2);
    expect(two.admit(request('180p_00002.m4s'), now).kind).toBe('serve');
    expect(two.admit(request('180p_00003.m4s'), now).kind).toBe('serve');
    await two.sync();
    await one.sync();
    // Four distinct seconds are the whole allowance at t=0: the fifth is refused on either instance.
    expect(two.admit(request('180p_00004.m4s'), now).kind).toBe('refuse');
    expect(one.admit(request('180p_00002.m4s'), now).kind).toBe('refuse');
    expect(await redis.scard(`${prefix}:playback:served:sessionA`)).toBe(4);
    expect(await redis.pttl(`${prefix}:playback:served:sessionA`)).toBeGreaterThan(60_000);
  });
});
