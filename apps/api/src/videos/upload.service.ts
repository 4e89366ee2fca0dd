// Streams a multipart upload straight into object storage (never the whole file in memory or
// on disk), sniffs its first bytes, enforces the size limit and per-user concurrency, and
// records the video only once the bytes are stored. Any refusal or a client that goes away
// leaves no object, row or event behind.
import { randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import busboy from 'busboy';
import type { Request } from 'express';
import { Redis } from 'ioredis';
import { AppConfig } from '@reelguard/config';
import {
  RecordUpload,
  defaultTitleFor,
  normaliseDescription,
  normaliseTitle,
  ValidationError,
} from '@reelguard/domain';
import { SNIFF_BYTES, sniffSource } from '@reelguard/media';
import { ObjectStorage } from '@reelguard/storage';
import type { AuthUser } from '../auth/decorators.js';

export class UploadRefused extends HttpException {
  constructor(status: number, message: string) {
    super({ statusCode: status, message }, status);
  }
}

/** Holds back the first bytes until they are sniffed; a refused head fails the stream. */
class SniffingStream extends Transform {
  private head: Buffer[] = [];
  private headBytes = 0;
  private decided = false;
  bytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.decided) return done(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= SNIFF_BYTES) return this.decide(done);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.decided) return this.decide(done);
    done();
  }

  private decide(done: TransformCallback): void {
    this.decided = true;
    const head = Buffer.concat(this.head);
    this.head = [];
    if (head.length === 0) return done(new UploadRefused(400, 'The file is empty: choose a video file with content.'));
    const refusal = sniffSource(head.subarray(0, SNIFF_BYTES));
    if (refusal)
      return done(new UploadRefused(415, `${refusal.reason} Upload a video file (for example MP4, MOV, MKV or WebM).`));
    done(null, head);
  }
}

export interface UploadAccepted {
  id: string;
  status: 'uploaded';
}

interface Parsed {
  fields: Map<string, string>;
  file?: { filename: string; mimeType: string; bytes: number };
}

@Injectable()
export class UploadService {
  private readonly logger = new Logger(UploadService.name);

  constructor(
    @Inject(ObjectStorage) private readonly storage: ObjectStorage,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async upload(req: Request, user: AuthUser, correlationId: string): Promise<UploadAccepted> {
    const contentType = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data;\s*boundary=/i.test(contentType)) {
      throw new UploadRefused(400, 'Send the video as multipart/form-data with the file in a field named "file".');
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > this.config.UPLOAD_MAX_BYTES + 1024 * 1024) {
      throw new UploadRefused(413, this.tooLargeMessage());
    }
    const slot = `${this.config.REDIS_PREFIX}:uploads:${user.id}`;
    const running = await this.redis.incr(slot);
    await this.redis.expire(slot, 6 * 3600);
    try {
      if (running > this.config.UPLOAD_MAX_CONCURRENT_PER_USER) {
        throw new UploadRefused(
          429,
          `You already have ${running - 1} uploads running: wait for one to finish, then try again.`,
        );
      }
      return await this.receive(req, user, correlationId);
    } finally {
      await this.redis.decr(slot);
    }
  }

  private tooLargeMessage(): string {
    const gib = this.config.UPLOAD_MAX_BYTES / 1024 ** 3;
    const size = gib >= 1 ? `${+gib.toFixed(2)} GiB` : `${Math.round(this.config.UPLOAD_MAX_BYTES / 1024 ** 2)} MiB`;
    return `The file is larger than the upload limit of ${size}: compress or trim it, then upload again.`;
  }

