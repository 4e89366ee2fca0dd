// Start-up checks shared by the API and the worker: each dependency is tried once, and a
// failure stops the process with one line naming it and what to check.
import { Redis } from 'ioredis';
import type { Config } from '@reelguard/config';
import { describeDatabaseError, ensureDatabase } from '@reelguard/persistence';
import { createStorage } from './infrastructure.module.js';

export function exitWith(processName: string, message: string): never {
  process.stderr.write(`${processName}: ${message}\n`);
  process.exit(1);
}

export async function preflight(config: Config, processName: string): Promise<void> {
  try {
    await ensureDatabase(config.DATABASE_URL);
  } catch (error) {
    exitWith(processName, describeDatabaseError(error, config.DATABASE_URL));
  }
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    exitWith(
      processName,
      `cannot reach Redis at ${new URL(config.REDIS_URL).host} (${(error as Error).message}): is it running? Check REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
  const storage = createStorage(config);
  try {
    await storage.ensureBucket();
  } catch {
    exitWith(
      processName,
      `cannot reach object storage at ${config.S3_ENDPOINT_RESOLVED} (bucket ${config.S3_BUCKET}): check S3_ENDPOINT and the S3 credentials.`,
    );
  } finally {
    storage.destroy();
  }
}
