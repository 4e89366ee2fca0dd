import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '@reelguard/domain';
import { adminEntry, denialReason } from './admin-audit.js';
import { parseExportQuery, parseInstant, parseListQuery, parseStatsQuery, parseVerifyQuery } from './audit-query.js';

const refused = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).message;
  }
  throw new Error('expected a 400');
};

describe('audit query parameters', () => {
  it('defaults to 100 newest entries with no filter', () => {
    expect(parseListQuery({})).toEqual({ filter: {}, limit: 100, cursor: null });
  });

  it('reads every filter into typed values', () => {
    const parsed = parseListQuery({
      videoId: 'abcdefghijklmnopqrstuv',
      userId: 'AAAAAAAA-1111-4111-8111-111111111111',
      sessionId: 'sessAAAAAAAAAAAAAAAA',
      action: 'segment',
      outcome: 'denied',
      from: '2025-01-01',
      to: '2025-01-02T10:00:00+02:00',
      limit: '25',
    });
    expect(parsed.filter).toEqual({
      videoId: 'abcdefghijklmnopqrstuv',
      userId: 'aaaaaaaa-1111-4111-8111-111111111111',
      sessionId: 'sessAAAAAAAAAAAAAAAA',
      action: 'segment',
      outcome: 'denied',
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-01-02T08:00:00Z'),
    });
    expect(parsed.limit).toBe(25);
  });

  it('clamps limit rather than refusing a number out of range', () => {
    expect(parseListQuery({ limit: '0' }).limit).toBe(1);
    expect(parseListQuery({ limit: '999999' }).limit).toBe(1000);
  });

  it.each([
    ['2025-01-31', '2025-01-31T00:00:00.000Z'],
    ['2025-01-31T12:30', '2025-01-31T12:30:00.000Z'],
    ['2025-01-31T12:30:15.123456Z', '2025-01-31T12:30:15.123Z'],
    ['2025-01-31T12:30:15-0130', '2025-01-31T14:00:15.000Z'],
    ['2025-01-31 12:30:15 02:00', '2025-01-31T10:30:15.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads the instant %s', (raw, iso) => {
    expect(parseInstant('from', raw).toISOString()).toBe(iso);
  });

  it.each([
    '2025-02-29',
    '2025-04-31',
    '2025-01-01T24:00',
    '2025-01-01T12:60',
    '20250101',
    '2025-1-1',
    '1969-12-31',
    'now',
    '2025-01-01T00:00:00+25:00',
  ])('refuses the instant %s', (raw) => {
    expect(refused(() => parseInstant('to', raw))).toMatch(/^to must be an ISO 8601 date or date-time/);
  });

  it('refuses operators, repeats and unknown parameters, naming them', () => {
    expect(refused(() => parseListQuery({ 'userId[$ne]': 'x' }))).toMatch(/Query operators such as "userId\[\$ne\]"/);
    expect(refused(() => parseListQuery({ userId: { $ne: 'x' } }))).toMatch(/userId must be given once/);
    expect(refused(() => parseListQuery({ videoId: ['a', 'b'] }))).toMatch(/videoId must be given once/);
    expect(refused(() => parseListQuery({ sort: 'id' }))).toMatch(/Unknown query parameter "sort"/);
    expect(refused(() => parseExportQuery({ limit: '5' }))).toMatch(/Unknown query parameter "limit"/);
    expect(refused(() => parseVerifyQuery({ videoId: 'x' }))).toMatch(/Unknown query parameter "videoId"/);
  });

  it('checks the export format and the stats bucket and range', () => {
    expect(parseExportQuery({}).format).toBe('csv');
    expect(parseExportQuery({ format: 'ndjson', outcome: 'granted' })).toEqual({
      format: 'ndjson',
      filter: { outcome: 'granted' },
    });
    const now = new Date('2025-06-01T00:00:00Z');
    expect(parseStatsQuery({}, now)).toEqual({
      bucket: 'hour',
      to: now,
      from: new Date('2025-05-31T00:00:00Z'),
      filter: {},
    });
    // The list's filters narrow the chart too, validated the same way.
    expect(parseStatsQuery({ action: 'segment', outcome: 'denied' }, now).filter).toEqual({
      action: 'segment',
      outcome: 'denied',
    });
    expect(refused(() => parseStatsQuery({ action: 'dance' }, now))).toMatch(/action must be one of/);
    expect(refused(() => parseStatsQuery({ limit: '5' }, now))).toMatch(/Unknown query parameter "limit"/);
    expect(parseStatsQuery({ bucket: 'day' }, now).from).toEqual(new Date('2025-05-02T00:00:00Z'));
    expect(refused(() => parseStatsQuery({ from: '2024-01-01', bucket: 'hour' }, now))).toMatch(/use bucket=day/);
  });
});

describe('admin action entries', () => {
  const req = (params: Record<string, string> = {}) =>
    ({
      params,
      user: { id: 'admin-1', email: 'a@x', role: 'admin' },
      headers: { 'user-agent': 'UA' },
      ip: '192.0.2.1',
      id: 'rq-1',
    }) as unknown as Request;

  it('names the target video or user and the acting admin', () => {
    expect(adminEntry('video.publish', req({ id: 'vid' }), { result: {} })).toMatchObject({
      action: 'video.publish',
      outcome: 'granted',
      reason: null,
      userId: 'admin-1',
      videoId: 'vid',
      resource: null,
      ip: '192.0.2.1',
      userAgent: 'UA',
      requestId: 'rq-1',
    });
    expect(adminEntry('video.upload', req(), { result: { id: 'newvid' } })).toMatchObject({ videoId: 'newvid' });
    expect(adminEntry('user.create', req(), { result: { id: 'u-9' } })).toMatchObject({
      videoId: null,
      resource: 'user:u-9',
    });
  });

  it('gives a stable reason for each kind of refusal', () => {
    expect(adminEntry('video.delete', req({ id: 'vid' }), { error: new NotFoundException() })).toMatchObject({
      outcome: 'denied',
      reason: 'not_found',
    });
    expect(denialReason(new IllegalTransitionError('VIDEO_NOT_READY', 'not ready'))).toBe('video_not_ready');
    expect(denialReason(new ConflictException())).toBe('conflict');
    expect(denialReason(new Error('boom'))).toBe('error');
  });
});
