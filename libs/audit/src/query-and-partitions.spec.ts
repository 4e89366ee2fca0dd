import { describe, expect, it } from 'vitest';
import { buildWhere } from './access-log-queries.js';
import { addMonths, isPastRetention, monthEnd, monthKey } from './partitions.js';

describe('buildWhere', () => {
  it('binds every value as a parameter, never in the SQL text', () => {
    const evil = "x' OR '1'='1";
    const { where, params } = buildWhere(
      {
        videoId: evil,
        userId: evil,
        sessionId: evil,
        action: evil,
        outcome: 'denied',
        from: new Date(0),
        to: new Date(1),
      },
      { atMicros: '123', id: '7' },
    );
    expect(where).not.toContain(evil);
    expect(where).not.toContain("'1'");
    expect(params.filter((p) => p === evil)).toHaveLength(4);
    expect(where).toBe(
      "video_id = $1 AND user_id = $2 AND session_id = $3 AND action = $4 AND outcome = $5 AND at >= $6 AND at < $7 AND (at, id) < (timestamptz 'epoch' + $8::bigint * interval '1 microsecond', $9::bigint)",
    );
  });

  it('matches everything without a filter', () => {
    expect(buildWhere({})).toEqual({ where: 'true', params: [] });
  });
});

describe('month arithmetic for partitions', () => {
  it('works in UTC months across year ends', () => {
    expect(monthKey(new Date('2025-12-31T23:59:59.999Z'))).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(monthEnd('2024-02').toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });

  it('calls a month past retention only once its last instant is older than the retention period', () => {
    const now = new Date('2025-06-15T00:00:00Z');
    // March ended at 2025-04-01T00:00Z, exactly 75 days before `now`.
    expect(isPastRetention('2025-03', now, 74)).toBe(true);
    expect(isPastRetention('2025-03', now, 75)).toBe(true);
    expect(isPastRetention('2025-03', now, 76)).toBe(false);
    expect(isPastRetention('2025-06', now, 1)).toBe(false);
  });
});
