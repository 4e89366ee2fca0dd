// Video management routes (API.md "Videos"): thin, each hands a validated request to a service.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { Audited } from '../audit/admin-audit.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/decorators.js';
import { parseListQuery, setContentRange } from '../common/list-query.js';
import { UploadService, type UploadAccepted } from './upload.service.js';
import { toVideoResponse, type VideoResponse } from './video-response.js';
import { VideosService } from './videos.service.js';

export class ChangeVideoDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'title must be text' })
  @MaxLength(1000, { message: 'title must be at most 200 characters' })
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString({ message: 'description must be text' })
  @MaxLength(20000, { message: 'description must be at most 5000 characters' })
  description?: string;
}

const requestId = (req: Request): string => String((req as Request & { id?: unknown }).id ?? 'none');

@ApiTags('videos')
@ApiBearerAuth()
@Controller('videos')
export class VideosController {
  constructor(
    @Inject(VideosService) private readonly videos: VideosService,
    @Inject(UploadService) private readonly uploads: UploadService,
  ) {}

  @Post('upload')
  @Roles('admin')
  @Audited('video.upload')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  upload(@Req() req: Request, @CurrentUser() user: AuthUser): Promise<UploadAccepted> {
    return this.uploads.upload(req, user, requestId(req));
  }

  @Get()
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VideoResponse[]> {
    const list = parseListQuery(
      query,
      ['createdAt', 'updatedAt', 'title', 'status', 'durationSec'] as const,
      'createdAt',
    );
    const { items, total } = await this.videos.list(user, list);
    setContentRange(res, 'videos', list.offset, items.length, total);
    return items.map(toVideoResponse);
  }

  @Get(':id')
  async get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<VideoResponse> {
    return toVideoResponse(await this.videos.visible(user, id));
  }

  @Patch(':id')
  @Roles('admin')
  @Audited('video.update')
  async change(
    @Param('id') id: string,
    @Body() dto: ChangeVideoDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ): Promise<VideoResponse> {
    return toVideoResponse(await this.videos.change(user, id, requestId(req), dto));
  }

  @Post(':id/publish')
  @Roles('admin')
  @Audited('video.publish')
  @HttpCode(200)
  async publish(@Param('id') id: string, @CurrentUser() user: AuthUser, @Req() req: Request): Promise<VideoResponse> {
    return toVideoResponse(await this.videos.publish(user, id, requestId(req), true));
  }

  @Post(':id/unpublish')
  @Roles('admin')
  @Audited('video.unpublish')
  @HttpCode(200)
  async unpublish(@Param('id') id: string, @CurrentUser() user: AuthUser, @Req() req: Request): Promise<VideoResponse> {
    return toVideoResponse(await this.videos.publish(user, id, requestId(req), false));
  }

  @Delete(':id')
  @Roles('admin')
  @Audited('video.delete')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentUser() user: AuthUser, @Req() req: Request): Promise<void> {
    await this.videos.delete(user, id, requestId(req));
  }

  @Get(':id/events')
  @Roles('admin', 'auditor')
  events(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.videos.events(user, id);
  }
}
