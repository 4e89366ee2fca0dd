// The audit trail over HTTP (API.md "Audit"): read-only, for auditors and admins. Nothing here
// can change or delete an entry.
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { StatsPoint, VerifyReport } from '@reelguard/audit';
import { Roles } from '../auth/decorators.js';
import { AuditService, type AccessLogPageResponse } from './audit.service.js';

const FILTER_DOCS = [
  { name: 'videoId', required: false },
  { name: 'userId', required: false, description: 'UUID' },
  { name: 'sessionId', required: false },
  {
    name: 'action',
    required: false,
    description: 'login, playback.start, manifest, playlist, segment, key, session.revoke, video.* …',
  },
  { name: 'outcome', required: false, enum: ['granted', 'denied'] },
  { name: 'from', required: false, description: 'ISO 8601, inclusive' },
  { name: 'to', required: false, description: 'ISO 8601, exclusive' },
];

function documentFilters(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const doc of FILTER_DOCS) ApiQuery(doc)(target, key, descriptor);
  };
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'admin')
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get('access-logs')
  @documentFilters()
  @ApiQuery({ name: 'limit', required: false, description: '1–1000 (clamped), default 100' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  list(@Query() query: Record<string, unknown>): Promise<AccessLogPageResponse> {
    return this.audit.list(query);
  }

  @Get('access-logs/export')
  @documentFilters()
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'ndjson'] })
  @ApiProduces('text/csv', 'application/x-ndjson')
  export(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    return this.audit.export(query, res);
  }

  @Get('verify')
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  verify(@Query() query: Record<string, unknown>): Promise<VerifyReport> {
    return this.audit.verify(query);
  }

  @Get('stats')
  @ApiQuery({ name: 'videoId', required: false })
  @ApiQuery({ name: 'userId', required: false })
  @ApiQuery({ name: 'sessionId', required: false })
  @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'outcome', required: false, enum: ['granted', 'denied'] })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'bucket', required: false, enum: ['hour', 'day'] })
  stats(@Query() query: Record<string, unknown>): Promise<StatsPoint[]> {
    return this.audit.stats(query);
  }
}
