// Playback session routes (API.md "Playback"): start, heartbeat, end, and the admin's list.
import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '../../auth/decorators.js';
import { parseListQuery, setContentRange } from '../../common/list-query.js';
import { PlaybackSessionsService, type PlaybackStarted } from './playback-sessions.service.js';
import type { LiveSessionFilter, LiveSessionView } from './session-repository.js';

const SORTABLE = ['startedAt', 'lastSeenAt', 'expiresAt'] as const;

@ApiTags('playback')
@ApiBearerAuth()
@Controller()
export class PlaybackSessionsController {
  constructor(@Inject(PlaybackSessionsService) private readonly sessions: PlaybackSessionsService) {}

  @Post('videos/:key/playback')
  @ApiOperation({ summary: 'Starts a playback session; at the per-user limit the oldest live session is closed.' })
  start(@Param('key') key: string, @CurrentUser() user: AuthUser, @Req() req: Request): Promise<PlaybackStarted> {
    return this.sessions.start(user, key, req);
  }

  @Post('playback-sessions/:sessionId/heartbeat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Keeps a session alive; 404 for no such session, 410 for one that has ended.' })
  heartbeat(
    @Param('sessionId') sessionId: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ): Promise<{ expiresAt: string }> {
    return this.sessions.heartbeat(user, sessionId, req);
  }

  @Delete('playback-sessions/:sessionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends a session (its owner or an admin); every token of it is refused within a second.' })
  end(@Param('sessionId') sessionId: string, @CurrentUser() user: AuthUser, @Req() req: Request): Promise<void> {
    return this.sessions.end(user, sessionId, req);
  }

  @Get('playback-sessions')
  @Roles('admin')
  @ApiOperation({ summary: 'Live sessions with user, video, start, last heartbeat and address.' })
  async list(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LiveSessionView[]> {
    const list = parseListQuery(query, SORTABLE, 'startedAt');
    const { userId, videoId } = list.filter;
    const filter: LiveSessionFilter = {
      ...(typeof userId === 'string' && { userId: userId.slice(0, 64) }),
      ...(typeof videoId === 'string' && { videoId: videoId.slice(0, 64) }),
    };
    const { items, total } = await this.sessions.list(filter, {
      offset: list.offset,
      limit: list.limit,
      sort: list.sortField,
      order: list.sortOrder,
    });
    setContentRange(res, 'playback-sessions', list.offset, items.length, total);
    return items;
  }
}
