// The quality menu model over VHS-like representations.
import { describe, expect, it } from 'vitest';
import { AUTO_QUALITY, applyQuality, qualityOptions, switchMissedFlush, type RepresentationLike } from './quality';

/** Records every change, and the switch-on transitions (what makes VHS switch at once). */
function rep(height: number, bandwidth: number): RepresentationLike & { on: boolean; switchedOn: number } {
  const representation = {
    height,
    bandwidth,
    on: true,
    switchedOn: 0,
    enabled(enable?: boolean) {
      if (enable !== undefined) {
        if (enable && !representation.on) representation.switchedOn += 1;
        representation.on = enable;
      }
      return representation.on;
    },
  };
  return representation;
}

describe('quality menu', () => {
  it('offers Auto and each height once, best first', () => {
    const reps = [rep(360, 800_000), rep(1080, 5_000_000), rep(720, 2_800_000), rep(720, 2_000_000)];
    expect(qualityOptions(reps)).toEqual([
      { id: AUTO_QUALITY, label: 'Auto' },
      { id: '1080p', label: '1080p' },
      { id: '720p', label: '720p' },
      { id: '360p', label: '360p' },
    ]);
  });

  it('labels audio-only or unsized representations by bitrate', () => {
    expect(qualityOptions([{ bandwidth: 128_000, enabled: () => true }])[1]?.label).toBe('128 kbps');
  });

  it('enables only the chosen quality, and everything for Auto', () => {
    const reps = [rep(360, 1), rep(720, 2), rep(1080, 3), rep(720, 4)];
    expect(applyQuality(reps, '720p')).toBe('720p');
    expect(reps.map((r) => r.on)).toEqual([false, true, false, true]);
    expect(applyQuality(reps, AUTO_QUALITY)).toBe(AUTO_QUALITY);
    expect(reps.map((r) => r.on)).toEqual([true, true, true, true]);
  });

  it('switches the chosen quality on after the others are off, so the player changes at once', () => {
    const reps = [rep(360, 1), rep(240, 2)];
    const order: string[] = [];
    for (const r of reps) {
      const enabled = r.enabled.bind(r);
      r.enabled = (enable?: boolean) => {
        if (enable !== undefined) order.push(`${r.height}:${enable ? 'on' : 'off'}`);
        return enabled(enable);
      };
    }
    applyQuality(reps, '240p');
    expect(order).toEqual(['360:off', '240:off', '240:on']);
    expect(reps[1]?.switchedOn).toBe(1);

    order.length = 0;
    applyQuality(reps, '360p');
    expect(order).toEqual(['240:off', '360:on']);
  });

  it('falls back to Auto when the chosen quality is not offered any more', () => {
    const reps = [rep(360, 1), rep(720, 2)];
    reps[0]?.enabled(false);
    expect(applyQuality(reps, '1080p')).toBe(AUTO_QUALITY);
    expect(reps.map((r) => r.on)).toEqual([true, true]);
  });

  describe('after VHS reacted to a fixed choice', () => {
    const chosen = ['1-240p.m3u8'];

    it('leaves a switch to a playlist still on its way to VHS, which flushes on arrival', () => {
      expect(
        switchMissedFlush('0-360p.m3u8', chosen, { current: '1-240p.m3u8', loaded: false, flushArmed: true }),
      ).toBe(false);
      expect(
        switchMissedFlush('0-360p.m3u8', chosen, { current: '0-360p.m3u8', loaded: false, flushArmed: true }),
      ).toBe(false);
    });

    it('flushes when VHS switched to a playlist it already held and armed a flush nothing will fire', () => {
      expect(switchMissedFlush('0-360p.m3u8', chosen, { current: '1-240p.m3u8', loaded: true, flushArmed: true })).toBe(
        true,
      );
    });

    it('flushes when its bandwidth logic got to the chosen playlist first and VHS then skipped', () => {
      expect(
        switchMissedFlush('0-360p.m3u8', chosen, { current: '1-240p.m3u8', loaded: true, flushArmed: false }),
      ).toBe(true);
    });

    it('leaves the buffer alone when the viewer chose the quality already playing', () => {
      expect(
        switchMissedFlush('1-240p.m3u8', chosen, { current: '1-240p.m3u8', loaded: true, flushArmed: false }),
      ).toBe(false);
    });

    it('leaves it alone while VHS plays something else than the choice', () => {
      expect(
        switchMissedFlush('0-360p.m3u8', chosen, { current: '0-360p.m3u8', loaded: true, flushArmed: false }),
      ).toBe(false);
      expect(switchMissedFlush(undefined, chosen, { current: undefined, loaded: false, flushArmed: false })).toBe(
        false,
      );
    });
  });
});
