// Video management decisions for the API: who may see what, and what a delete must clean up.
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ChangeVideoMetadata,
  DeleteVideo,
  PublishVideo,
  UnpublishVideo,
  type CommandContext,
  type MetadataChanges,
} from '@reelguard/domain';
import { ObjectStorage } from '@reelguard/storage';
import { VideoQueries, type VideoListFilter, type VideoRow, type VideoSortField } from '@reelguard/videos';
import type { AuthUser } from '../auth/decorators.js';
import type { ListQuery } from '../common/list-query.js';

const ID = /^[A-Za-z0-9_-]{16,64}$/;
const STATUSES = new Set(['uploaded', 'processing', 'ready', 'failed']);

export function canSeeEverything(user: AuthUser): boolean {
  return user.role === 'admin' || user.role === 'auditor';
}

@Injectable()
export class VideosService {
  private readonly logger = new Logger(VideosService.name);

  constructor(
    @Inject(VideoQueries) private readonly queries: VideoQueries,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ObjectStorage) private readonly storage: ObjectStorage,
  ) {}

  /** A video the caller may see, or 404 (also for videos that exist but are hidden from them). */
  async visible(user: AuthUser, id: string): Promise<VideoRow> {
    const row = ID.test(id) ? await this.queries.get(id) : null;
    if (!row || (!canSeeEverything(user) && !(row.published && row.status === 'ready'))) {
      throw new NotFoundException('No such video.');
    }
    return row;
  }

  async list(user: AuthUser, query: ListQuery<VideoSortField>) {
    const { q, status, published } = query.filter;
    const filter: VideoListFilter = { visibleToViewers: !canSeeEverything(user) };
    if (typeof q === 'string' && q.trim()) filter.q = q.trim().slice(0, 200);
    if (typeof status === 'string' && STATUSES.has(status)) filter.status = status as VideoRow['status'];
    if (typeof published === 'boolean') filter.published = published;
    return this.queries.list(filter, {
      offset: query.offset,
      limit: query.limit,
      sort: query.sortField,
      order: query.sortOrder,
    });
  }

  async change(user: AuthUser, id: string, correlationId: string, changes: MetadataChanges): Promise<VideoRow> {
    await this.visible(user, id);
    await this.commands.execute(new ChangeVideoMetadata(this.context(user, id, correlationId), changes));
    return this.visible(user, id);
  }

  async publish(user: AuthUser, id: string, correlationId: string, publish: boolean): Promise<VideoRow> {
    await this.visible(user, id);
    const context = this.context(user, id, correlationId);
    await this.commands.execute(publish ? new PublishVideo(context) : new UnpublishVideo(context));
    return this.visible(user, id);
  }

  async delete(user: AuthUser, id: string, correlationId: string): Promise<void> {
    await this.visible(user, id);
    // The event first: from this moment streaming refuses the video; the bytes follow.
    await this.commands.execute(new DeleteVideo(this.context(user, id, correlationId)));
    try {
      await this.storage.deletePrefix(`videos/${id}/`);
    } catch (error) {
      this.logger.error(`objects of deleted video ${id} could not be removed yet: ${String(error)}`);
    }
  }

  async events(user: AuthUser, id: string) {
    const row = ID.test(id) ? await this.queries.getIncludingDeleted(id) : null;
    if (!row) throw new NotFoundException('No such video.');
    return this.queries.history(id);
  }

  private context(user: AuthUser, videoId: string, correlationId: string): CommandContext {
    return { videoId, actor: user.id, correlationId };
  }
}
