// The guarded streaming routes (API.md "Playback"). Players cannot send the Bearer header, so
// these routes skip the access-token guard and are guarded by the playback token in `?token=`.
// Same-origin GETs of stream resources are answered by the streaming lane before Express and
// Nest see them (ADR 0054); these handlers answer the rest (cross-origin, HEAD, encoded or
// malformed names, the latter 404 and audited) through the same StreamingService.
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { MASTER_PLAYLIST_NAME } from '@reelguard/media';
import { Public } from '../../auth/decorators.js';
import { StreamingService } from './streaming.service.js';

@ApiTags('playback')
@Controller('videos')
export class StreamingController {
  constructor(@Inject(StreamingService) private readonly streaming: StreamingService) {}

  @Public()
  @Get(':key/manifest.m3u8')
  @ApiOperation({ summary: 'The master playlist of a playback session; every URI in it carries its own token.' })
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('application/vnd.apple.mpegurl')
  manifest(@Param('key') key: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.streaming.serve(req, res, key, MASTER_PLAYLIST_NAME, true);
  }

  @Public()
  @Get(':key/:segment')
  @ApiOperation({ summary: 'A variant playlist, init segment, media segment or the key, by name, with its own token.' })
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('application/vnd.apple.mpegurl', 'video/mp4', 'application/octet-stream')
  resource(
    @Param('key') key: string,
    @Param('segment') segment: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.streaming.serve(req, res, key, segment, false);
  }
}
