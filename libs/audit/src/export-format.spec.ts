import { describe, expect, it } from 'vitest';
import type { AccessLogItem } from './access-log-queries.js';
import { csvCell, csvHeader, csvRow, ndjsonRow } from './export-format.js';

const item = (overrides: Partial<AccessLogItem> = {}): AccessLogItem => ({
  id: '42',
  at: '2025-01-02T03:04:05.678Z',
  action: 'segment',
  outcome: 'denied',
  reason: 'token_expired',
  userId: null,
  sessionId: 'sess',
  videoId: 'vid',
  resource: '720p_00001.m4s',
  ip: '203.0.113.9',
  userAgent: 'Mozilla/5.0',
  requestId: 'req-1',
  ...overrides,
});

/** A small RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('CSV and NDJSON export lines', () => {
  it('quotes cells with quotes, commas and line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'])(
    'neutralises a cell starting like a formula: %j',
    (value) => {
      const cell = csvCell(value);
      const [[read]] = parseCsv(`${cell}\r\n`) as [[string]];
      expect(read).toBe(`'${value}`);
    },
  );

  it('writes rows that read back as exactly the original cells', () => {
    const ua = 'Evil "Agent", v1\r\nX-Injected: yes';
    const text = csvHeader() + csvRow(item({ userAgent: ua, reason: null }));
    const rows = parseCsv(text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      'id',
      'at',
      'action',
      'outcome',
      'reason',
      'userId',
      'sessionId',
      'videoId',
      'resource',
      'ip',
      'userAgent',
      'requestId',
    ]);
    expect(rows[1]).toEqual([
      '42',
      '2025-01-02T03:04:05.678Z',
      'segment',
      'denied',
      '',
      '',
      'sess',
      'vid',
      '720p_00001.m4s',
      '203.0.113.9',
      ua,
      'req-1',
    ]);
  });

  it('writes one JSON object per line, line breaks escaped', () => {
    const line = ndjsonRow(item({ userAgent: 'a\nb' }));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(item({ userAgent: 'a\nb' }));
  });
});
