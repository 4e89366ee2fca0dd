import { describe, expect, it } from 'vitest';
import { deathCode, deathOf, nextIdleDeadline, type SessionState } from './session-state.js';

const T = 1_800_000_000_000;
const live: SessionState = {
  id: 's',
  userId: 'u',
  videoId: 'v',
  createdAt: T,
  expiresAt: T + 120_000,
  hardExpiresAt: T + 4 * 3600_000,
  revokedAt: null,
  revokeReason: null,
};

describe('deathOf', () => {
  it('is null for a live session', () => {
    expect(deathOf(live, T + 60_000)).toBeNull();
  });

  it('idle after the idle deadline, expired at the hard cap even if a heartbeat came', () => {
    expect(deathOf(live, T + 120_000)).toEqual({ kind: 'idle' });
    expect(deathOf({ ...live, expiresAt: live.hardExpiresAt }, live.hardExpiresAt)).toEqual({ kind: 'expired' });
  });

  it('expired within the last second before the cap, when no token could outlive now', () => {
    const capped = { ...live, expiresAt: T + 4_300, hardExpiresAt: T + 4_300 };
    expect(deathOf(capped, T + 3_999)).toBeNull();
    expect(deathOf(capped, T + 4_000)).toEqual({ kind: 'expired' });
    expect(deathOf(capped, T + 4_299)).toEqual({ kind: 'expired' });
  });

  it('revoked, with its reason, whatever the clock says', () => {
    const revoked = { ...live, revokedAt: T + 1, revokeReason: 'revoked_by_user' as const };
    expect(deathOf(revoked, T + 2)).toEqual({ kind: 'revoked', reason: 'revoked_by_user' });
    expect(deathCode(deathOf(revoked, T + 2)!)).toBe('session_revoked.revoked_by_user');
  });

  it('dead when its video was cut off after it started, alive when it started after the cutoff', () => {
    expect(deathOf(live, T + 5, { at: T + 1, reason: 'video_unpublished' })).toEqual({
      kind: 'revoked',
      reason: 'video_unpublished',
    });
    expect(deathOf(live, T + 5, { at: T - 1, reason: 'video_unpublished' })).toBeNull();
  });
});

describe('nextIdleDeadline', () => {
  it('moves forward by the idle time but never past the hard cap', () => {
    expect(nextIdleDeadline(T, 120, T + 600_000)).toBe(T + 120_000);
    expect(nextIdleDeadline(T, 120, T + 60_000)).toBe(T + 60_000);
  });
});
