// /health: database, Redis and storage, each with a short time limit; 503 names what is down.
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ObjectStorage } from '@reelguard/storage';
import { Public } from '../auth/decorators.js';

type CheckState = 'ok' | 'down';

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Redis) private readonly redis: Redis,
    @Inject(ObjectStorage) private readonly storage: ObjectStorage,
  ) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const probe = async (work: () => Promise<unknown>): Promise<CheckState> => {
      try {
        await within(2000, work());
        return 'ok';
      } catch {
        return 'down';
      }
    };
    const [database, redis, storage] = await Promise.all([
      probe(() => this.db.query('SELECT 1')),
      probe(() => this.redis.ping()),
      probe(() => this.storage.ping()),
    ]);
    const checks = { database, redis, storage };
    const down = Object.entries(checks)
      .filter(([, state]) => state === 'down')
      .map(([name]) => name);
    res.setHeader('Cache-Control', 'no-store');
    if (down.length > 0) {
      res.status(503);
      return { status: 'error', checks, message: `Unavailable: ${down.join(', ')}.` };
    }
    return { status: 'ok', checks };
  }
}
