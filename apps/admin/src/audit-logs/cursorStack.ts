// Keyset paging for the audit trail: the API gives only a `nextCursor`, so the way back is a
// stack of the cursors that opened each page seen so far (the first page has none).

export type CursorStack = readonly (string | null)[];

export const FIRST_PAGE: CursorStack = [null];

/** The cursor that opens the page being shown. */
export const currentCursor = (stack: CursorStack): string | null => stack[stack.length - 1] ?? null;

/** One-based number of the page being shown. */
export const pageNumber = (stack: CursorStack): number => stack.length;

export const hasPrevious = (stack: CursorStack): boolean => stack.length > 1;

/** Moves to the next (older) page; without a next cursor the stack stays as it is. */
export function pushCursor(stack: CursorStack, nextCursor: string | null | undefined): CursorStack {
  return nextCursor ? [...stack, nextCursor] : stack;
}

/** Moves back one page; the first page stays the first page. */
export function popCursor(stack: CursorStack): CursorStack {
  return stack.length > 1 ? stack.slice(0, -1) : FIRST_PAGE;
}
