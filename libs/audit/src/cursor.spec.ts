import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('page cursor', () => {
  it('round-trips the position of the last entry', () => {
    const cursor = { atMicros: '1735689600123456', id: '987654321' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['base64 of something else', Buffer.from('{"a":1}').toString('base64url')],
    ['an SQL fragment', Buffer.from(JSON.stringify([1, "1' OR '1'='1", '1'])).toString('base64url')],
    ['a non-numeric id', Buffer.from(JSON.stringify([1, '1', '1;DROP TABLE access_logs'])).toString('base64url')],
    ['an id past bigint', Buffer.from(JSON.stringify([1, '1', '9999999999999999999'])).toString('base64url')],
    ['another version', Buffer.from(JSON.stringify([2, '1', '1'])).toString('base64url')],
    ['an empty string', ''],
  ])('refuses %s', (_name, raw) => {
    expect(decodeCursor(raw)).toBeNull();
  });
});
