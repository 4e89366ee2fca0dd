// Bounds automatic session refreshes (e.g. 3 within a minute) so a refusal that keeps coming
// back ends in a message instead of an endless reload loop.

export interface RefreshLimit {
  max: number;
  windowMs: number;
}

export const DEFAULT_REFRESH_LIMIT: RefreshLimit = { max: 3, windowMs: 60_000 };

export function createRefreshBudget(limit: RefreshLimit, now: () => number) {
  let recent: number[] = [];
  return {
    /** Records one refresh and returns true, or returns false when the budget is spent. */
    tryConsume(): boolean {
      const at = now();
      recent = recent.filter((stamp) => at - stamp < limit.windowMs);
      if (recent.length >= limit.max) return false;
      recent.push(at);
      return true;
    },
    reset(): void {
      recent = [];
    },
  };
}

export type RefreshBudget = ReturnType<typeof createRefreshBudget>;
