// What auditors can ask of the trail: filtered pages, a streamed export of a whole filtered set,
// counts for the dashboard chart, and a recomputation of the tamper-evidence chain. Export
// reads keyset batches and writes each to the response only once the client has taken the
// previous one, so memory stays flat whether the set holds a hundred entries or ten million.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import {
  AccessLogQueries,
  DigestVerifier,
  csvHeader,
  csvRow,
  encodeCursor,
  ndjsonRow,
  type AccessLogFilter,
  type AccessLogItem,
  type ExportFormat,
  type StatsPoint,
  type VerifyReport,
} from '@reelguard/audit';
import { parseExportQuery, parseListQuery, parseStatsQuery, parseVerifyQuery } from './audit-query.js';

export interface AccessLogPageResponse {
  items: AccessLogItem[];
  nextCursor: string | null;
}

const EXPORT_BATCH = 1000;
// Rows per write: small strings stay in V8's young generation and die young.
const EXPORT_CHUNK = 64;

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    @Inject(AccessLogQueries) private readonly queries: AccessLogQueries,
    @Inject(DigestVerifier) private readonly verifier: DigestVerifier,
  ) {}

  async list(query: Record<string, unknown>): Promise<AccessLogPageResponse> {
    const { filter, limit, cursor } = parseListQuery(query);
    const page = await this.queries.page(filter, limit, cursor);
    return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
  }

  async export(query: Record<string, unknown>, res: Response): Promise<void> {
    const { filter, format } = parseExportQuery(query);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.status(200);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="access-logs-${stamp}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await pipeline(Readable.from(this.lines(filter, format)), res);
    } catch (error) {
      // Headers are gone: all that is left is to cut the response so the client sees it incomplete.
      if (!res.writableEnded) this.logger.warn(`audit export ended early: ${(error as Error).message}`);
      res.destroy();
    }
  }

  verify(query: Record<string, unknown>): Promise<VerifyReport> {
    return this.verifier.verify(parseVerifyQuery(query));
  }

  stats(query: Record<string, unknown>): Promise<StatsPoint[]> {
    const { from, to, bucket, filter } = parseStatsQuery(query);
    return this.queries.stats(from, to, bucket, filter);
  }

  private async *lines(filter: AccessLogFilter, format: ExportFormat): AsyncGenerator<string> {
    if (format === 'csv') yield csvHeader();
    const line = format === 'csv' ? csvRow : ndjsonRow;
    for await (const batch of this.queries.scan(filter, EXPORT_BATCH)) {
      for (let i = 0; i < batch.length; i += EXPORT_CHUNK)
        yield batch
          .slice(i, i + EXPORT_CHUNK)
          .map(line)
          .join('');
    }
  }
}
