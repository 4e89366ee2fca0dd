// Video management and uploads over HTTP.
import { Module } from '@nestjs/common';
import { VideosModule } from '@reelguard/videos';
import { UploadService } from './upload.service.js';
import { VideosController } from './videos.controller.js';
import { VideosService } from './videos.service.js';

@Module({
  imports: [VideosModule],
  controllers: [VideosController],
  providers: [VideosService, UploadService],
  exports: [VideosService],
})
export class VideosApiModule {}
