// Export lines. CSV follows RFC 4180 (a cell with a quote, comma or line break is quoted, quotes
// doubled, lines end in CRLF) and neutralises spreadsheet formulas: a cell that starts with
// =, +, -, @, a tab or a carriage return gets a leading apostrophe, so a crafted user agent
// cannot run as a formula when an auditor opens the file. NDJSON is one JSON object per line.
import type { AccessLogItem } from './access-log-queries.js';

export const EXPORT_COLUMNS = [
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
] as const satisfies readonly (keyof AccessLogItem)[];

export type ExportFormat = 'csv' | 'ndjson';

export function csvCell(value: string | null): string {
  if (value === null) return '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${EXPORT_COLUMNS.join(',')}\r\n`;
}

export function csvRow(item: AccessLogItem): string {
  return `${EXPORT_COLUMNS.map((column) => csvCell(item[column])).join(',')}\r\n`;
}

export function ndjsonRow(item: AccessLogItem): string {
  return `${JSON.stringify(item)}\n`;
}
