// The opaque page cursor: the (at, id) of the last entry on a page, `at` in exact microseconds
// since the epoch so the next page starts precisely after it. Anything that does not decode to
// that shape is refused, never guessed at.
export interface PageCursor {
  /** Microseconds since 1970-01-01T00:00:00Z, as decimal text. */
  atMicros: string;
  id: string;
}

const MICROS = /^-?\d{1,17}$/;
const ID = /^\d{1,19}$/;

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([1, cursor.atMicros, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string): PageCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(raw)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== 1) return null;
  const [, atMicros, id] = value as [number, unknown, unknown];
  if (typeof atMicros !== 'string' || !MICROS.test(atMicros) || typeof id !== 'string' || !ID.test(id)) return null;
  if (BigInt(id) > 9223372036854775807n) return null;
  return { atMicros, id };
}
