// Unit tests of the audit screen's cursor stack and bar-chart geometry.
import { describe, expect, it } from 'vitest';
import { layoutBars, niceCeiling } from './barChart';
import { currentCursor, FIRST_PAGE, hasPrevious, pageNumber, popCursor, pushCursor } from './cursorStack';
import { describeVerification } from './verification';

describe('cursor stack', () => {
  it('walks forward with next cursors and back the same way', () => {
    let stack = FIRST_PAGE;
    expect([currentCursor(stack), pageNumber(stack), hasPrevious(stack)]).toEqual([null, 1, false]);
    stack = pushCursor(stack, 'c2');
    stack = pushCursor(stack, 'c3');
    expect([currentCursor(stack), pageNumber(stack), hasPrevious(stack)]).toEqual(['c3', 3, true]);
    stack = popCursor(stack);
    expect(currentCursor(stack)).toBe('c2');
    stack = popCursor(popCursor(stack));
    expect(stack).toEqual([null]);
  });

  it('stays on the last page when there is no next cursor', () => {
    const stack = pushCursor(FIRST_PAGE, 'c2');
    expect(pushCursor(stack, null)).toBe(stack);
    expect(pushCursor(stack, '')).toBe(stack);
  });
});

describe('bar chart layout', () => {
  it('rounds the scale up to 1, 2 or 5 × 10ⁿ', () => {
    expect([niceCeiling(0), niceCeiling(1), niceCeiling(3), niceCeiling(7), niceCeiling(11), niceCeiling(480)]).toEqual(
      [1, 1, 5, 10, 20, 500],
    );
  });

  it('stacks denied on granted and scales the busiest bucket to the ceiling', () => {
    const { bars, max, ticks } = layoutBars(
      [
        { at: 't1', granted: 6, denied: 4 },
        { at: 't2', granted: 2, denied: 0 },
      ],
      200,
      100,
      0,
    );
    expect(max).toBe(10);
    expect(ticks).toEqual([0, 5, 10]);
    expect(bars[0]).toMatchObject({ x: 0, width: 100, grantedY: 40, grantedHeight: 60, deniedY: 0, deniedHeight: 40 });
    expect(bars[1]).toMatchObject({ x: 100, grantedHeight: 20, deniedHeight: 0 });
  });

  it('draws nothing for no data', () => {
    expect(layoutBars([], 200, 100).bars).toEqual([]);
  });
});

describe('describeVerification', () => {
  it('says what an intact chain covered and what is not sealed yet', () => {
    expect(describeVerification({ ok: true, checked: 2, entries: 340, unsealed: 1 })).toBe(
      'Integrity verified: 2 sealed digests and 340 entries checked, the chain is intact. 1 newer entry is not sealed yet.',
    );
    expect(describeVerification({ ok: true, checked: 1 })).toBe(
      'Integrity verified: 1 sealed digest checked, the chain is intact.',
    );
  });

  it('says the check failed and where it first broke', () => {
    const text = describeVerification({
      ok: false,
      checked: 3,
      entries: 20,
      firstMismatch: { seq: 2, reason: 'hash', detail: 'entry e17 was changed' },
    });
    expect(text).toMatch(/^Integrity check FAILED/);
    expect(text).toContain('First mismatch: entry e17 was changed.');
  });
});
