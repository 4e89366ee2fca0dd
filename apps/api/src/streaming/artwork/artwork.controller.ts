// Poster and storyboard images and track, with the normal access token (the frontends fetch
// them into blob URLs).
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type AuthUser } from '../../auth/decorators.js';
import { ArtworkService } from './artwork.service.js';

@ApiTags('videos')
@ApiBearerAuth()
@Controller('videos')
export class ArtworkController {
  constructor(@Inject(ArtworkService) private readonly artwork: ArtworkService) {}

  @Get(':id/artwork/:name')
  @ApiOperation({ summary: 'poster.jpg, storyboard.jpg or storyboard.vtt of a video the caller may see.' })
  async get(
    @Param('id') id: string,
    @Param('name') name: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { body, contentType } = await this.artwork.get(user, id, name, req);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.status(200).end(body);
  }
}