  private async receive(req: Request, user: AuthUser, correlationId: string): Promise<UploadAccepted> {
    const videoId = randomBytes(16).toString('base64url');
    const sourceKey = `videos/${videoId}/source`;
    const abort = new AbortController();
    let failure: UploadRefused | null = null;
    const fail = (error: UploadRefused) => {
      failure ??= error;
      abort.abort();
    };
    const parsed: Parsed = { fields: new Map() };
    let stored: Promise<unknown> | null = null;

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          files: 1,
          fileSize: this.config.UPLOAD_MAX_BYTES,
          fields: 10,
          fieldSize: 16 * 1024,
          parts: 20,
          fieldNameSize: 100,
        },
      });
    } catch {
      throw new UploadRefused(400, 'The multipart body is malformed: send multipart/form-data with a "file" field.');
    }

    const finished = new Promise<void>((resolve) => {
      parser.on('file', (name, stream, info) => {
        if (name !== 'file') {
          stream.resume();
          return fail(
            new UploadRefused(
              400,
              `Unexpected file field "${name.slice(0, 40)}": put the video in a field named "file".`,
            ),
          );
        }
        const sniffer = new SniffingStream();
        parsed.file = { filename: info.filename ?? '', mimeType: info.mimeType ?? '', bytes: 0 };
        stream.on('limit', () => fail(new UploadRefused(413, this.tooLargeMessage())));
        stream.on('error', () =>
          fail(new UploadRefused(400, 'The upload was cut off before the file ended: upload it again.')),
        );
        // The sniffer fails on its own only to refuse the head; any other error is storage
        // destroying the stream it feeds, answered by the rejected put below (503).
        sniffer.on('error', (error) => {
          if (error instanceof UploadRefused) fail(error);
        });
        stream.pipe(sniffer);
        stored = this.storage
          .putStream(sourceKey, sniffer, { contentType: 'application/octet-stream', signal: abort.signal })
          .then(() => {
            parsed.file!.bytes = sniffer.bytes;
          })
          .catch((error: unknown) => {
            if (!failure) {
              this.logger.error(`storing upload ${videoId} failed: ${String(error)}`);
              fail(
                new UploadRefused(503, 'Object storage is unavailable right now: try the upload again in a moment.'),
              );
            }
          });
      });
      parser.on('field', (name, value, info) => {
        if (info.valueTruncated)
          return fail(
            new UploadRefused(
              400,
              `The field "${name.slice(0, 40)}" is too long: keep titles under 200 and descriptions under 5000 characters.`,
            ),
          );
        if (name !== 'title' && name !== 'description')
          return fail(
            new UploadRefused(
              400,
              `Unknown field "${name.slice(0, 40)}": only file, title and description are accepted.`,
            ),
          );
        parsed.fields.set(name, value);
      });
      parser.on('filesLimit', () => fail(new UploadRefused(400, 'Send exactly one file per upload.')));
      parser.on('fieldsLimit', () =>
        fail(new UploadRefused(400, 'Too many fields: only file, title and description are accepted.')),
      );
      parser.on('partsLimit', () =>
        fail(new UploadRefused(400, 'Too many parts: only file, title and description are accepted.')),
      );
      parser.on('error', () =>
        fail(new UploadRefused(400, 'The multipart body is malformed or was cut off: upload the file again.')),
      );
      parser.on('close', () => resolve());
      req.on('aborted', () => fail(new UploadRefused(400, 'The client went away before the upload finished.')));
      req.on('close', () => {
        if (!req.complete) fail(new UploadRefused(400, 'The client went away before the upload finished.'));
        resolve();
      });
      abort.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    req.pipe(parser);
    await finished;
    if (stored) await stored;

    const refuse = async (error: UploadRefused): Promise<never> => {
      req.unpipe(parser);
      await this.storage.deletePrefix(`videos/${videoId}/`).catch(() => undefined);
      throw error;
    };
    if (failure) return refuse(failure);
    if (!parsed.file)
      return refuse(new UploadRefused(400, 'No file received: put the video in a multipart field named "file".'));
    if (parsed.file.bytes === 0)
      return refuse(new UploadRefused(400, 'The file is empty: choose a video file with content.'));

    let title: string;
    let description: string;
    try {
      const given = parsed.fields.get('title');
      title = normaliseTitle(
        given !== undefined && given.trim() !== '' ? given : defaultTitleFor(parsed.file.filename),
      );
      description = normaliseDescription(parsed.fields.get('description') ?? '');
    } catch (error) {
      return refuse(
        new UploadRefused(
          400,
          error instanceof ValidationError ? error.message : 'The title or description is not valid.',
        ),
      );
    }
    try {
      await this.commands.execute(
        new RecordUpload(
          { videoId, actor: user.id, correlationId },
          {
            title,
            description,
            sourceKey,
            sourceBytes: parsed.file.bytes,
            originalFilename: parsed.file.filename,
            contentType: parsed.file.mimeType,
          },
        ),
      );
    } catch (error) {
      await this.storage.deletePrefix(`videos/${videoId}/`).catch(() => undefined);
      throw error;
    }
    return { id: videoId, status: 'uploaded' };
  }
}
