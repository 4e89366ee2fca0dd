// Where a video's published HLS files live in object storage: `videos/{id}/hls/{name}`, with
// `name` one of the flat resource names. Object keys are built here only, from names the
// caller has already parsed, and never leave the server.
import { Inject, Injectable } from '@nestjs/common';
import { ObjectNotFoundError, ObjectStorage, type ObjectStream } from '@reelguard/storage';

export function hlsObjectKey(videoId: string, name: string): string {
  return `videos/${videoId}/hls/${name}`;
}

@Injectable()
export class HlsObjects {
  constructor(@Inject(ObjectStorage) private readonly storage: ObjectStorage) {}

  /** The text of a playlist or track; null when it is not stored (yet). */
  async readText(videoId: string, name: string): Promise<string | null> {
    try {
      return (await this.storage.getBuffer(hlsObjectKey(videoId, name))).toString('utf8');
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return null;
      throw error;
    }
  }

  /** A stream of the object (or of one byte range of it); null when it is not stored. */
  async open(videoId: string, name: string, range?: { start: number; end: number }): Promise<ObjectStream | null> {
    try {
      return await this.storage.getStream(hlsObjectKey(videoId, name), range);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return null;
      throw error;
    }
  }
}
