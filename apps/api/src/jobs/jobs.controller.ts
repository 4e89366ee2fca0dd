// The transcode queue routes (admins only): counts per state, failed jobs, retry.
import { Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../auth/decorators.js';
import { JobsService, type FailedJobResponse, type RetryResponse } from './jobs.service.js';
import type { QueueCounts } from './transcode-queue.js';

const requestId = (req: Request): string => String((req as Request & { id?: unknown }).id ?? 'none');

@ApiTags('jobs')
@ApiBearerAuth()
@Roles('admin')
@Controller('jobs/transcode')
export class JobsController {
  constructor(@Inject(JobsService) private readonly jobs: JobsService) {}

  @Get('counts')
  counts(): Promise<QueueCounts> {
    return this.jobs.counts();
  }

  @Get('failed')
  failed(): Promise<FailedJobResponse[]> {
    return this.jobs.failed();
  }

  @Post(':id/retry')
  @HttpCode(202)
  retry(@Param('id') id: string, @CurrentUser() user: AuthUser, @Req() req: Request): Promise<RetryResponse> {
    return this.jobs.retry(user, id, requestId(req));
  }
}
